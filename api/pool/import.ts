// The CSV import of a pool, as a pure function: every row checked and its problems listed, before anything
// is written. The preview and the confirmation both call it, so what is imported is what was previewed.
import { parse } from 'csv-parse/sync';
import type { Vocabulary } from '../../db';
import type { ImportedCounselor } from '../../db/stores/onboarding-store';
import type { CountryCode } from 'libphonenumber-js';
import { nationalFormatHint, normalizePhone } from '../../domain/phone';
import { EMAIL_RE, parseDay, parseLanguages } from './form';

export const IMPORT_COLUMNS = [
  'name',
  'email',
  'phone',
  'languages',
  'specialisms',
  'lived_experience',
  'qualified_on',
  'programme_trained_on',
] as const;
export const MAX_IMPORT_ROWS = 300;

export interface ImportRow {
  /** The line in the file (the header is line 1). */
  line: number;
  name: string;
  email: string;
  errors: string[];
  counselor?: ImportedCounselor;
}

export interface ImportResult {
  /** A problem with the whole file (no rows then). */
  fileError?: string;
  rows: ImportRow[];
}

/** Several values in one cell: separated by semicolons or "|" (commas separate the cells). */
const cellList = (v: string): string[] =>
  v
    .split(/[;|]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** A vocabulary word by its code or its label, in any case. */
function lookup(words: Record<string, string>, given: string): string | undefined {
  const g = given.toLowerCase();
  return Object.entries(words).find(([code, label]) => code.toLowerCase() === g || label.toLowerCase() === g)?.[0];
}

export function parseImport(
  text: string,
  vocabulary: Vocabulary,
  takenEmails: Set<string>,
  /** The team's country: national formats are read with it. */
  country?: CountryCode,
): ImportResult {
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_')),
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: true,
    });
  } catch (err) {
    return { fileError: `The file is not readable CSV: ${(err as Error).message.split('\n')[0]}`, rows: [] };
  }
  if (records.length === 0) return { fileError: 'The file has no rows under its header.', rows: [] };
  const header = Object.keys(records[0]);
  const missing = ['name', 'email'].filter((c) => !header.includes(c));
  if (missing.length) return { fileError: `The header lacks the column(s): ${missing.join(', ')}.`, rows: [] };
  if (records.length > MAX_IMPORT_ROWS) return { fileError: `At most ${MAX_IMPORT_ROWS} rows at a time.`, rows: [] };

  const seen = new Map<string, number>();
  return {
    rows: records.map((r, i) => {
      const line = i + 2;
      const get = (k: string) => (r[k] ?? '').trim();
      const errors: string[] = [];
      const name = get('name');
      const email = get('email').toLowerCase();
      if (!name || name.length > 100) errors.push('name: missing or longer than 100 characters');
      if (!EMAIL_RE.test(email)) errors.push('email: not a valid address');
      else if (takenEmails.has(email)) errors.push('email: someone already has an account or an invitation with it');
      else if (seen.has(email)) errors.push(`email: the same as line ${seen.get(email)}`);
      if (EMAIL_RE.test(email) && !seen.has(email)) seen.set(email, line);
      let phone: string | null = null;
      if (get('phone')) {
        phone = normalizePhone(get('phone'), country);
        if (!phone) errors.push(`phone: not a phone number (+372 5123 4567${nationalFormatHint(country)})`);
      }
      const languages = parseLanguages(cellList(get('languages')).join(' '));
      if (languages.error) errors.push(`languages: ${languages.error}`);
      const specialisms: string[] = [];
      for (const s of cellList(get('specialisms'))) {
        const code = lookup(vocabulary.specialisms, s);
        if (code) specialisms.push(code);
        else errors.push(`specialisms: "${s}" is not on the team's list`);
      }
      if (cellList(get('specialisms')).length === 0) errors.push('specialisms: at least one');
      const lived: string[] = [];
      for (const s of cellList(get('lived_experience'))) {
        const code = lookup(vocabulary.livedExperience, s);
        if (code) lived.push(code);
        else errors.push(`lived_experience: "${s}" is not on the team's list`);
      }
      const qualified = parseDay(get('qualified_on'), { past: true });
      if (qualified.error) errors.push(`qualified_on: ${qualified.error}`);
      const programme = parseDay(get('programme_trained_on'), { past: true });
      if (programme.error) errors.push(`programme_trained_on: ${programme.error}`);
      return {
        line,
        name,
        email,
        errors,
        counselor: errors.length
          ? undefined
          : {
              name,
              email,
              phone,
              languages: languages.codes,
              specialisms: [...new Set(specialisms)],
              livedExperience: [...new Set(lived)],
              qualifiedOn: qualified.value,
              programmeTrainedOn: programme.value,
            },
      };
    }),
  };
}
