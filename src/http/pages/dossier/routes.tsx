// The dossier routes: the inbox, the dossier page, an action posted from its panel, and the dossier's files.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../app/context.js';
import { act, downloadFileName, getDossier, readFile, saveFile, type ActRequest } from '../../../app/dossiers/index.js';
import { ACTION_LABELS, ACTION_TYPES, type ActionType } from '../../../domain/dossier/index.js';
import { AppError } from '../../../domain/errors.js';
import { pageUser } from '../../context.js';
import { STATUS } from '../../errors.js';
import { readPosted, type PostedFile } from '../forms.js';
import { sendPage } from '../layout.js';
import { payloadFromForm, RESULT_FILES, type ActionFailure, type PostedFields } from './action-form.js';
import { InboxPage, loadInbox } from './inbox.js';
import { renderDossier, staleDossierPage } from './page.js';

/** Stores the files posted with an action (attachments, result documents) and builds the action from the form. */
async function actRequest(ctx: AppContext, req: FastifyRequest, type: ActionType, fields: PostedFields, files: PostedFile[]): Promise<ActRequest> {
  const attachments: string[] = [];
  const results: string[] = [];
  const resultField = RESULT_FILES[type];
  for (const f of files) {
    const target = f.field === resultField ? results : f.field === 'attachments' ? attachments : null;
    if (!target) continue;
    try {
      target.push((await saveFile(ctx, req.actor, { name: f.name, bytes: f.bytes, declaredType: f.type })).id);
    } catch (e) {
      // Name the input the bad file came from.
      if (e instanceof AppError) throw new AppError(e.kind, e.code, e.messages, [{ path: 'attachments', message: e.fields[0]?.message ?? e.messages }]);
      throw e;
    }
  }
  const parsed = payloadFromForm(type, fields, results);
  const versionText = fields.expectedVersion?.[0] ?? '';
  return {
    type,
    payload: parsed.payload,
    comment: parsed.comment,
    // Result files are listed with the action too, so the timeline links to them.
    attachments: [...new Set([...attachments, ...results])],
    expectedVersion: versionText.trim() === '' ? undefined : Number(versionText),
    unitId: parsed.unitId,
  };
}

/** A refused action: a stale form gets its own page, anything else the dossier page with the form as posted. */
async function actionFailed(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, id: number, type: ActionType, fields: PostedFields, e: AppError) {
  if (e.code === 'stale_version') return sendPage(reply, staleDossierPage(req, id), 409);
  // Not found, or outside the official's jurisdiction: the ordinary error page.
  const view = await getDossier(ctx, req.actor, id);
  const status = STATUS[e.kind];
  const failure: ActionFailure = { type, status, message: e.messages, fields: e.fields, values: fields };
  return sendPage(reply, await renderDossier(ctx, req, view, { failure }), status);
}

export async function registerDossierPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/inbox', { schema: { hide: true } }, async (req, reply) => {
    const user = pageUser(req, reply);
    if (!user) return reply;
    return sendPage(reply, <InboxPage req={req} data={await loadInbox(ctx, req, user)} />);
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/dossiers/:id', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const view = await getDossier(ctx, req.actor, Number(req.params.id));
    if (view.access === 'applicant') return reply.redirect(`/my/dossiers/${view.id}`, 303);
    const done = ACTION_TYPES.find((x) => x === req.query.done);
    const notice = done ? (req.lang === 'vi' ? `Đã thực hiện: ${ACTION_LABELS[done].vi}.` : `Done: ${ACTION_LABELS[done].en}.`) : undefined;
    return sendPage(reply, await renderDossier(ctx, req, view, { notice }));
  });

  // A bookmarked or re-opened action address leads back to its form on the dossier page.
  app.get<{ Params: { id: string; type: string } }>('/dossiers/:id/actions/:type', { schema: { hide: true } }, async (req, reply) => {
    const type = ACTION_TYPES.find((x) => x === req.params.type);
    return reply.redirect(`/dossiers/${encodeURIComponent(req.params.id)}${type ? `#act-${type}` : ''}`, 303);
  });

  app.post<{ Params: { id: string; type: string } }>('/dossiers/:id/actions/:type', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const id = Number(req.params.id);
    const type = ACTION_TYPES.find((x) => x === req.params.type && x !== 'submit_online');
    if (!type) throw new AppError('not_found', 'not_found', { vi: 'Không có thao tác này', en: 'No such action' });
    const { fields, files } = await readPosted(req.body);
    try {
      await act(ctx, req.actor, id, await actRequest(ctx, req, type, fields, files));
    } catch (e) {
      if (e instanceof AppError && e.kind !== 'unavailable' && e.kind !== 'unauthenticated') return actionFailed(ctx, req, reply, id, type, fields, e);
      throw e;
    }
    return reply.redirect(`/dossiers/${id}?done=${type}`, 303);
  });

  // The dossier's files: checklist scans, attachments and results, for whoever may read the dossier.
  app.get<{ Params: { id: string; fileId: string } }>('/dossiers/:id/files/:fileId', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const view = await getDossier(ctx, req.actor, Number(req.params.id));
    const known = new Set([...view.documents.flatMap((d) => d.fileIds), ...view.state.timeline.flatMap((e) => e.attachments)]);
    if (!known.has(req.params.fileId)) throw new AppError('not_found', 'not_found', { vi: 'Hồ sơ không có tệp này', en: 'The dossier has no such file' });
    const { file, data } = await readFile(ctx, req.actor, req.params.fileId);
    // The name is the server's (code, document or action, number, extension of the real type), never the upload's.
    const doc = view.documents.find((d) => d.fileIds.includes(file.id));
    const entry = doc ? undefined : view.state.timeline.find((e) => e.attachments.includes(file.id));
    const label = doc ? doc.name : entry ? ACTION_LABELS[entry.type].vi : 'Tệp';
    const list = doc ? doc.fileIds : (entry?.attachments ?? []);
    const name = downloadFileName(view.code ?? `ho-so-${view.id}`, label, list.length > 1 ? list.indexOf(file.id) + 1 : null, file.mediaType);
    // Staff read scans in the browser; the sandbox keeps whatever a file holds from running as the site.
    const disposition = req.actor.kind === 'user' && req.actor.userKind === 'staff' ? 'inline' : 'attachment';
    return reply
      .type(file.mediaType)
      .header('content-disposition', `${disposition}; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.unicode)}`)
      .header('content-security-policy', 'sandbox')
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(data);
  });
}
