// From the catalogue to a dossier's pinned data, and back from stored pinned data to the domain's PinnedProcedure.
// The catalogue speaks in agency codes, procedure bodies and process bodies; a dossier is judged against unit ids,
// minutes and one channel's limit, fixed when it is submitted or received.
import { normaliseAgencyCode } from '../../domain/agency-code.js';
import type { Calendar } from '../../domain/calendar/index.js';
import {
  RECEIVING,
  canonicalBody,
  effectiveLimit,
  readProcess,
  stepMinutes,
  type ProcedureBody,
  type ProcessBody,
  type RequiredDocument,
} from '../../domain/catalogue/index.js';
import { pinnedProblems, type Channel, type DossierRules, type PinnedProcedure, type PinnedStep } from '../../domain/dossier/index.js';
import { AppError, invalid, type FieldError } from '../../domain/errors.js';
import { ancestorsOf, type UnitKind } from '../../domain/org.js';
import { getProcedureRow, getProcedureRowById, getVersion, processForVersion } from '../../store/catalogue.js';
import { calendarForUnit } from '../calendar.js';
import type { AppContext } from '../context.js';
import type { PinnedData, UnitRef } from './types.js';
import { unitTreeStamps, unitTree } from '../../store/units.js';

// ---------------------------------------------------------------------------------------------------------------
// Province defaults for the clock policies a procedure's internal process leaves unset (ProcessBody).

/**
 * Decree 61/2018: once the complete supplement arrives, the time limit starts again. Decision 766's on-time rule
 * (waits subtracted) is computed by the indices from the same actions, whatever this policy.
 */
export const DEFAULT_SUPPLEMENT_POLICY: 'pause' | 'restart' = 'restart';
/** Sectoral law (land above all) leaves the time spent paying taxes and fees out of the limit. */
export const DEFAULT_PAYMENT_POLICY: 'pause' | 'run' = 'pause';

// ---------------------------------------------------------------------------------------------------------------
// Units

const COMMUNE_KINDS: readonly UnitKind[] = ['commune', 'ward', 'special_zone'];

export interface UnitFact extends UnitRef {
  parentId: number | null;
  kind: UnitKind;
  active: boolean;
  rootId: number;
}

export interface UnitSnapshot {
  byId: Map<number, UnitFact>;
  byCode: Map<string, UnitFact>;
  parentOf: Map<number, number | null>;
  /** Changes whenever a unit changes: keys the calendar cache. */
  stamp: string;
  /** The calendar revision read with the stamp (one round trip for both). */
  calendarRevision: number;
}

const unitCaches = new WeakMap<AppContext, UnitSnapshot>();

/**
 * Every unit with its kind and root, cached per process and reloaded when any unit changed; with the current
 * calendar revision, read in the same query.
 */
export async function unitSnapshot(ctx: AppContext): Promise<UnitSnapshot> {
  const s = await unitTreeStamps(ctx.db);
  const stamp = `${s.count}:${s.updatedAt?.getTime() ?? 0}`;
  const calendarRevision = s.calendarRevision ?? 0;
  const hit = unitCaches.get(ctx);
  if (hit && hit.stamp === stamp) return hit.calendarRevision === calendarRevision ? hit : { ...hit, calendarRevision };
  const rows = await unitTree(ctx.db);
  const parentOf = new Map(rows.map((r) => [r.id, r.parent_id]));
  const byId = new Map<number, UnitFact>();
  const byCode = new Map<string, UnitFact>();
  for (const r of rows) {
    const chain = ancestorsOf(r.id, parentOf);
    const f: UnitFact = { id: r.id, code: r.code, name: r.name, shortName: r.short_name, parentId: r.parent_id, kind: r.kind, active: r.active, rootId: chain[chain.length - 1]! };
    byId.set(r.id, f);
    byCode.set(r.code, f);
  }
  const snap = { byId, byCode, parentOf, stamp, calendarRevision };
  unitCaches.set(ctx, snap);
  return snap;
}

