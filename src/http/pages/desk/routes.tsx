// The desk's routes: each checks the official, reads the form, calls one use case and renders its view (queue,
// reception form, receipt, online submission, returning dossier). Everything works without JavaScript: the
// reception form is one multipart form whose buttons say what to do, and every failure renders it again.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserActor } from '../../../app/actor.js';
import { getProcedure, type ProcedureView } from '../../../app/catalogue.js';
import type { AppContext } from '../../../app/context.js';
import { getDossier, receiveAtDesk, receiveSubmitted, refuseReception, requestSupplementBeforeReception, type CreationResult } from '../../../app/dossiers/index.js';
import { listAllUnits } from '../../../app/units.js';
import { UI } from '../../i18n.js';
import { attempt, str, type FormBody, type FormFailure } from '../forms.js';
import { sendPage } from '../layout.js';
import { deskUnitsOf, deskUser, dossierIdOf, linesOf, mapFailure, multipartBody, versionOf } from './common.js';
import { onlinePage, type OnlineValues } from './online.js';
import { loadQueue, QueuePage } from './queue.js';
import { ReceiptPage } from './receipt.js';
import { previewAppointment, receptionPage, type FormState } from './reception-form.js';
import { blankValues, counterInput, documentInputs, returningValues, supplementItems, unitIdOrNull, valuesFrom, type Intent, type ReceptionValues } from './reception-values.js';
import { mayTakeBack, returningPage } from './returning.js';
import { storeScans } from './scans.js';

type Attempt = Awaited<ReturnType<typeof attempt<CreationResult>>>;
const RETURNING_INTENTS = ['receive', 'supplement', 'refuse'] as const;

export async function registerDeskPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<{ Querystring: { q?: string } }>('/desk', { schema: { hide: true } }, async (req, reply) => {
    const user = deskUser(req, reply);
    if (!user) return reply;
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 200) : '';
    return sendPage(reply, <QueuePage req={req} v={await loadQueue(ctx, req, user, q)} />);
  });

  registerReception(app, ctx);
  registerOnline(app, ctx);
  registerReturning(app, ctx);

  app.get<{ Params: { id: string }; Querystring: { again?: string } }>('/desk/receipts/:id', { schema: { hide: true } }, async (req, reply) => {
    if (!deskUser(req, reply)) return reply;
    const d = await getDossier(ctx, req.actor, dossierIdOf(req.params.id));
    return sendPage(reply, <ReceiptPage req={req} d={d} again={Boolean(req.query.again)} returning={await mayTakeBack(ctx, req, d)} />);
  });
}

/** A dossier taken at the counter or by post under a procedure. */
function registerReception(app: FastifyInstance, ctx: AppContext) {
  const show = async (req: FastifyRequest, reply: FastifyReply, user: UserActor, p: ProcedureView, v: ReceptionValues, state: FormState, status = 200) =>
    sendPage(reply, await receptionPage(ctx, req, user, p, v, state), status);

  app.get<{ Params: { code: string } }>('/desk/receive/:code', { schema: { hide: true } }, async (req, reply) => {
    const user = deskUser(req, reply);
    if (!user) return reply;
    const p = await getProcedure(ctx, req.actor, req.params.code);
    const desks = deskUnitsOf(user, await listAllUnits(ctx));
    return show(req, reply, user, p, blankValues(p.body, desks), {});
  });

  app.post<{ Params: { code: string } }>('/desk/receive/:code', { schema: { hide: true } }, async (req, reply) => {
    const user = deskUser(req, reply);
    if (!user) return reply;
    const code = req.params.code;
    const p = await getProcedure(ctx, req.actor, code);
    const body = p.body;
    const { fields, uploads } = await multipartBody(req.body);
    const v = valuesFrom(fields, body);
    const intent: Intent = (['preview', 'receive', 'supplement', 'refuse'] as const).find((x) => x === str(fields, 'intent')) ?? 'preview';

    const fileProblems = await storeScans(ctx, req, v.docs, uploads);
    if (fileProblems.length > 0) return show(req, reply, user, p, v, { failure: { status: 400, message: UI.errorsFound, fields: fileProblems } }, 400);

    if (intent === 'preview') {
      const desks = deskUnitsOf(user, await listAllUnits(ctx));
      const desk = desks.length === 1 ? desks[0] : desks.find((d) => String(d.id) === v.receivingUnitId);
      const r = await previewAppointment(ctx, body, v.channel, desk);
      if ('path' in r) return show(req, reply, user, p, v, { failure: { status: 400, message: UI.errorsFound, fields: [r] } }, 400);
      return show(req, reply, user, p, v, { preview: r });
    }

    const input = counterInput(v, body, code);
    let result: Attempt;
    if (intent === 'receive') result = await attempt(() => receiveAtDesk(ctx, req.actor, { ...input, resultDelivery: v.resultDelivery }));
    else if (intent === 'supplement') result = await attempt(() => requestSupplementBeforeReception(ctx, req.actor, { ...input, items: supplementItems(v, body), reason: v.reason }));
    else result = await attempt(() => refuseReception(ctx, req.actor, { ...input, reasons: v.reasons }));
    if (!result.ok) {
      const failure = mapFailure(result.failure);
      return show(req, reply, user, p, v, { failure }, failure.status);
    }
    return reply.redirect(`/desk/receipts/${result.value.dossier.id}${result.value.created ? '' : '?again=1'}`, 303);
  });
}

