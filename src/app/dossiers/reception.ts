// Reception at the desk (counter and post): receiving a dossier (form 01), asking for a supplement before reception
// (form 02), refusing it (form 03), and receiving a dossier that already exists (an online submission, or a counter
// dossier brought back after form 02). The dossier code is drawn from a counter row in the reception's own
// transaction, so two desks receiving at once never collide and a failed reception leaves no gap.
import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { canonicalJson } from '../../domain/audit.js';
import { vnDateOf } from '../../domain/calendar/index.js';
import {
  NOT_RECEIVING_DESK,
  allowedActions,
  appendAction,
  deriveDossier,
  standardDossierCodes,
  type UncheckedAction,
  type ActionType,
  type Channel,
  type DossierCodeGenerator,
  type PayloadOf,
} from '../../domain/dossier/index.js';
import { AppError, forbidden, staleVersion } from '../../domain/errors.js';
import { hasRoleOver } from '../../domain/org.js';
import { drawDossierNumbers, findByIdempotencyKey, insertDossierWithAction, receptionPreRead, type DossierRow } from '../../store/dossiers.js';
import type { Database } from '../../store/schema.js';
import type { Actor, UserActor } from '../actor.js';
import { requireStaff, requireUser } from '../actor.js';
import { auditLinkFor } from '../audit.js';
import { rulesFromStored, rulesInForce } from '../dossier-rules.js';
import type { AppContext } from '../context.js';
import { inTransaction, isUniqueViolation } from '../tx.js';
import { notifyApplicant } from './notify.js';
import { checkExpectedVersion, performAction, refusalError } from './append.js';
import { actionToRow, projectionRow } from './codec.js';
import {
  actorContextFor,
  appendInTransaction,
  buildView,
  checkFileIds,
  creatorKey,
  extrasOf,
  loadDossier,
  personIdsOf,
  personMap,
  requireAccess,
  unitsAsOf,
  usePrepared,
} from './core.js';
import {
  buildPinnedData,
  chooseCompetentUnit,
  hydratePinned,
  mayReceiveFor,
  procedureForChannel,
  resolveCalendars,
  unitsOfPinned,
  withReceivingUnit,
  type ReceivableProcedure,
  type UnitFact,
  type UnitSnapshot,
} from './pinning.js';
import type {
  CounterDossierInput,
  CreationResult,
  DocumentEntry,
  PinnedData,
  ReceiveAtDeskInput,
  ReceiveSubmittedInput,
  RefuseReceptionInput,
  RequestSupplementBeforeReceptionInput,
} from './types.js';
import { buildChecklist, checkApplicant, checkIdempotencyKey, throwIfAny, validationFailed } from './validation.js';

// ---------------------------------------------------------------------------------------------------------------
// Codes

const generators = new WeakMap<AppContext, DossierCodeGenerator>();

/** Replaces the dossier code generator for this context (default: the national agency-YYMMDD-NNNN form). */
export function setDossierCodeGenerator(ctx: AppContext, generator: DossierCodeGenerator): void {
  generators.set(ctx, generator);
}

const generatorOf = (ctx: AppContext) => generators.get(ctx) ?? standardDossierCodes;

const sequenceExhausted = (max: number) =>
  new AppError('conflict', 'daily_sequence_exhausted', {
    vi: `Đơn vị đã tiếp nhận ${max} hồ sơ trong ngày; không cấp thêm được mã hồ sơ`,
    en: `The unit already received ${max} dossiers today; no more codes can be issued`,
  });

/**
 * What a reception draws inside its transaction, in one statement: the new dossier's id (a creation), the daily
 * sequence of the code and the next number of the unit's tracking book (form 07: one book per unit and year,
 * numbered continuously), as asked. The counter rows stay locked until commit: two desks never draw the same number,
 * and a rolled-back reception leaves no gap.
 */