export const unitRef = (u: UnitFact): UnitRef => ({ id: u.id, code: u.code, name: u.name, shortName: u.shortName });

export function unitByCode(units: UnitSnapshot, code: string | null | undefined): UnitFact | undefined {
  if (!code) return undefined;
  const full = normaliseAgencyCode(code.trim());
  return full ? units.byCode.get(full) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Calendars

export interface Calendars {
  of(unitId: number): Calendar;
  /** The calendar used for a unit that was not resolved beforehand (the national one). */
  fallback: Calendar;
}

interface CalendarCache {
  key: string;
  byUnit: Map<number, Calendar>;
  national: Calendar;
}
const calendarCaches = new WeakMap<AppContext, CalendarCache>();

/**
 * The calendars of `unitIds`, resolved before any derivation (PinnedProcedure.calendarOf is synchronous). Each is
 * calendarForUnit's; they are kept per process until the calendar revision (as read with the unit snapshot) or the
 * unit tree changes.
 */
export async function resolveCalendars(ctx: AppContext, units: UnitSnapshot, unitIds: Iterable<number | null | undefined>): Promise<Calendars> {
  const key = `${units.calendarRevision}|${units.stamp}`;
  let c = calendarCaches.get(ctx);
  if (!c || c.key !== key) {
    c = { key, byUnit: new Map(), national: await calendarForUnit(ctx, null) };
    calendarCaches.set(ctx, c);
  }
  const cache = c;
  const missing = [...new Set([...unitIds].filter((u): u is number => typeof u === 'number' && units.byId.has(u) && !cache.byUnit.has(u)))];
  const found = await Promise.all(missing.map((u) => calendarForUnit(ctx, u)));
  missing.forEach((u, i) => cache.byUnit.set(u, found[i]!));
  return { of: (u) => cache.byUnit.get(u) ?? cache.national, fallback: cache.national };
}

// ---------------------------------------------------------------------------------------------------------------
// Procedures

export interface ReceivableProcedure {
  procedureId: number;
  versionId: number;
  versionNumber: number;
  body: ProcedureBody;
  process: ProcessBody | null;
  processVersionId: number | null;
}

const unknownProcedure = (code: string) =>
  invalid('unknown_procedure', { vi: `Không có thủ tục hành chính mã ${code}`, en: `There is no procedure with the code ${code}` }, [
    { path: 'procedureCode', message: { vi: 'Mã thủ tục không tồn tại hoặc chưa được công bố', en: 'Unknown or unpublished procedure code' } },
  ]);

/** The version in force of a procedure (and its current process), refusing retired procedures and missing channels. */
export async function procedureForChannel(ctx: AppContext, code: string, channel: Channel): Promise<ReceivableProcedure> {
  const trimmed = typeof code === 'string' ? code.trim() : '';
  const row = trimmed ? await getProcedureRow(ctx.db, trimmed) : undefined;
  if (!row || row.status === 'draft' || row.current_version_id === null) throw unknownProcedure(trimmed);
  if (row.status === 'replaced') {
    const by = row.replaced_by_id ? await getProcedureRowById(ctx.db, row.replaced_by_id) : undefined;
    const name = by ? `${by.code} (${by.name})` : '';
    throw invalid(
      'procedure_replaced',
      { vi: `Thủ tục ${row.code} đã được thay thế bởi thủ tục ${name}`, en: `Procedure ${row.code} has been replaced by ${name}` },
      [{ path: 'procedureCode', message: { vi: `Hãy dùng thủ tục ${by?.code ?? ''}`, en: `Use procedure ${by?.code ?? ''} instead` } }],
    );
  }
  if (row.status === 'abolished') {
    const d = row.status_decision;
    const by = d ? ` theo Quyết định ${d.number} ngày ${d.date}` : '';
    const byEn = d ? ` by decision ${d.number} of ${d.date}` : '';
    throw invalid('procedure_abolished', { vi: `Thủ tục ${row.code} đã bị bãi bỏ${by}`, en: `Procedure ${row.code} has been abolished${byEn}` }, [
      { path: 'procedureCode', message: { vi: 'Thủ tục đã bị bãi bỏ', en: 'The procedure is abolished' } },
    ]);
  }
  const version = await getVersion(ctx.db, row.current_version_id);
  if (!version) throw unknownProcedure(trimmed);
  const body = canonicalBody(version.body);
  const terms = body.channels[channel];
  if (!terms || (channel === 'online' && body.onlineLevel === null)) {
    const label = { counter: ['trực tiếp', 'at the counter'], online: ['trực tuyến', 'online'], postal: ['qua bưu chính công ích', 'by post'] }[channel];
    throw invalid('channel_not_offered', { vi: `Thủ tục ${row.code} không tiếp nhận ${label[0]}`, en: `Procedure ${row.code} is not received ${label[1]}` }, [
      { path: 'channel', message: { vi: 'Kênh này không được cung cấp cho thủ tục', en: 'This channel is not offered for the procedure' } },
    ]);
  }
  if (!effectiveLimit(body, channel))
    throw new AppError('conflict', 'procedure_without_limit', {
      vi: `Thủ tục ${row.code} chưa có thời hạn giải quyết nên chưa thể tiếp nhận; hãy báo quản lý danh mục`,
      en: `Procedure ${row.code} has no time limit, so it cannot be received yet; tell the catalogue managers`,
    });
  const p = await processForVersion(ctx.db, version.id);
  return {
    procedureId: row.id,
    versionId: version.id,
    versionNumber: version.number,
    body,
    process: p ? readProcess(p.body).body : null,
    processVersionId: p?.id ?? null,
  };
}

/** The units that may decide the procedure, as unit facts (unknown codes skipped). */
export function competentUnitsOf(body: ProcedureBody, units: UnitSnapshot): UnitFact[] {
  return body.competentUnits.map((c) => unitByCode(units, c)).filter((u): u is UnitFact => u !== undefined);
}

/**
 * The competent unit: the one named (it must be one of the procedure's), else the only one, else the desk's own
 * unit when it is one of them. Null when a choice is still needed (a draft may wait for it).
 */
export function chooseCompetentUnit(body: ProcedureBody, units: UnitSnapshot, code: string | null | undefined, deskUnitId: number | null): { unit: UnitFact | null; problem: FieldError | null } {
  const list = competentUnitsOf(body, units);
  if (code) {
    const u = unitByCode(units, code);
    if (!u || !list.some((x) => x.id === u.id))
      return {
        unit: null,
        problem: { path: 'competentUnitCode', message: { vi: `${code} không phải cơ quan có thẩm quyền giải quyết thủ tục này`, en: `${code} is not a competent unit of this procedure` } },
      };
    return { unit: u, problem: null };
  }
  if (list.length === 1) return { unit: list[0]!, problem: null };
  const own = deskUnitId === null ? undefined : list.find((u) => u.id === deskUnitId);
  if (own) return { unit: own, problem: null };
  return {
    unit: null,
    problem: { path: 'competentUnitCode', message: { vi: 'Chọn cơ quan có thẩm quyền giải quyết', en: 'Choose the competent unit' } },
  };
}

/** A conditional document ("… (nếu có)", "… (khi nộp thay …)", "Trường hợp …") may be missing from a complete dossier. */
export function isOptionalDocument(d: Pick<RequiredDocument, 'name' | 'group'>): boolean {
  return /\(\s*(nếu|khi|trường hợp|đối với)/iu.test(d.name) || /^\s*trường hợp/iu.test(d.group ?? '') || /^\s*trường hợp/iu.test(d.name);
}

// ---------------------------------------------------------------------------------------------------------------
// Pinning

const notReceivable = (vi: string, en: string) => new AppError('conflict', 'procedure_not_receivable', { vi, en });

/**
 * Builds the pinned data for a dossier of `proc` on `channel`, received (or submitted) at `receivingUnitId` for
 * `competentUnitId`. The process's "receiving" placeholder becomes the actual receiving desk for desk steps, and
 * the procedure's designated receiver (its receiving desk, else the competent unit) for the other roles — so a
 * commune dossier received "phi địa giới" at another commune's desk is still examined and signed by its commune.
 * `rules`: the province's dossier rules in force now (src/app/dossier-rules.ts); the dossier keeps them.
 */
export function buildPinnedData(proc: ReceivableProcedure, channel: Channel, receivingUnitId: number, competentUnitId: number, units: UnitSnapshot, rules: DossierRules): PinnedData {
  const body = proc.body;
  const terms = body.channels[channel]!;
  const limit = effectiveLimit(body, channel)!;
  const designated = body.receivingUnit ? unitByCode(units, body.receivingUnit) : undefined;
  const idOf = (code: string, what: string): number => {
    const u = unitByCode(units, code);
    if (!u || !u.active)
      throw notReceivable(
        `Quy trình nội bộ của thủ tục ${body.code} nêu ${what} ${code} không tồn tại hoặc đã ngừng hoạt động; hãy báo quản lý danh mục`,
        `The internal process of procedure ${body.code} names ${what} ${code}, which does not exist or is inactive; tell the catalogue managers`,
      );
    return u.id;
  };
  const receivingDeskSteps: number[] = [];
  const steps: PinnedStep[] = (proc.process?.steps ?? []).map((s, index) => {
    let unitId: number;
    if (s.unit === RECEIVING) {
      if (s.role === 'desk') {
        unitId = receivingUnitId;
        receivingDeskSteps.push(index);
      } else unitId = designated?.id ?? competentUnitId;
    } else unitId = idOf(s.unit, 'đơn vị');
    return { index, name: s.name, unitId, role: s.role, allottedWorkingMinutes: stepMinutes(s.time), maySendBack: index > 0 && s.maySendBack };
  });
  const parts = proc.process?.participants ?? [];
  const interAgency =
    parts.length > 0 ? parts.map((x) => ({ unitId: idOf(x.agency, 'cơ quan phối hợp'), task: x.task, allottedWorkingMinutes: stepMinutes(x.time), lead: x.lead })) : null;
  const competentUnitIds = competentUnitsOf(body, units).map((u) => u.id);
  const data: PinnedData = {
    format: 1,
    procedureCode: body.code,
    procedureName: body.name,
    procedureVersionId: proc.versionId,
    procedureVersionNumber: proc.versionNumber,
    processVersionId: proc.processVersionId,
    channel,
    limit,
    legalLimit: terms.timeLimit ?? limit,
    reduced: terms.reducedTimeLimit !== null,
    fees: terms.fees.map((f) => ({ name: f.name, amountVnd: f.amountVnd, note: f.note })),
    supplementPolicy: proc.process?.supplementPolicy ?? DEFAULT_SUPPLEMENT_POLICY,
    paymentPolicy: proc.process?.paymentPolicy ?? DEFAULT_PAYMENT_POLICY,
    steps,
    receivingDeskSteps,
    interAgency,
    // Decree 61/2018 Art. 16-17: the parts run in the order the approved process sets, one after another unless it
    // says parallel; each part's clock starts when that agency actually gets the dossier.
    interAgencyDispatch: proc.process?.interAgencyDispatch ?? 'sequential',
    signatureRequired: true,
    ...(proc.process?.repeatSupplementRequests ? { repeatSupplementRequests: true } : {}),
    rules: { ...rules, stopGrounds: rules.stopGrounds.map((g) => ({ code: g.code, label: { ...g.label } })) },
    competentUnitIds: competentUnitIds.includes(competentUnitId) ? competentUnitIds : [...competentUnitIds, competentUnitId],
    // Where it is received: the catalogue's receiving desk, and any desk step the process pins to a named unit.
    designatedReceiverIds: [
      ...new Set([...(designated ? [designated.id] : []), ...steps.filter((s, i) => s.role === 'desk' && !receivingDeskSteps.includes(i)).map((s) => s.unitId)]),
    ],
    documents: body.documents.map((d) => ({ name: d.name, originals: d.originals, copies: d.copies, group: d.group, optional: isOptionalDocument(d) })),
    results: body.results.map((r) => r.name),
  };
  // The catalogue validates processes; this catches a mapping the domain would misjudge (e.g. a zero limit).
  const problems = pinnedProblems({ ...data, calendarOf: () => undefined as never });
  if (problems.length > 0)
    throw notReceivable(
      `Dữ liệu thủ tục ${body.code} chưa đủ để tiếp nhận: ${problems.map((p) => `${p.path}: ${p.message.vi}`).join('; ')}`,
      `Procedure ${body.code} cannot be received as published: ${problems.map((p) => `${p.path}: ${p.message.en}`).join('; ')}`,
    );
  return data;
}

/** The same pinned data with its receiving desk steps moved to the desk that actually received the dossier. */
export function withReceivingUnit(data: PinnedData, receivingUnitId: number): PinnedData {
  if (data.receivingDeskSteps.length === 0) return data;
  return { ...data, steps: data.steps.map((s) => (data.receivingDeskSteps.includes(s.index) ? { ...s, unitId: receivingUnitId } : s)) };
}

/**
 * May the desk of `receivingUnitId` receive for `competentUnitId`? The procedure's designated receiving desk (a
 * service centre receiving for departments, or the desk its process names) — and then only it; without one, the
 * competent unit itself; and "phi địa giới": any commune-level unit or service centre of the same province (same
 * root unit) for any commune-level competent unit.
 */
export function mayReceiveFor(data: PinnedData, units: UnitSnapshot, receivingUnitId: number, competentUnitId: number): boolean {
  const designated = data.designatedReceiverIds ?? [];
  if (designated.length > 0) {
    if (designated.includes(receivingUnitId) && data.competentUnitIds.includes(competentUnitId)) return true;
  } else if (receivingUnitId === competentUnitId) return true;
  const r = units.byId.get(receivingUnitId);
  const c = units.byId.get(competentUnitId);
  if (!r || !c || !r.active) return false;
  return COMMUNE_KINDS.includes(c.kind) && (COMMUNE_KINDS.includes(r.kind) || r.kind === 'service_centre') && r.rootId === c.rootId;
}

/** Stored pinned data + calendars → the domain's PinnedProcedure. */
export function hydratePinned(data: PinnedData, units: UnitSnapshot, calendars: Calendars): PinnedProcedure {
  return {
    procedureCode: data.procedureCode,
    limit: data.limit,
    supplementPolicy: data.supplementPolicy,
    paymentPolicy: data.paymentPolicy,
    steps: data.steps,
    interAgency: data.interAgency,
    interAgencyDispatch: data.interAgencyDispatch,
    signatureRequired: data.signatureRequired,
    repeatSupplementRequests: data.repeatSupplementRequests === true,
    rules: data.rules,
    calendarOf: (unitId) => calendars.of(unitId),
    mayReceiveFor: (r, c) => mayReceiveFor(data, units, r, c),
  };
}

/** A stand-in for drafts, which have no pinned data: with no action, derivation never reads it. */
export function draftPinned(calendars: Calendars): PinnedProcedure {
  return {
    limit: { amount: 1, unit: 'working_days' },
    supplementPolicy: DEFAULT_SUPPLEMENT_POLICY,
    paymentPolicy: DEFAULT_PAYMENT_POLICY,
    steps: [],
    interAgency: null,
    calendarOf: () => calendars.fallback,
  };
}

/** Units whose calendars a dossier's derivation may need. */
export function unitsOfPinned(data: PinnedData | null): number[] {
  if (!data) return [];
  return [...data.steps.map((s) => s.unitId), ...(data.interAgency ?? []).map((p) => p.unitId), ...data.competentUnitIds, ...data.designatedReceiverIds];
}