/** Online submissions: received, sent back with form 02, or refused with form 03. */
function registerOnline(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: { id: string } }>('/desk/online/:id', { schema: { hide: true } }, async (req, reply) => {
    if (!deskUser(req, reply)) return reply;
    const d = await getDossier(ctx, req.actor, dossierIdOf(req.params.id));
    return sendPage(reply, await onlinePage(ctx, req, d));
  });

  async function outcome(req: FastifyRequest, reply: FastifyReply, id: number, r: Attempt | { ok: false; failure: FormFailure }, values: OnlineValues = {}) {
    if (r.ok) return reply.redirect(`/desk/receipts/${r.value.dossier.id}`, 303);
    const failure = mapFailure(r.failure);
    const d = await getDossier(ctx, req.actor, id);
    return sendPage(reply, await onlinePage(ctx, req, d, failure, values), failure.status);
  }

  app.post<{ Params: { id: string }; Body: FormBody }>('/desk/online/:id/receive', { schema: { hide: true } }, async (req, reply) => {
    if (!deskUser(req, reply)) return reply;
    const id = dossierIdOf(req.params.id);
    const r = await attempt(() => receiveSubmitted(ctx, req.actor, id, { expectedVersion: versionOf(req.body) }));
    return outcome(req, reply, id, r);
  });

  app.post<{ Params: { id: string }; Body: FormBody }>('/desk/online/:id/supplement', { schema: { hide: true } }, async (req, reply) => {
    if (!deskUser(req, reply)) return reply;
    const id = dossierIdOf(req.params.id);
    const values = { items: str(req.body, 'items'), reason: str(req.body, 'reason') };
    const r = await attempt(() => requestSupplementBeforeReception(ctx, req.actor, { dossierId: id, expectedVersion: versionOf(req.body), items: linesOf(values.items), reason: values.reason }));
    return outcome(req, reply, id, r, values);
  });

  app.post<{ Params: { id: string }; Body: FormBody }>('/desk/online/:id/refuse', { schema: { hide: true } }, async (req, reply) => {
    if (!deskUser(req, reply)) return reply;
    const id = dossierIdOf(req.params.id);
    const values = { reasons: str(req.body, 'reasons') };
    const r = await attempt(() => refuseReception(ctx, req.actor, { dossierId: id, expectedVersion: versionOf(req.body), reasons: values.reasons }));
    return outcome(req, reply, id, r, values);
  });
}

/** A counter dossier brought back after form 02. */
function registerReturning(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: { id: string } }>('/desk/returning/:id', { schema: { hide: true } }, async (req, reply) => {
    const user = deskUser(req, reply);
    if (!user) return reply;
    const d = await getDossier(ctx, req.actor, dossierIdOf(req.params.id));
    const p = await getProcedure(ctx, req.actor, d.procedure.code);
    const desks = deskUnitsOf(user, await listAllUnits(ctx));
    return sendPage(reply, await returningPage(ctx, req, user, d, p, returningValues(d, p.body, desks)));
  });

  app.post<{ Params: { id: string } }>('/desk/returning/:id', { schema: { hide: true } }, async (req, reply) => {
    const user = deskUser(req, reply);
    if (!user) return reply;
    const id = dossierIdOf(req.params.id);
    const d = await getDossier(ctx, req.actor, id);
    const p = await getProcedure(ctx, req.actor, d.procedure.code);
    const body = p.body;
    const { fields, uploads } = await multipartBody(req.body);
    const v = valuesFrom(fields, body);
    const fileProblems = await storeScans(ctx, req, v.docs, uploads);
    if (fileProblems.length > 0) return sendPage(reply, await returningPage(ctx, req, user, d, p, v, { status: 400, message: UI.errorsFound, fields: fileProblems }), 400);
    const intent = RETURNING_INTENTS.find((x) => x === str(fields, 'intent'));
    // No button named (a form sent some other way): show it again rather than guess what the desk meant.
    if (!intent) return sendPage(reply, await returningPage(ctx, req, user, d, p, v));

    const expectedVersion = versionOf(fields);
    const comment = v.comment || null;
    const result =
      intent === 'receive'
        ? await attempt(() => receiveSubmitted(ctx, req.actor, id, { expectedVersion, documents: documentInputs(v.docs, body), receivingUnitId: unitIdOrNull(v.receivingUnitId), comment }))
        : intent === 'supplement'
          ? await attempt(() => requestSupplementBeforeReception(ctx, req.actor, { dossierId: id, expectedVersion, items: supplementItems(v, body), reason: v.reason, comment }))
          : await attempt(() => refuseReception(ctx, req.actor, { dossierId: id, expectedVersion, reasons: v.reasons, comment }));
    if (result.ok) return reply.redirect(`/desk/receipts/${id}`, 303);
    const failure = mapFailure(result.failure);
    // Shown again as the dossier is now (a stale form gets the current version), with what the desk typed.
    return sendPage(reply, await returningPage(ctx, req, user, await getDossier(ctx, req.actor, id), p, v, failure), failure.status);
  });
}