async function drawNumbers(
  trx: Transaction<Database>,
  generator: DossierCodeGenerator,
  agencyCode: string,
  at: Date,
  want: { newId: boolean; code: boolean; book: boolean; prepared: boolean },
): Promise<{ id: number | null; code: string | null; book: number | null }> {
  const keys = [...(want.code ? [generator.sequenceKey(agencyCode, at)] : []), ...(want.book ? [`book:${agencyCode}:${vnDateOf(at).slice(0, 4)}`] : [])];
  const drawn = await drawDossierNumbers(trx, keys, { newId: want.newId, prepared: want.prepared });
  let code: string | null = null;
  if (want.code) {
    const sequence = drawn.counters[0]!;
    if (sequence > generator.maxSequence) throw sequenceExhausted(generator.maxSequence);
    code = generator.format({ agencyCode, receivedAt: at, sequence });
  }
  return { id: drawn.id, code, book: want.book ? drawn.counters[want.code ? 1 : 0]! : null };
}

// ---------------------------------------------------------------------------------------------------------------
// The procedure in force, per process

interface CachedProcedure {
  versionId: number;
  processVersionId: number | null;
  proc: ReceivableProcedure;
}
const procedureCaches = new WeakMap<AppContext, Map<string, CachedProcedure>>();

/**
 * procedureForChannel's answer, kept per process: procedure versions and process versions are immutable, so while
 * the procedure is in force with the same version and latest process version (as the reception's first query read
 * them), the answer is the same. Anything else asks procedureForChannel, which also words the refusals.
 */
async function receivableProcedure(ctx: AppContext, code: string, channel: Channel, seen: { status: string; versionId: number | null; processVersionId: number | null } | null): Promise<ReceivableProcedure> {
  let cache = procedureCaches.get(ctx);
  if (!cache) procedureCaches.set(ctx, (cache = new Map()));
  const key = `${typeof code === 'string' ? code.trim() : ''}|${channel}`;
  const hit = cache.get(key);
  if (hit && seen && (seen.status === 'published' || seen.status === 'amended') && hit.versionId === seen.versionId && hit.processVersionId === seen.processVersionId) return hit.proc;
  const proc = await procedureForChannel(ctx, code, channel);
  cache.set(key, { versionId: proc.versionId, processVersionId: proc.processVersionId, proc });
  return proc;
}

export const newTrackingToken = () => randomBytes(12).toString('base64url');

// ---------------------------------------------------------------------------------------------------------------
// Shared

const notReceivingDesk = forbidden(NOT_RECEIVING_DESK);

const onlyDesks = forbidden({ vi: 'Chỉ cán bộ tiếp nhận (Một cửa) mới thực hiện được', en: 'Only desk officials may do this' });

/** The desk unit the official acts at: the one asked for (within their desk jurisdiction), or their only desk. */
function deskUnitOf(user: UserActor, units: UnitSnapshot, requested: number | null | undefined): UnitFact {
  if (requested !== null && requested !== undefined) {
    const u = units.byId.get(requested);
    if (!u || !hasRoleOver(user.memberships, ['desk'], requested, units.parentOf)) throw onlyDesks;
    return u;
  }
  const desks = [...new Set(user.memberships.filter((m) => m.role === 'desk').map((m) => m.unitId))];
  if (desks.length === 0) throw onlyDesks;
  if (desks.length > 1)
    throw validationFailed([{ path: 'receivingUnitId', message: { vi: 'Chọn nơi tiếp nhận (bạn làm việc ở nhiều Bộ phận Một cửa)', en: 'Choose the desk (you work at several)' } }]);
  return units.byId.get(desks[0]!)!;
}

const cleanComment = (c: unknown): string | null => (typeof c === 'string' && c.trim() !== '' ? c.trim() : null);

/** Drops nulls and undefined (an absent field and a null one are the same request) and, in the checklist, file ids. */
function requestContent(v: unknown, inDocuments = false): unknown {
  if (Array.isArray(v)) return v.map((x) => requestContent(x, inDocuments));
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (x === null || x === undefined || (inDocuments && k === 'fileIds')) continue;
    out[k] = requestContent(x, inDocuments || k === 'documents');
  }
  return out;
}

/**
 * The fingerprint of a creating request, stored with its idempotency key: the SHA-256 of everything it asked for but
 * the key itself — the form (reception, form 02, form 03), procedure, channel, applicant, checklist, competent unit,
 * desk, comment and the form's own fields. The checklist's scans are left out: a browser retrying a form uploads them
 * again under new ids.
 */
