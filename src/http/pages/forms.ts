import { AppError, type Bilingual, type FieldError } from '../../domain/errors.js';
import { STATUS } from '../errors.js';

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
/** `error`: the use case's own error, when there was one (a 429 carries its wait). */
export type FormFailure = { status: number; message: Bilingual; fields: FieldError[]; error?: AppError };

export async function attempt<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; failure: FormFailure }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof AppError && e.kind !== 'unavailable') {
      const status = STATUS[e.kind];
      return { ok: false, failure: { status, message: e.messages, fields: e.fields, error: e } };
    }
    throw e;
  }
}

/** A file from a multipart form, read into memory (@fastify/multipart enforces the size limit while reading). */
export interface PostedFile {
  field: string;
  name: string;
  type: string;
  bytes: Buffer;
}

type Part = { type: 'field'; value: unknown } | { type: 'file'; filename: string; mimetype: string; toBuffer(): Promise<Buffer> };

/**
 * An urlencoded or multipart body (as buffered with attachFieldsToBody) → every value of every text field, and the
 * non-empty files. A file input left empty arrives as a part without a name or bytes, and is dropped.
 */
export async function readPosted(body: unknown): Promise<{ fields: Record<string, string[]>; files: PostedFile[] }> {
  const fields: Record<string, string[]> = {};
  const files: PostedFile[] = [];
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string') (fields[key] ??= []).push(v);
      else if (v && typeof v === 'object' && (v as Part).type === 'field') (fields[key] ??= []).push(String((v as { value: unknown }).value ?? ''));
      else if (v && typeof v === 'object' && (v as Part).type === 'file' && typeof (v as { toBuffer?: unknown }).toBuffer === 'function') {
        const p = v as Extract<Part, { type: 'file' }>;
        if (!p.filename) continue;
        const bytes = await p.toBuffer();
        if (bytes.length > 0) files.push({ field: key, name: p.filename, type: p.mimetype, bytes });
      }
    }
  }
  return { fields, files };
}

/** One value per field, the last one sent winning (a hidden default followed by a checkbox of the same name). */
export function lastValues(fields: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.at(-1) ?? '']));
}
