// The intake websites form: one origin per line (scheme, host and port only, e.g. https://help.example.org).
import { z } from 'zod';
import { readFields } from '../form-fields';

export const MAX_ORIGINS = 20;

/** The origins from the textarea, or the first line that is not one. */
export function parseOrigins(text: string): { ok: true; origins: string[] } | { ok: false; error: string } {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const origins: string[] = [];
  for (const line of lines) {
    let origin: string | undefined;
    try {
      const url = new URL(line);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin === line.replace(/\/$/, ''))
        origin = url.origin;
    } catch {
      origin = undefined;
    }
    if (!origin) return { ok: false, error: `"${line}" is not an origin: write it like https://help.example.org` };
    if (!origins.includes(origin)) origins.push(origin);
  }
  if (origins.length > MAX_ORIGINS) return { ok: false, error: `At most ${MAX_ORIGINS} origins.` };
  return { ok: true, origins };
}

// Not trimmed as a whole: parseOrigins trims each line.
const originsFields = z.object({ origins: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string()) });

/** The textarea as sent (anything but text reads as empty: no origins). */
export const readOriginsForm = (body: unknown): { origins: string } => readFields(originsFields, body);
