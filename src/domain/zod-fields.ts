// zod issues as the field errors every layer reports: a path and a reason in both languages. A schema's own message
// is written "vi | en" (see `both`); zod's built-in messages are phrased by its Vietnamese and English locales.
import { z } from 'zod';
import type { Bilingual, FieldError } from './errors.js';

/** A schema message in both languages, split again by `localise`. */
export const both = (vi: string, en: string) => `${vi} | ${en}`;

const vi = z.locales.vi();
const en = z.locales.en();

/** What phrasing reads of an issue: a finished zod issue, or one rebuilt from its flattened form (src/http/errors.ts). */
export interface LocalisableIssue {
  readonly code?: string;
  readonly message?: string;
}

export function localise(issue: LocalisableIssue): Bilingual {
  if (issue.message && issue.message.includes(' | ')) {
    const [v, e] = issue.message.split(' | ');
    return { vi: v!, en: e! };
  }
  const pick = (l: { localeError: z.core.$ZodErrorMap }) => {
    // The locale maps take the raw issue zod is building; a finished issue carries every field they read.
    const r = l.localeError(issue as never);
    return typeof r === 'string' ? r : (r?.message ?? issue.message ?? '');
  };
  return { vi: pick(vi), en: pick(en) };
}

export function zodFields(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldError[] {
  return issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: localise(i) }));
}
