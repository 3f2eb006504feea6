// Input that no handler should ever see: NUL bytes and lone UTF-16 surrogates (PostgreSQL cannot store the first,
// and the second is not text), malformed or over-long URLs, bodies nested deeper than any form of the app. Each is
// refused with a 400 in the documented error shape before routing, validation or a use case can turn it into a 5xx.
import type { FastifyRequest } from 'fastify';
import { AppError, type Bilingual } from '../domain/errors.js';

/** Longer URLs are refused (the longest real one, an inbox search, is a few hundred characters). */
export const MAX_URL_LENGTH = 8192;
/** Deeper JSON is refused: the app's deepest body (an action's payload) has four levels. */
export const MAX_DEPTH = 32;

const BAD_CHAR = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const BAD_CHAR_MESSAGE: Bilingual = {
  vi: 'Chứa ký tự không được phép (ký tự NUL hoặc nửa cặp UTF-16)',
  en: 'Contains a character that is not allowed (NUL or a lone UTF-16 surrogate)',
};

export const badRequest = (code: string, messages: Bilingual, path?: string) =>
  new AppError('invalid', code, messages, path ? [{ path, message: messages }] : []);

const invalidCharacters = (path: string) =>
  new AppError('invalid', 'invalid_characters', { vi: 'Yêu cầu chứa ký tự không được phép', en: 'The request contains a character that is not allowed' }, [
    { path, message: BAD_CHAR_MESSAGE },
  ]);

export const badUrl = () =>
  badRequest('bad_url', { vi: 'Địa chỉ yêu cầu không hợp lệ (mã hóa phần trăm sai)', en: 'The request URL is malformed (bad percent-encoding)' });

export const urlTooLong = () =>
  badRequest('url_too_long', { vi: `Địa chỉ yêu cầu dài quá ${MAX_URL_LENGTH} ký tự`, en: `The request URL is longer than ${MAX_URL_LENGTH} characters` });

/** A path to the first bad string in a parsed value, or null. Multipart parts are read for their values only. */
function findBad(v: unknown, path: string, depth: number): string | null {
  if (typeof v === 'string') return BAD_CHAR.test(v) ? path : null;
  if (v === null || typeof v !== 'object') return null;
  if (depth > MAX_DEPTH) throw badRequest('too_deep', { vi: `Dữ liệu lồng nhau quá ${MAX_DEPTH} tầng`, en: `The data is nested deeper than ${MAX_DEPTH} levels` }, path);
  if (Buffer.isBuffer(v) || ArrayBuffer.isView(v)) return null;
  const part = v as { type?: unknown; fieldname?: unknown; value?: unknown; filename?: unknown; toBuffer?: unknown };
  if (typeof part.fieldname === 'string' && (part.type === 'field' || part.type === 'file')) {
    if (part.type === 'file') return typeof part.filename === 'string' && BAD_CHAR.test(part.filename) ? path : null;
    return findBad(part.value, path, depth + 1);
  }
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) {
      const p = findBad(x, `${path}.${i}`, depth + 1);
      if (p) return p;
    }
    return null;
  }
  for (const [k, x] of Object.entries(v)) {
    if (BAD_CHAR.test(k)) return path;
    const p = findBad(x, `${path}.${k}`, depth + 1);
    if (p) return p;
  }
  return null;
}

/** onRequest: the URL (length, percent-encoding, characters) and the headers. */
export function checkRequestLine(req: FastifyRequest): void {
  const url = req.raw.url ?? req.url;
  if (url.length > MAX_URL_LENGTH) throw urlTooLong();
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.replace(/\+/g, ' '));
  } catch {
    throw badUrl();
  }
  if (BAD_CHAR.test(decoded)) throw invalidCharacters('url');
  for (const [name, value] of Object.entries(req.headers)) {
    const bad = Array.isArray(value) ? value.some((x) => BAD_CHAR.test(x)) : typeof value === 'string' && BAD_CHAR.test(value);
    if (bad) throw invalidCharacters(`headers.${name}`);
  }
}

/** preValidation: the parsed body, query and path parameters. */
export function checkParsedInput(req: FastifyRequest): void {
  for (const [where, value] of [
    ['body', req.body],
    ['querystring', req.query],
    ['params', req.params],
  ] as const) {
    const p = findBad(value, where, 0);
    if (p) throw invalidCharacters(p);
  }
}
