// Requester-facing text in several languages. Each api/i18n/<code>.json is one language (flat keys, English
// is the reference): adding a language is adding a file. t() falls back to English, then to the key itself.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type Catalog = Record<string, string>;
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

export const DEFAULT_LANGUAGE = 'en';

function loadCatalogs(dir: string): Record<string, Catalog> {
  const out: Record<string, Catalog> = {};
  for (const file of readdirSync(dir)) {
    const m = /^([a-z]{2,3}(?:-[A-Z]{2})?)\.json$/.exec(file);
    if (m) out[m[1]] = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Catalog;
  }
  return out;
}

export const CATALOGS: Record<string, Catalog> = loadCatalogs(__dirname);

/** Languages with a translation file, English first. */
export const AVAILABLE_LANGUAGES: string[] = Object.keys(CATALOGS).sort((a, b) =>
  a === DEFAULT_LANGUAGE ? -1 : b === DEFAULT_LANGUAGE ? 1 : a.localeCompare(b),
);

/** Each language's name in itself ("Русский"), for language switchers and settings. */
export const LANGUAGE_NAMES: Record<string, string> = Object.fromEntries(
  AVAILABLE_LANGUAGES.map((code) => [code, CATALOGS[code]['language.name'] ?? code]),
);

export function t(lang: string, key: string, vars: Record<string, string | number> = {}): string {
  const text = CATALOGS[lang]?.[key] ?? CATALOGS[DEFAULT_LANGUAGE]?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export const translator =
  (lang: string): Translate =>
  (key, vars) =>
    t(lang, key, vars);

/** The first Accept-Language tag the offered languages include ("ru-RU,ru;q=0.9,en;q=0.8" → ru). */
function fromAcceptLanguage(header: string | undefined, offered: string[]): string | undefined {
  if (!header) return undefined;
  const tags = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())).find(Boolean);
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q[1]) : 1 };
    })
    .filter((x) => x.lang && x.q > 0)
    .sort((a, b) => b.q - a.q);
  return tags.find((x) => offered.includes(x.lang))?.lang;
}

/**
 * The language of a requester page: the requester's own choice (?lang=) when the workspace offers it, else
 * the browser's Accept-Language, else the workspace's first language. Only languages with a file count.
 */
export function chooseLanguage(workspaceLanguages: string[], chosen: unknown, acceptLanguage?: string): string {
  const offered = workspaceLanguages.filter((l) => l in CATALOGS);
  if (offered.length === 0) return DEFAULT_LANGUAGE;
  if (typeof chosen === 'string' && offered.includes(chosen)) return chosen;
  return fromAcceptLanguage(acceptLanguage, offered) ?? offered[0];
}
