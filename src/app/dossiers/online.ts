// Online submission by a citizen or business account: drafts that survive a closed browser, the submission itself
// (national status 1 until a desk receives it), the applicant's own lists, and answering a supplement request.
import {
  appendAction,
  deriveDossier,
  type ActionInput,
} from '../../domain/dossier/index.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import {
  bumpVersion,
  deleteDraftRow,
  findByIdempotencyKey,
  getDossierRow,
  insertAction,
  insertDossier,
  projectionsOfApplicant,
  updateDraftRow,
  upsertProjections,
} from '../../store/dossiers.js';
import { linkFiles, unlinkFilesExcept } from '../../store/files.js';
import { getUser } from '../../store/users.js';
import type { Actor, UserActor } from '../actor.js';
import { requireUser } from '../actor.js';
import { appendAudit } from '../audit.js';
import { rulesInForce } from '../dossier-rules.js';
import type { AppContext } from '../context.js';
import { inTransaction, isUniqueViolation } from '../tx.js';
import { performAction } from './append.js';
import { actionToRow, projectionRow, summaryOf } from './codec.js';
import { buildView, checkFileIds, creatorKey, DOSSIER, extrasOf, liveFigures, loadDossier, requireAccess } from './core.js';
import {
  buildPinnedData,
  chooseCompetentUnit,
  draftPinned,
  hydratePinned,
  isOptionalDocument,
  procedureForChannel,
  resolveCalendars,
  unitSnapshot,
  unitsOfPinned,
} from './pinning.js';
import { notifyApplicant } from './notify.js';
import { newTrackingToken } from './reception.js';
import type { ApplicantInput, CreationResult, DossierSummary, DossierView, DraftInput, Page, SubmitOnlineInput, SupplementAnswerInput } from './types.js';
import { buildChecklist, checkApplicant, checkIdempotencyKey, throwIfAny } from './validation.js';
import { procedureVersionCode } from '../../store/catalogue.js';

const onlyApplicants = forbidden({ vi: 'Chỉ tài khoản công dân, doanh nghiệp mới nộp hồ sơ trực tuyến', en: 'Only citizen and business accounts submit online' });

function requireApplicantAccount(actor: Actor): UserActor {
  const u = requireUser(actor);
  if (u.userKind !== 'citizen' && u.userKind !== 'business') throw onlyApplicants;
  return u;
}

