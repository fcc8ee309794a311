// The care section's supervisor form: a lead's or coordinator's id, or blank for none (whether the id is one of
// the team's leads or coordinators is the store's to say).
import { z } from 'zod';
import { readFields, textField } from '../form-fields';

const supervisorFields = z.object({ supervisorId: textField.transform((s) => (s === '' ? null : s)) });

/** The supervisor chosen: an id (trimmed), or null for none; anything but text reads as none. */
export const readSupervisorForm = (body: unknown): { supervisorId: string | null } =>
  readFields(supervisorFields, body);