export function requestFingerprint(type: FirstType, input: CounterDossierInput): string {
  const { idempotencyKey: _key, ...rest } = input;
  return createHash('sha256').update(canonicalJson(requestContent({ type, ...rest }))).digest('hex');
}

const keyReused = () =>
  new AppError(
    'unprocessable',
    'idempotency_key_reused',
    {
      vi: 'Khóa chống gửi trùng (Idempotency-Key) đã được dùng cho một yêu cầu có nội dung khác; dùng khóa mới cho yêu cầu mới',
      en: 'This idempotency key was already used for a request with a different content; use a new key for a new request',
    },
    [{ path: 'idempotencyKey', message: { vi: 'Khóa đã dùng cho một yêu cầu khác', en: 'Key already used for a different request' } }],
  );

/**
 * An idempotent retry: the dossier the same key created, provided the request is the same (its fingerprint; for a
 * dossier created before fingerprints were stored, its procedure). Otherwise 422 and nothing is written.
 */
async function replay(ctx: AppContext, actor: Actor, row: DossierRow, procedureCode: string, fingerprint: string): Promise<CreationResult> {
  const data = row.pinned;
  if (row.idempotency_fingerprint !== null ? row.idempotency_fingerprint !== fingerprint : data !== null && data.procedureCode !== String(procedureCode ?? '').trim())
    throw keyReused();
  const l = await loadDossier(ctx, row.id, ctx.clock());
  return { dossier: await buildView(ctx, l, requireAccess(actor, l)), created: false };
}

type FirstType = Extract<ActionType, 'receive' | 'request_supplement_before_reception' | 'refuse_reception'>;

interface FirstAction<K extends FirstType> {
  type: K;
  payload(code: string | null, book: number | null, competentUnitId: number): PayloadOf[K];
}