/** The account's own data as the applicant, overridden field by field by what the form sent. */
async function prefilledApplicant(ctx: AppContext, user: UserActor, given: Partial<ApplicantInput> | null | undefined): Promise<Partial<ApplicantInput>> {
  const u = await getUser(ctx.db, user.userId);
  const base: Partial<ApplicantInput> = {
    kind: user.userKind === 'business' ? 'organisation' : 'citizen',
    fullName: u?.full_name ?? user.fullName,
    idNumber: u?.id_number ?? null,
    organisationName: u?.organisation_name ?? null,
    taxCode: u?.tax_code ?? null,
    phone: u?.phone ?? null,
    email: u?.email ?? null,
    address: null,
  };
  const out: Partial<ApplicantInput> = { ...base };
  for (const [k, v] of Object.entries(given ?? {})) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

const draftDocuments = (body: { documents: { name: string; originals: number; copies: number; group: string | null }[] }) =>
  body.documents.map((d) => ({ name: d.name, originals: d.originals, copies: d.copies, group: d.group, optional: isOptionalDocument(d) }));

/**
 * Creates or updates a draft (a dossier with no action yet), prefilled with the account's data. It is kept until it
 * is submitted or deleted, whatever happens to the browser. Documents are checked only for their shape here.
 */
export async function saveDraft(ctx: AppContext, actor: Actor, input: DraftInput): Promise<DossierView> {
  const user = requireApplicantAccount(actor);
  const now = ctx.clock();
  const proc = await procedureForChannel(ctx, input?.procedureCode, 'online');
  const units = await unitSnapshot(ctx);
  const { applicant, problems } = checkApplicant(await prefilledApplicant(ctx, user, input.applicant), 'applicant', false);
  const chosen = chooseCompetentUnit(proc.body, units, input.competentUnitCode, null);
  if (input.competentUnitCode && chosen.problem) problems.push(chosen.problem);
  const checklist = buildChecklist(draftDocuments(proc.body), input.documents, 'loose_online');
  problems.push(...checklist.problems);
  throwIfAny(problems);
  const draftId = input.draftId ?? null;
  if (draftId !== null) {
    const row = await getDossierRow(ctx.db, draftId);
    if (!row || row.applicant_user_id !== user.userId) throw notFound(DOSSIER);
    if (row.version > 0) throw new AppError('conflict', 'already_submitted', { vi: 'Hồ sơ đã được nộp, không sửa bản nháp được nữa', en: 'The dossier was submitted; the draft can no longer be edited' });
  }
  await checkFileIds(ctx, actor, checklist.fileIds, draftId, 'documents');
  const extras = extrasOf({ applicant, applicant_user_id: user.userId }, { code: proc.body.code, name: proc.body.name });
  const draft = draftPinned(await resolveCalendars(ctx, units, []));
  const empty = deriveDossier([], draft, now);
  const id = await inTransaction(ctx, async (trx) => {
    const fields = {
      procedure_version_id: proc.versionId,
      process_version_id: proc.processVersionId,
      applicant: JSON.stringify(applicant),
      documents: JSON.stringify(checklist.entries),
      competent_unit_id: chosen.unit?.id ?? null,
    };
    let id: number;
    if (draftId === null) {
      const row = await insertDossier(trx, {
        ...fields,
        code: null,
        channel: 'online',
        pinned: null,
        applicant_user_id: user.userId,
        receiving_unit_id: null,
        tracking_token: newTrackingToken(),
        creator_key: creatorKey(actor),
        created_by_user_id: user.userId,
        idempotency_key: null,
        version: 0,
        created_at: now,
        updated_at: now,
      });
      id = row.id;
    } else {
      const row = await updateDraftRow(trx, draftId, fields, now);
      if (!row) throw new AppError('conflict', 'already_submitted', { vi: 'Hồ sơ đã được nộp, không sửa bản nháp được nữa', en: 'The dossier was submitted; the draft can no longer be edited' });
      id = row.id;
      await unlinkFilesExcept(trx, id, checklist.fileIds);
    }
    await linkFiles(trx, id, checklist.fileIds);
    await upsertProjections(trx, [projectionRow(id, empty, draft, extras, now)]);
    await appendAudit(trx, actor, now, { action: draftId === null ? 'dossier.draft_create' : 'dossier.draft_update', targetType: 'dossier', targetId: id, details: { procedureCode: proc.body.code } });
    return id;
  });
  const l = await loadDossier(ctx, id, now);
  return buildView(ctx, l, 'applicant');
}

/** Deletes one of the account's drafts. */
export async function deleteDraft(ctx: AppContext, actor: Actor, draftId: number): Promise<void> {
  const user = requireApplicantAccount(actor);
  const row = await getDossierRow(ctx.db, draftId);
  if (!row || row.applicant_user_id !== user.userId) throw notFound(DOSSIER);
  await inTransaction(ctx, async (trx, now) => {
    if (!(await deleteDraftRow(trx, draftId)))
      throw new AppError('conflict', 'already_submitted', { vi: 'Hồ sơ đã được nộp, không xóa được', en: 'The dossier was submitted and cannot be deleted' });
    await appendAudit(trx, actor, now, { action: 'dossier.draft_delete', targetType: 'dossier', targetId: draftId, details: {} });
  });
}

function pageArgs(page: number | undefined, pageSize: number | undefined) {
  const size = Math.min(Math.max(Math.trunc(pageSize ?? 20) || 20, 1), 100);
  const p = Math.max(Math.trunc(page ?? 1) || 1, 1);
  return { page: p, pageSize: size, offset: (p - 1) * size };
}

/** The account's drafts, most recently edited first. */
export async function listMyDrafts(ctx: AppContext, actor: Actor, opts: { page?: number; pageSize?: number } = {}): Promise<Page<DossierSummary>> {
  const user = requireApplicantAccount(actor);
  const a = pageArgs(opts.page, opts.pageSize);
  const r = await projectionsOfApplicant(ctx.db, user.userId, { drafts: true, limit: a.pageSize, offset: a.offset });
  return { items: r.rows.map((x) => summaryOf(x, { remaining: null, late: false, dueSoon: false, lateWithoutApology: false, lateApologisedLate: false, apologyDueSoon: false })), total: r.total, page: a.page, pageSize: a.pageSize };
}

/** The account's submitted dossiers (whatever their state), most recently changed first. */
export async function listMyDossiers(ctx: AppContext, actor: Actor, opts: { page?: number; pageSize?: number } = {}): Promise<Page<DossierSummary>> {
  const user = requireApplicantAccount(actor);
  const a = pageArgs(opts.page, opts.pageSize);
  const r = await projectionsOfApplicant(ctx.db, user.userId, { drafts: false, limit: a.pageSize, offset: a.offset });
  const now = ctx.clock();
  const calendars = await resolveCalendars(ctx, await unitSnapshot(ctx), r.rows.flatMap((x) => [x.receiving_unit_id, x.current_unit_id]));
  return {
    items: r.rows.map((x) => summaryOf(x, liveFigures(x, now, calendars))),
    total: r.total,
    page: a.page,
    pageSize: a.pageSize,
  };
}

const alreadySubmitted = () =>
  new AppError('conflict', 'already_submitted', { vi: 'Hồ sơ đã được nộp', en: 'The dossier has already been submitted' });

/**
 * Submits a draft: the procedure version in force is pinned for the online channel, every document that is not
 * conditional must have files, and the dossier goes to the procedure's receiving desk (or its competent unit) in
 * national status 1. A retry with the same idempotency key returns the submitted dossier (`created: false`).
 */
export async function submitOnline(ctx: AppContext, actor: Actor, input: SubmitOnlineInput): Promise<CreationResult> {
  const user = requireApplicantAccount(actor);
  const now = ctx.clock();
  throwIfAny(checkIdempotencyKey(input?.idempotencyKey));
  const row = await getDossierRow(ctx.db, input.draftId);
  if (!row || row.applicant_user_id !== user.userId) throw notFound(DOSSIER);
  const replay = async (): Promise<CreationResult> => {
    const l = await loadDossier(ctx, row.id, ctx.clock());
    return { dossier: await buildView(ctx, l, requireAccess(actor, l)), created: false };
  };
  if (row.version > 0) {
    if (row.idempotency_key === input.idempotencyKey) return replay();
    throw alreadySubmitted();
  }
  const procCode = await procedureVersionCode(ctx.db, row.procedure_version_id);
  const proc = await procedureForChannel(ctx, procCode, 'online');
  const units = await unitSnapshot(ctx);
  const { applicant, problems } = checkApplicant(row.applicant, 'applicant', true);
  const competent = row.competent_unit_id !== null ? units.byId.get(row.competent_unit_id) : chooseCompetentUnit(proc.body, units, null, null).unit;
  if (!competent || !proc.body.competentUnits.includes(competent.code))
    problems.push({ path: 'competentUnitCode', message: { vi: 'Chọn cơ quan có thẩm quyền giải quyết', en: 'Choose the competent unit' } });
  throwIfAny(problems);
  const desk = proc.body.receivingUnit ? (units.byCode.get(proc.body.receivingUnit) ?? competent!) : competent!;
  const data = buildPinnedData(proc, 'online', desk.id, competent!.id, units, await rulesInForce(ctx));
  // Against the version in force: if the procedure was amended since the draft was saved, its list may differ.
  const checklist = buildChecklist(
    data.documents,
    row.documents.map((d) => ({ name: d.name, fileIds: d.fileIds ?? [], extra: d.extra })),
    'complete_online',
  );
  throwIfAny(checklist.problems);
  const calendars = await resolveCalendars(ctx, units, [desk.id, competent!.id, ...unitsOfPinned(data)]);
  const pinned = hydratePinned(data, units, calendars);
  const empty = deriveDossier([], pinned, now);
  const proposed: ActionInput = {
    type: 'submit_online',
    at: now,
    actorId: user.userId,
    actorRoles: ['applicant'],
    unitId: desk.id,
    delegation: null,
    comment: null,
    attachments: [],
    payload: { competentUnitId: competent!.id, dossierCode: null, resultDelivery: input.resultDelivery ?? null },
  };
  const { action, state } = appendAction(empty, pinned, proposed, 0, now);
  const extras = extrasOf({ applicant, applicant_user_id: user.userId }, { code: data.procedureCode, name: data.procedureName });
  try {
    await inTransaction(ctx, async (trx) => {
      const moved = await bumpVersion(trx, row.id, 0, now, {
        pinned: JSON.stringify(data),
        procedure_version_id: proc.versionId,
        process_version_id: proc.processVersionId,
        applicant: JSON.stringify(applicant),
        documents: JSON.stringify(checklist.entries),
        competent_unit_id: competent!.id,
        idempotency_key: input.idempotencyKey,
      });
      if (!moved) throw alreadySubmitted();
      await insertAction(trx, actionToRow(row.id, action, now));
      await linkFiles(trx, row.id, checklist.fileIds);
      await upsertProjections(trx, [projectionRow(row.id, state, pinned, extras, now)]);
      await appendAudit(trx, actor, now, {
        action: 'dossier.submit_online',
        targetType: 'dossier',
        targetId: row.id,
        unitId: desk.id,
        details: { procedureCode: data.procedureCode, seq: 1 },
      });
      // The acknowledgement, with the submission's reference (no code is issued before reception).
      await notifyApplicant(trx, now, {
        dossierId: row.id,
        code: null,
        procedureName: data.procedureName,
        applicant,
        action,
        state,
        trackingToken: row.tracking_token,
        deskName: desk.name,
        publicBaseUrl: ctx.config.publicBaseUrl,
      });
    });
  } catch (e) {
    if (isUniqueViolation(e, 'dossiers_idempotency_unique')) {
      const other = await findByIdempotencyKey(ctx.db, creatorKey(actor), input.idempotencyKey);
      if (other?.id === row.id) return replay();
      throw new AppError('unprocessable', 'idempotency_key_reused', { vi: 'Khóa chống gửi trùng đã được dùng cho một hồ sơ khác', en: 'This idempotency key was already used for another dossier' }, [
        { path: 'idempotencyKey', message: { vi: 'Khóa đã dùng cho một hồ sơ khác', en: 'Key already used for another dossier' } },
      ]);
    }
    if (e instanceof AppError && e.code === 'already_submitted') {
      const again = await getDossierRow(ctx.db, row.id);
      if (again?.idempotency_key === input.idempotencyKey) return replay();
    }
    throw e;
  }
  const l = await loadDossier(ctx, row.id, now);
  return { dossier: await buildView(ctx, l, 'applicant'), created: true };
}

/**
 * The applicant answers a supplement request online (during processing, or before reception after form 02): the
 * files go with the `supplement_received` action, and the clock resumes or restarts as the procedure's policy says.
 */
export async function answerSupplement(ctx: AppContext, actor: Actor, dossierId: number, input: SupplementAnswerInput): Promise<DossierView> {
  requireApplicantAccount(actor);
  return performAction(ctx, actor, dossierId, {
    type: 'supplement_received',
    payload: { note: input?.note ?? null },
    attachments: input?.fileIds ?? [],
    comment: input?.comment ?? null,
    expectedVersion: input?.expectedVersion,
  });
}
