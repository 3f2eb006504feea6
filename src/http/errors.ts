// One error shape for every client: { error: { code, message: {vi,en}, fields: [{path, message}] } }.
import { hasZodFastifySchemaValidationErrors } from '@fastify/type-provider-zod';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, TooManyRequests, type Bilingual, type ErrorKind, type FieldError } from '../domain/errors.js';
import { localise, zodFields } from '../domain/zod-fields.js';

/** The one table from an error's kind to its HTTP status, for the API and the pages alike. */
export const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  locked: 423,
  too_many: 429,
  unavailable: 503,
};

export interface ErrorBody {
  error: { code: string; message: Bilingual; fields: FieldError[] };
}

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.object({ vi: z.string(), en: z.string() }),
    fields: z.array(z.object({ path: z.string(), message: z.object({ vi: z.string(), en: z.string() }) })),
  }),
});

export { zodFields };

const FASTIFY_CODES: Record<string, { status: number; code: string; message: Bilingual }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large', message: { vi: 'Dữ liệu gửi lên quá lớn', en: 'Request body is too large' } },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: { vi: 'Kiểu dữ liệu gửi lên không được hỗ trợ', en: 'Unsupported content type' } },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', message: { vi: 'Thân yêu cầu JSON rỗng', en: 'The JSON body is empty' } },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', message: { vi: 'Dữ liệu JSON sai cú pháp', en: 'Malformed JSON' } },
  // @fastify/multipart stops reading at the configured limits (MOTCUA_UPLOAD_MAX_BYTES per file).
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'file_too_large', message: { vi: 'Tệp tải lên vượt quá dung lượng cho phép', en: 'An uploaded file is larger than allowed' } },
  FST_FILES_LIMIT: { status: 413, code: 'too_many_files', message: { vi: 'Quá nhiều tệp trong một lần gửi', en: 'Too many files in one request' } },
  FST_PARTS_LIMIT: { status: 413, code: 'too_many_parts', message: { vi: 'Quá nhiều trường trong một lần gửi', en: 'Too many fields in one request' } },
  FST_FIELDS_LIMIT: { status: 413, code: 'too_many_fields', message: { vi: 'Quá nhiều trường trong một lần gửi', en: 'Too many fields in one request' } },
};

/** The messages of the multipart parser (@fastify/busboy) for a body it cannot read. */
const MULTIPART_ERROR = /^(Multipart: |Unexpected end of multipart data|\w+ terminated early due to unexpected end of multipart data|The needle cannot|Unsupported Content-Type|Malformed part header)/;

export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError) {
    return { status: STATUS[err.kind], body: { error: { code: err.code, message: err.messages, fields: err.fields } } };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as { validationContext?: string }).validationContext ?? '';
    const fields: FieldError[] = err.validation.map((v) => {
      // The type provider flattens each zod issue into { keyword: code, message, params: rest of the issue };
      // put it back together so the locale maps can phrase it in both languages.
      const path = [where, ...v.instancePath.split('/').filter(Boolean)].filter(Boolean).join('.');
      return { path, message: localise({ ...v.params, code: v.keyword, message: v.message ?? '', path: [] }) };
    });
    return { status: 400, body: { error: { code: 'validation_failed', message: { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, fields } } };
  }
  const fe = err as FastifyError & { statusCode?: number };
  const known = fe?.code ? FASTIFY_CODES[fe.code] : undefined;
  if (known) return { status: known.status, body: { error: { code: known.code, message: known.message, fields: [] } } };
  // A multipart body the parser cannot read (no boundary, cut short, a boundary too long): the client's fault.
  if (fe?.code === 'ERR_STREAM_PREMATURE_CLOSE' || (err instanceof Error && !fe.statusCode && MULTIPART_ERROR.test(err.message)))
    return { status: 400, body: { error: { code: 'malformed_multipart', message: { vi: 'Dữ liệu multipart/form-data sai cú pháp', en: 'Malformed multipart/form-data body' }, fields: [] } } };
  if (err instanceof SyntaxError || fe?.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH')
    return { status: 400, body: { error: { code: 'malformed_json', message: FASTIFY_CODES.FST_ERR_CTP_INVALID_JSON_BODY!.message, fields: [] } } };
  // PostgreSQL's data exceptions (class 22: a number out of range, an impossible date, a character it cannot store)
  // come from the values sent: the request is at fault, and the transaction wrote nothing.
  if (typeof fe?.code === 'string' && /^22[0-9A-Z]{3}$/.test(fe.code) && !fe.statusCode)
    return { status: 400, body: { error: { code: 'invalid_value', message: { vi: 'Giá trị gửi lên nằm ngoài phạm vi cho phép', en: 'A value sent is out of the allowed range' }, fields: [] } } };
  if (fe?.statusCode === 429)
    return { status: 429, body: { error: { code: 'rate_limited', message: { vi: 'Quá nhiều yêu cầu; vui lòng thử lại sau', en: 'Too many requests; try again later' }, fields: [] } } };
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)
    return { status: fe.statusCode, body: { error: { code: 'bad_request', message: { vi: 'Yêu cầu không hợp lệ', en: fe.message || 'Bad request' }, fields: [] } } };
  return {
    status: 500,
    body: { error: { code: 'internal_error', message: { vi: 'Lỗi hệ thống; vui lòng thử lại sau', en: 'Internal error; please try again later' }, fields: [] } },
  };
}

export const notFoundBody: ErrorBody = {
  error: { code: 'not_found', message: { vi: 'Không tìm thấy địa chỉ yêu cầu', en: 'No such route' }, fields: [] },
};

export function sendError(reply: FastifyReply, req: FastifyRequest, err: unknown) {
  const { status, body } = toErrorResponse(err);
  if (status >= 500) req.log.error({ err }, 'request failed');
  setRetryAfter(reply, err);
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** A 429 says when to come back. */
export function setRetryAfter(reply: FastifyReply, err: unknown): void {
  if (err instanceof TooManyRequests) reply.header('retry-after', String(Math.max(1, Math.ceil(err.retryAfterSeconds))));
}