/** Creates a dossier brought to the counter together with its first action, in one transaction. */
async function createAtCounter<K extends FirstType>(ctx: AppContext, actor: Actor, input: CounterDossierInput, first: FirstAction<K>, trackingBookNumber?: number | null): Promise<CreationResult> {
  const user = requireStaff(actor);
  const now = ctx.clock();
  const problems = checkIdempotencyKey(input?.idempotencyKey);
  if (input?.channel !== 'counter' && input?.channel !== 'postal')
    problems.push({ path: 'channel', message: { vi: 'Kênh tiếp nhận là trực tiếp hoặc bưu chính', en: 'The channel is counter or postal' } });
  const { applicant, problems: applicantProblems } = checkApplicant(input?.applicant, 'applicant', true);
  problems.push(...applicantProblems);
  if (trackingBookNumber != null && (!Number.isInteger(trackingBookNumber) || trackingBookNumber < 1))
    problems.push({ path: 'trackingBookNumber', message: { vi: 'Số thứ tự trong sổ phải là số nguyên dương', en: 'Must be a positive whole number' } });
  throwIfAny(problems);

  const key = creatorKey(actor);
  const fingerprint = requestFingerprint(first.type, input);
  const pre = await receptionPreRead(
    ctx.db,
    { creatorKey: key, idempotencyKey: input.idempotencyKey, procedureCode: typeof input.procedureCode === 'string' ? input.procedureCode.trim() : '' },
    usePrepared(ctx),
  );
  if (pre.existingId !== null) {
    const existing = await findByIdempotencyKey(ctx.db, key, input.idempotencyKey);
    if (existing) return replay(ctx, actor, existing, input.procedureCode, fingerprint);
  }

  const units = await unitsAsOf(ctx, pre.stamps);
  const desk = deskUnitOf(user, units, input.receivingUnitId);
  const proc = await receivableProcedure(ctx, input.procedureCode, input.channel, pre.procedure);
  const chosen = chooseCompetentUnit(proc.body, units, input.competentUnitCode, desk.id);
  if (chosen.problem) throwIfAny([chosen.problem]);
  const competent = chosen.unit!;
  const data = buildPinnedData(proc, input.channel, desk.id, competent.id, units, rulesFromStored(pre.dossierRules));
  // Form 02 and form 03 speak for the desk that would receive the dossier: only a desk that may receive this
  // procedure for this competent unit issues them (the domain checks the same for a reception).
  if (!mayReceiveFor(data, units, desk.id, competent.id)) throw notReceivingDesk;
  const checklist = buildChecklist(data.documents, input.documents, first.type === 'receive' ? 'complete' : 'loose');
  throwIfAny(checklist.problems);
  await checkFileIds(ctx, actor, checklist.fileIds, null, 'documents');
  const calendars = await resolveCalendars(ctx, units, [desk.id, competent.id, ...unitsOfPinned(data)]);
  const pinned = hydratePinned(data, units, calendars);
  const empty = deriveDossier([], pinned, now);
  const comment = cleanComment(input.comment);
  const build = (code: string | null, book: number | null): UncheckedAction =>
    ({ type: first.type, at: now, actorId: user.userId, actorRoles: ['desk'], unitId: desk.id, delegation: null, comment, attachments: [], payload: first.payload(code, book, competent.id) });
  // Refusals come before a number is drawn (a rolled-back draw would not leave a gap anyway).
  const generator = generatorOf(ctx);
  appendAction(empty, pinned, build(first.type === 'receive' ? generator.format({ agencyCode: desk.code, receivedAt: now, sequence: 1 }) : null, trackingBookNumber ?? 1), 0, now);

  const extras = extrasOf({ applicant, applicant_user_id: null }, { code: data.procedureCode, name: data.procedureName });
  const trackingToken = newTrackingToken();
  try {
    const { row, action, state, people } = await inTransaction(ctx, async (trx) => {
      const receiving = first.type === 'receive';
      const drawn = await drawNumbers(trx, generator, desk.code, now, { newId: true, code: receiving, book: receiving && trackingBookNumber == null, prepared: usePrepared(ctx) });
      const id = drawn.id!;
      const code = drawn.code;
      const book = receiving ? (trackingBookNumber ?? drawn.book) : null;
      const appended = appendAction(empty, pinned, build(code, book), 0, now);
      const written = await insertDossierWithAction(
        trx,
        {
          id,
          code,
          procedure_version_id: proc.versionId,
          process_version_id: proc.processVersionId,
          channel: input.channel,
          pinned: JSON.stringify(data),
          applicant: JSON.stringify(applicant),
          applicant_user_id: null,
          documents: JSON.stringify(checklist.entries),
          receiving_unit_id: desk.id,
          competent_unit_id: competent.id,
          tracking_token: trackingToken,
          creator_key: key,
          created_by_user_id: user.userId,
          idempotency_key: input.idempotencyKey,
          idempotency_fingerprint: fingerprint,
          version: 1,
          created_at: now,
          updated_at: now,
        },
        {
          action: actionToRow(id, appended.action, now),
          projection: projectionRow(id, appended.state, pinned, extras, now),
          fileIds: checklist.fileIds,
          audit: auditLinkFor(actor, now, {
            action: `dossier.${first.type}`,
            targetType: 'dossier',
            targetId: id,
            unitId: desk.id,
            details: { code, procedureCode: data.procedureCode, channel: input.channel, seq: 1 },
          }),
          peopleIds: personIdsOf({ row: { applicant_user_id: null }, state: appended.state, actions: [appended.action] }),
        },
        usePrepared(ctx),
      );
      await notifyApplicant(trx, now, {
        dossierId: id,
        code,
        procedureName: data.procedureName,
        applicant,
        action: appended.action,
        state: appended.state,
        trackingToken,
        deskName: desk.name,
        publicBaseUrl: ctx.config.publicBaseUrl,
      });
      return { row: written.row, people: written.people, ...appended };
    });
    const l = { row, actions: [action], data, pinned, state, units, calendars };
    const view = await buildView(ctx, l, 'staff', personMap(people));
    return { dossier: view, created: true };
  } catch (e) {
    if (isUniqueViolation(e, 'dossiers_idempotency_unique')) {
      const again = await findByIdempotencyKey(ctx.db, key, input.idempotencyKey);
      if (again) return replay(ctx, actor, again, input.procedureCode, fingerprint);
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Use cases

/**
 * Receives a dossier at the counter or by post: checks the applicant and the documents against the procedure
 * version in force, issues the code and the appointment (form 01), all in one transaction. A retry with the same
 * idempotency key returns the first dossier (`created: false`), with no second code.
 */
export async function receiveAtDesk(ctx: AppContext, actor: Actor, input: ReceiveAtDeskInput): Promise<CreationResult> {
  return createAtCounter(
    ctx,
    actor,
    input,
    {
      type: 'receive',
      payload: (code, book, competentUnitId) => ({ channel: input.channel, competentUnitId, dossierCode: code, trackingBookNumber: book, resultDelivery: input?.resultDelivery ?? null }),
    },
    input?.trackingBookNumber,
  );
}

/**
 * Form 02 before reception: everything missing, once. For a dossier brought to the counter (creates it, with no
 * code yet: the applicant brings it back and the desk receives it with receiveSubmitted) or an online submission.
 */
export async function requestSupplementBeforeReception(ctx: AppContext, actor: Actor, input: RequestSupplementBeforeReceptionInput): Promise<CreationResult> {
  const payload = { items: input?.items, reason: input?.reason };
  if (input && 'dossierId' in input)
    return { dossier: await performAction(ctx, actor, input.dossierId, { type: 'request_supplement_before_reception', payload, expectedVersion: input.expectedVersion, comment: input.comment }), created: false };
  return createAtCounter(ctx, actor, input, { type: 'request_supplement_before_reception', payload: () => payload });
}

/** Form 03: refusal of reception, with the reasons. For a dossier brought to the counter (creates it) or an existing one. */
export async function refuseReception(ctx: AppContext, actor: Actor, input: RefuseReceptionInput): Promise<CreationResult> {
  const payload = { reasons: input?.reasons };
  if (input && 'dossierId' in input)
    return { dossier: await performAction(ctx, actor, input.dossierId, { type: 'refuse_reception', payload, expectedVersion: input.expectedVersion, comment: input.comment }), created: false };
  return createAtCounter(ctx, actor, input, { type: 'refuse_reception', payload: () => payload });
}

/**
 * The desk receives a dossier that exists but is not yet received: an online submission (state 1; its pinned data
 * stays, with the desk steps moved to this desk) or a counter dossier brought back after form 02 (pinned again
 * from the version in force, its checklist checked again: `documents` is required then). Issues the code unless
 * the national portal already gave one.
 */
export async function receiveSubmitted(ctx: AppContext, actor: Actor, dossierId: number, input: ReceiveSubmittedInput): Promise<CreationResult> {
  const signedIn = requireUser(actor);
  const now = ctx.clock();
  const expectedVersion = checkExpectedVersion(input?.expectedVersion);
  if (input.trackingBookNumber != null && (!Number.isInteger(input.trackingBookNumber) || input.trackingBookNumber < 1))
    throwIfAny([{ path: 'trackingBookNumber', message: { vi: 'Số thứ tự trong sổ phải là số nguyên dương', en: 'Must be a positive whole number' } }]);
  const memberUnits = signedIn.memberships.map((m) => m.unitId);
  const l = await loadDossier(ctx, dossierId, now, [...memberUnits, input.receivingUnitId]);
  // Receiving takes the dossier over: it needs the right to read it first (403 for staff outside it, 404 for anyone
  // else, exactly as reading answers), then a desk seat the domain accepts for it.
  requireAccess(actor, l);
  const user = requireStaff(actor);
  const actorCtx = actorContextFor(actor, l.units);
  const perm = allowedActions(l.state, l.pinned, actorCtx, now).find((p) => p.type === 'receive')!;
  if (expectedVersion !== l.state.version) throw staleVersion();
  if (!perm.allowed) throw refusalError(perm);
  const desk = input.receivingUnitId != null ? deskUnitOf(user, l.units, input.receivingUnitId) : l.units.byId.get(perm.unitId!)!;
  const competentId = l.state.competentUnitId ?? l.row.competent_unit_id;
  if (competentId === null) throw new AppError('conflict', 'no_competent_unit', { vi: 'Hồ sơ chưa có cơ quan có thẩm quyền', en: 'The dossier has no competent unit' });
  const online = l.row.channel === 'online';

  let data: PinnedData;
  let versionPatch = {};
  if (online) data = withReceivingUnit(l.data!, desk.id);
  else {
    const proc = await procedureForChannel(ctx, l.data!.procedureCode, l.row.channel);
    data = buildPinnedData(proc, l.row.channel, desk.id, competentId, l.units, await rulesInForce(ctx));
    versionPatch = { procedure_version_id: proc.versionId, process_version_id: proc.processVersionId };
  }
  let documents: DocumentEntry[] | null = null;
  let fileIds: string[] = [];
  if (input.documents !== undefined || !online) {
    const checklist = buildChecklist(data.documents, input.documents ?? [], online ? 'complete_online' : 'complete');
    throwIfAny(checklist.problems);
    await checkFileIds(ctx, actor, checklist.fileIds, dossierId, 'documents');
    documents = checklist.entries;
    fileIds = checklist.fileIds;
  }
  const calendars = await resolveCalendars(ctx, l.units, [desk.id, competentId, ...unitsOfPinned(data)]);
  const pinned = hydratePinned(data, l.units, calendars);
  const before = deriveDossier(l.actions, pinned, now);
  const generator = generatorOf(ctx);
  const build = (code: string | null, book: number | null): UncheckedAction => ({
    type: 'receive',
    at: now,
    actorId: user.userId,
    actorRoles: ['desk'],
    unitId: desk.id,
    delegation: null,
    comment: cleanComment(input.comment),
    attachments: [],
    payload: { channel: l.row.channel, competentUnitId: online ? null : competentId, dossierCode: code, trackingBookNumber: book, resultDelivery: input.resultDelivery ?? null },
  });
  const needsCode = before.dossierCode === null;
  appendAction(before, pinned, build(needsCode ? generator.format({ agencyCode: desk.code, receivedAt: now, sequence: 1 }) : null, input.trackingBookNumber ?? 1), expectedVersion, now);

  const extras = extrasOf(l.row, { code: data.procedureCode, name: data.procedureName });
  const { action, state, code, people } = await inTransaction(ctx, async (trx) => {
    const drawn = await drawNumbers(trx, generator, desk.code, now, { newId: false, code: needsCode, book: input.trackingBookNumber == null, prepared: usePrepared(ctx) });
    const code = needsCode ? drawn.code : before.dossierCode;
    const book = input.trackingBookNumber ?? drawn.book;
    const appended = appendAction(before, pinned, build(needsCode ? code : null, book), expectedVersion, now);
    const written = await appendInTransaction(trx, {
      dossierId,
      expectedVersion,
      action: appended.action,
      state: appended.state,
      pinned,
      extras,
      now,
      fileIds,
      patch: {
        code,
        pinned: JSON.stringify(data),
        receiving_unit_id: desk.id,
        competent_unit_id: competentId,
        ...versionPatch,
        ...(documents ? { documents: JSON.stringify(documents) } : {}),
      },
      audit: {
        actor,
        entry: {
          action: 'dossier.receive',
          targetType: 'dossier',
          targetId: dossierId,
          unitId: desk.id,
          details: { code, procedureCode: data.procedureCode, channel: l.row.channel, seq: appended.action.seq },
        },
      },
      peopleIds: personIdsOf({ row: l.row, state: appended.state, actions: [...l.actions, appended.action] }),
      prepared: usePrepared(ctx),
    });
    await notifyApplicant(trx, now, {
      dossierId,
      code,
      procedureName: data.procedureName,
      applicant: l.row.applicant,
      action: appended.action,
      state: appended.state,
      trackingToken: l.row.tracking_token,
      deskName: desk.name,
      publicBaseUrl: ctx.config.publicBaseUrl,
    });
    return { ...appended, code, people: written.people };
  });
  const row: DossierRow = {
    ...l.row,
    code,
    pinned: data,
    receiving_unit_id: desk.id,
    competent_unit_id: competentId,
    version: action.seq,
    updated_at: now,
    ...(documents ? { documents } : {}),
  };
  return { dossier: await buildView(ctx, { ...l, row, data, pinned, calendars, actions: [...l.actions, action], state }, 'staff', people), created: false };
}
