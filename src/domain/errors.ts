// Errors every layer can raise and the HTTP layer turns into { error: { code, message: {vi,en}, fields } }.

export interface Bilingual {
  vi: string;
  en: string;
}

export interface FieldError {
  path: string;
  message: Bilingual;
}

/** `unprocessable` (422): well-formed input that contradicts what is on record (an amount other than the one requested, an idempotency key replayed with another body). */
export type ErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable' | 'locked' | 'too_many' | 'unavailable';

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    readonly messages: Bilingual,
    readonly fields: FieldError[] = [],
  ) {
    super(messages.en);
    this.name = 'AppError';
  }
}

/** 429: carries how long to wait, for the Retry-After header and the message. */
export class TooManyRequests extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    code = 'rate_limited',
  ) {
    super('too_many', code, waitMessage(retryAfterSeconds));
  }
}

/** "thử lại sau 40 giây" / "try again in 40 seconds"; minutes from two minutes up. */
export function waitMessage(seconds: number): Bilingual {
  const s = Math.max(1, Math.ceil(seconds));
  const [vi, en] = s >= 120 ? [`${Math.ceil(s / 60)} phút`, `${Math.ceil(s / 60)} minutes`] : [`${s} giây`, `${s} second${s === 1 ? '' : 's'}`];
  return { vi: `Quá nhiều yêu cầu; vui lòng thử lại sau ${vi}`, en: `Too many requests; please try again in ${en}` };
}

export const invalid = (code: string, messages: Bilingual, fields: FieldError[] = []) => new AppError('invalid', code, messages, fields);

export const fieldInvalid = (path: string, message: Bilingual) =>
  new AppError('invalid', 'validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, [{ path, message }]);

export const forbidden = (messages: Bilingual = { vi: 'Bạn không có quyền thực hiện thao tác này', en: 'You are not allowed to do this' }) =>
  new AppError('forbidden', 'forbidden', messages);

export const notFound = (what: Bilingual) =>
  new AppError('not_found', 'not_found', { vi: `Không tìm thấy ${what.vi}`, en: `${what.en} not found` });

export const staleVersion = () =>
  new AppError('conflict', 'stale_version', {
    vi: 'Bản ghi đã được người khác thay đổi; hãy tải lại và thử lại',
    en: 'The record was changed by someone else; reload and try again',
  });

/** The message of whatever was thrown: an Error's (or any object's) message, else the value as text. */
export function messageOf(e: unknown): string {
  if (e !== null && typeof e === 'object' && 'message' in e && typeof e.message === 'string') return e.message;
  return String(e);
}
