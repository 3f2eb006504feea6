import type { FastifyReply, FastifyRequest } from 'fastify';
import { setRetryAfter, toErrorResponse } from '../errors.js';
import { tr } from '../i18n.js';
import { Layout, sendPage } from './layout.js';

export function renderErrorPage(req: FastifyRequest, reply: FastifyReply, err: unknown) {
  const { status, body } = toErrorResponse(err);
  if (status >= 500) req.log.error({ err }, 'page failed');
  if (status === 401) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
  setRetryAfter(reply, err);
  // The hooks may not have run (e.g. a body-parsing error), so fall back to safe defaults.
  req.lang ??= 'vi';
  req.actor ??= { kind: 'anonymous', ip: req.ip, requestId: String(req.id) };
  req.csrfToken ??= '';
  const title = status === 404 ? { vi: 'Không tìm thấy', en: 'Not found' } : status === 403 ? { vi: 'Không có quyền', en: 'Not allowed' } : status === 429 ? { vi: 'Xin chờ một lát', en: 'Please wait a moment' } : { vi: 'Có lỗi xảy ra', en: 'Something went wrong' };
  return sendPage(
    reply,
    <Layout req={req} title={title}>
      <p class="lead">{tr(req.lang, body.error.message)}</p>
      {body.error.fields.length > 0 && (
        <ul>
          {body.error.fields.map((f) => (
            <li>
              <code>{f.path}</code>: {tr(req.lang, f.message)}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/">{req.lang === 'vi' ? 'Về trang chủ' : 'Back to the home page'}</a>
      </p>
      <p class="muted">
        {req.lang === 'vi' ? 'Mã yêu cầu' : 'Request id'}: <code>{String(req.id)}</code>
      </p>
    </Layout>,
    status,
  );
}
