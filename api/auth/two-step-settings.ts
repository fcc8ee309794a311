// Gathers what the two-step account page shows (api/auth/two-step-settings-view.ts) and answers with it: the
// TOTP routes and the passkey routes both end on this page.
import type { Request, Response } from 'express';
import type { Stores } from '../../db';
import { hasRole } from '../../domain/roles';
import { sessionCsrfToken } from './csrf';
import { otpauthUri } from './totp';
import { hasSecondFactor } from './two-step';
import { twoStepSettingsPage } from './two-step-settings-view';

export interface SettingsOutcome {
  error?: string;
  note?: string;
  codes?: string[];
  status?: number;
}

export async function renderTwoStepSettings(
  deps: { stores: Stores; sessionSecret: string },
  req: Request,
  res: Response,
  opts: SettingsOutcome = {},
): Promise<void> {
  const { stores } = deps;
  const user = req.user!;
  const mine = await stores.accounts.totp(user.id);
  const passkeys = await stores.passkeys.listFor(user.id);
  const codesLeft = mine.secret || passkeys.length ? await stores.accounts.recoveryCodesLeft(user.id) : 0;
  const coordinator = hasRole(user, 'coordinator');
  // Coordinators reset colleagues' (anyone of the team who set it up); others see only their own.
  const others = coordinator
    ? (await stores.users.listPeople(user.workspaceId)).filter((u) => u.id !== user.id && !u.deactivatedAt)
    : [];
  const resettable = [];
  for (const u of others) if (await hasSecondFactor(stores, u.id)) resettable.push(u);
  const workspace = await stores.workspaces.getById(user.workspaceId);
  const uri = mine.pending
    ? otpauthUri({ issuer: `Peer Dispatch ${workspace?.name ?? ''}`.trim(), account: user.email, secret: mine.pending })
    : '';
  res
    .status(opts.status ?? (opts.error ? 400 : 200))
    .type('html')
    .send(
      twoStepSettingsPage({
        user,
        csrf: sessionCsrfToken(deps.sessionSecret, req),
        note: opts.note,
        error: opts.error,
        codes: opts.codes,
        totp: { on: !!mine.secret, pending: mine.pending, uri },
        codesLeft,
        passkeys,
        counselorTwoStep: coordinator ? !!workspace?.counselorTwoStep : undefined,
        resettable,
      }),
    );
}
