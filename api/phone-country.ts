// The country a team's phone fields read national formats with (intake, profiles, invitations, CSV import).
import type { CountryCode } from 'libphonenumber-js';
import type { Stores } from '../db';
import { teamPhoneCountry } from '../domain/phone';

export async function teamCountryOf(stores: Stores, workspaceId: string): Promise<CountryCode | undefined> {
  const workspace = await stores.workspaces.getById(workspaceId);
  return workspace ? teamPhoneCountry(workspace) : undefined;
}
