import { AppError, type Bilingual, type FieldError } from '../../domain/errors.js';

export type FormBody = Record<string, string | string[] | undefined>;

export function str(body: FormBody, name: string): string {
  const v = body[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
}

export function optStr(body: FormBody, name: string): string | null {
  const v = str(body, name);
  return v === '' ? null : v;
}

export function all(body: FormBody, name: string): string[] {
  const v = body[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export function intOrNull(body: FormBody, name: string): number | null {
  const v = str(body, name);
  if (v === '') return null;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : NaN;
}

/** Outcome of a use case called from a form: an AppError in the 4xx range is shown on the form again. */
export type FormFailure = { status: number; message: Bilingual; fields: FieldError[] };

export async function attempt<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; failure: FormFailure }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof AppError && e.kind !== 'unavailable') {
      const status = { invalid: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, locked: 423, too_many: 429 }[e.kind];
      return { ok: false, failure: { status, message: e.messages, fields: e.fields } };
    }
    throw e;
  }
}
