// Administrative forms 01–07 (Circular 01/2018/TT-VPCP, renumbered by Circular 03/2025) built from a dossier's
// derived state. The builders are pure: the same view and options give the same document, which the HTTP layer
// renders both as PDF and as printable HTML. The use cases below load what the builders need and authorise.
import { addDays, formatVnInstant, isVnDate, vnDateOf, vnInstant } from '../../domain/calendar/index.js';
import { formatLimit, formatWorkingMinutes } from '../../domain/catalogue/index.js';
import {
  OUTCOME_LABELS,
  RETURN_METHOD_LABELS,
  type DossierAction,
  type Phase,
  type StepRecord,
  type TimelineEntry,
} from '../../domain/dossier/index.js';
import { AppError, forbidden, notFound, type Bilingual, type FieldError } from '../../domain/errors.js';
import { vietnameseLongDate, type FormBlock, type FormDocument, type FormHeader } from '../../domain/form-document.js';
import type { Outcome } from '../../domain/calendar/index.js';
import { ROLES } from '../../domain/org.js';
import { listActions, trackingBookRows } from '../../store/dossiers.js';
import type { Actor } from '../actor.js';
import { requireStaff } from '../actor.js';
import { jurisdiction, requireRoleOn } from '../authz.js';
import type { AppContext } from '../context.js';
import { actionFromRow } from './codec.js';
import { getDossier } from './reads.js';
import type { Applicant, DossierView, UnitRef } from './types.js';
import { applicantName } from './validation.js';
import { unitLetterheads, unitExists, activeUnitRefs } from '../../store/units.js';
import { membershipTitles } from '../../store/users.js';
import { fieldOf, isOneOf } from '../../domain/one-of.js';

// ---------------------------------------------------------------------------------------------------------------
// Options the builders take besides the view

export const DOSSIER_FORM_NUMBERS = ['01', '02', '03', '04', '05', '06'] as const;
export type DossierFormNo = (typeof DOSSIER_FORM_NUMBERS)[number];
export const isDossierFormNo = (x: unknown): x is DossierFormNo => isOneOf(DOSSIER_FORM_NUMBERS, x);

/** A unit as a letterhead and a contact line need it. */
export interface UnitDetails {
  name: string;
  /** The unit above it ("Ủy ban nhân dân tỉnh Hòa Giang"), printed as the first line of the letterhead. */
  parentName: string | null;
  address: string | null;
  phone: string | null;
}

export interface FormOptions {
  /** When the form is printed: the date line of forms 06 and 07. */
  printedAt: Date;
  /** Letterhead and contact details by unit id; a unit missing here is printed with its name from the view. */
  unitDetails?: Record<number, UnitDetails>;
  /** Place on the date line ("Hòa Giang"); left out when empty. */
  place?: string;
  /**
   * The dossier's actions. The derived state does not keep every descriptive payload (the reasons of a refusal or
   * a stop), so forms 03 and 05 read them here.
   */
  actions?: readonly DossierAction[];
  /** Job titles of the people who sign, by user id: printed above their names. */
  titles?: Record<number, { unitId: number; title: string | null }[]>;
}

export interface Form01Options extends FormOptions {
  /** `${publicBaseUrl}/tra-cuu/${code}?t=${trackingToken}`: printed as a QR code and as text. */
  trackingUrl: string;
}

export interface Form02Options extends FormOptions {
  /** The seq of the supplement request to print; by default the latest. */
  seq?: number | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Text helpers

const pad2 = (n: string | number) => String(n).padStart(2, '0');

/** "14 giờ 30 phút, ngày 23/11/2026" in Vietnamese time, as the forms print instants. */
export function vnDateTimeText(d: Date): string {
  const s = formatVnInstant(d);
  return `${s.slice(11, 13)} giờ ${s.slice(14, 16)} phút, ngày ${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
}

/** "23/11/2026" for an instant (its Vietnamese day) or a 'YYYY-MM-DD' date. */
export function vnShortDate(d: Date | string): string {
  const s = typeof d === 'string' ? d : vnDateOf(d);
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
}

/** "14:30 23/11/2026": the compact form used in table cells. */
function vnCompact(d: Date | null | undefined): string {
  if (!d) return '';
  const s = formatVnInstant(d);
  return `${s.slice(11, 16)} ${vnShortDate(d)}`;
}

const vnd = (n: number) => `${Math.round(n).toLocaleString('vi-VN')} đồng`;

/** "Ủy ban nhân dân tỉnh Hòa Giang" → "UBND tỉnh Hòa Giang": how letterheads abbreviate the parent body. */
const abbreviateCommittee = (s: string) => s.replace(/^(Ủy|Uỷ) ban nhân dân\s+/iu, 'UBND ');

/** The place name of a root unit: "Ủy ban nhân dân tỉnh Hòa Giang" → "Hòa Giang". */
export function placeOf(rootName: string): string {
  return rootName
    .replace(/^((Ủy|Uỷ) ban nhân dân|UBND)\s+/iu, '')
    .replace(/^(tỉnh|thành phố|xã|phường|đặc khu)\s+/iu, '')
    .trim();
}

const upper = (s: string) => s.toLocaleUpperCase('vi');

function notApplicable(form: string, reason: Bilingual): AppError {
  return new AppError('conflict', 'form_not_applicable', {
    vi: `Không lập được mẫu số ${form}: ${reason.vi}`,
    en: `Form ${form} does not apply: ${reason.en}`,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Pieces shared by the forms

function unitName(view: DossierView, opts: FormOptions, id: number | null | undefined): string {
  if (id == null) return '';
  return opts.unitDetails?.[id]?.name ?? view.units[id]?.name ?? `#${id}`;
}

function personName(view: DossierView, id: number | null | undefined): string {
  return id == null ? '' : (view.people[id]?.fullName ?? '');
}

function agencyLines(view: DossierView, opts: FormOptions, unitId: number | null): string[] {
  if (unitId === null) return [];
  const parent = opts.unitDetails?.[unitId]?.parentName;
  return [...(parent ? [upper(abbreviateCommittee(parent))] : []), upper(unitName(view, opts, unitId))];
}

function header(view: DossierView, opts: FormOptions, unitId: number | null, date: Date): FormHeader {
  const day = vietnameseLongDate(vnDateOf(date));
  return {
    agencyLines: agencyLines(view, opts, unitId),
    reference: view.code ? `Mã hồ sơ: ${view.code}` : undefined,
    placeAndDate: opts.place ? `${opts.place}, ${day}` : day.charAt(0).toUpperCase() + day.slice(1),
  };
}

/** "Ông/Bà Nguyễn Văn A" or the organisation's name: how the letter addresses the applicant. */
function addressee(a: Applicant): string {
  return a.kind === 'organisation' && a.organisationName ? a.organisationName : `Ông/Bà ${a.fullName}`;
}

function applicantRows(a: Applicant): { label: string; value: string }[] {
  const rows =
    a.kind === 'organisation'
      ? [
          { label: 'Tên tổ chức', value: a.organisationName ?? '' },
          ...(a.taxCode ? [{ label: 'Mã số doanh nghiệp / mã số thuế', value: a.taxCode }] : []),
          { label: 'Người đại diện nộp hồ sơ', value: a.fullName },
        ]
      : [
          { label: 'Họ và tên người nộp hồ sơ', value: a.fullName },
          ...(a.idNumber ? [{ label: 'Số định danh cá nhân', value: a.idNumber }] : []),
        ];
  return [...rows, { label: 'Địa chỉ', value: a.address ?? '' }, { label: 'Số điện thoại', value: a.phone ?? '' }, { label: 'Thư điện tử', value: a.email ?? '' }];
}

function procedureLine(view: DossierView): string {
  return `${view.procedure.name} (mã thủ tục ${view.procedure.code})`;
}

/** Descriptive payload fields corrected after the fact (the latest correction wins). */
function correctedText(entry: TimelineEntry | undefined, field: string): string | undefined {
  const v = entry?.correctedData[field];
  return typeof v === 'string' ? v : Array.isArray(v) ? v.join('\n') : undefined;
}

function correctedList(entry: TimelineEntry | undefined, field: string): string[] | undefined {
  const v = entry?.correctedData[field];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : undefined;
}

/** A field of the payload of action `seq`, when the form was given the actions. */
function payloadField(opts: FormOptions, seq: number, key: string): unknown {
  return fieldOf(opts.actions?.find((a) => a.seq === seq)?.payload, key);
}

const entryOf = (view: DossierView, seq: number) => view.state.timeline.find((t) => t.seq === seq);

/** Reasons typed over several lines become a numbered list; one line stays a paragraph. */
function reasonBlocks(text: string): FormBlock[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*(\d+[.)]|[-–•])\s*/, '').trim())
    .filter(Boolean);
  if (lines.length === 0) return [{ kind: 'paragraph', text: '…' }];
  if (lines.length === 1) return [{ kind: 'paragraph', text: lines[0]! }];
  return [{ kind: 'list', items: lines, ordered: true }];
}

/** The signer's job title in that unit, upper-cased for the signature block; `fallback` when none is recorded. */
function signerTitle(opts: FormOptions, userId: number | null, unitId: number | null, fallback: string): string {
  const list = userId === null ? [] : (opts.titles?.[userId] ?? []);
  const t = list.find((m) => m.unitId === unitId && m.title)?.title ?? list.find((m) => m.title)?.title;
  return upper(t ?? fallback);
}

/** An empty first block puts a single signer on the right half, where Vietnamese letters sign. */
const RIGHT_HALF = { title: '' };

function delegationNote(view: DossierView, entry: TimelineEntry | undefined): string | undefined {
  if (!entry?.delegation) return undefined;
  return `(Ký theo ủy quyền của ${personName(view, entry.delegation.fromUserId) || 'thủ trưởng đơn vị'})`;
}

function fileName(form: string, view: DossierView): string {
  return `mau-${form}-${view.code ?? `ho-so-${view.id}`}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

const lastEntry = (view: DossierView, types: readonly string[]) => [...view.state.timeline].reverse().find((t) => !t.ignored && types.includes(t.type));

// ---------------------------------------------------------------------------------------------------------------
// 01 Receipt and appointment slip

export function form01(view: DossierView, opts: Form01Options): FormDocument {
  const s = view.state;
  if (!s.receivedAt || s.receivingUnitId === null || !view.code || !s.clock)
    throw notApplicable('01', { vi: 'hồ sơ chưa được tiếp nhận', en: 'the dossier has not been received' });
  const desk = s.receivingUnitId;
  const receive = lastEntry(view, ['receive']);
  const p = view.pinned;
  const documents = view.documents.filter((d) => d.provided);
  const limit = p
    ? p.reduced
      ? `${formatLimit(p.limit).vi} (thời hạn theo quy định ${formatLimit(p.legalLimit).vi}, đã được rút ngắn)`
      : formatLimit(p.legalLimit).vi
    : '';
  const fees = p && p.fees.length > 0 ? p.fees.map((f) => `${f.name}: ${vnd(f.amountVnd)}${f.note ? ` (${f.note})` : ''}`).join('; ') : 'Không';
  const deskDetails = opts.unitDetails?.[desk];
  const deskText = `Bộ phận tiếp nhận và trả kết quả, ${unitName(view, opts, desk)}${deskDetails?.address ? ` (${deskDetails.address})` : ''}`;
  // The applicant's choice at reception (or online submission); once returned, how it actually went.
  const chosen = s.returnMethod ?? s.resultDelivery;
  const where =
    chosen === 'counter'
      ? `${RETURN_METHOD_LABELS.counter.vi}: ${deskText}`
      : chosen === 'post'
        ? `${RETURN_METHOD_LABELS.post.vi}${view.applicant.address ? `, đến địa chỉ ${view.applicant.address}` : ''}`
        : chosen === 'online'
          ? `${RETURN_METHOD_LABELS.online.vi} trên Cổng Dịch vụ công`
          : `${s.channel === 'online' ? 'Trực tuyến trên Cổng Dịch vụ công hoặc tại ' : ''}${deskText}`;
  const due = s.clock.currentDueAt;
  const dueText = s.apology ? `${vnDateTimeText(due)} (đã hẹn lại; hẹn ban đầu: ${vnDateTimeText(s.apology.previousDueAt)})` : vnDateTimeText(due);
  const channel = s.channel === 'online' ? 'Trực tuyến' : s.channel === 'postal' ? 'Qua dịch vụ bưu chính công ích' : 'Trực tiếp tại Bộ phận Một cửa';
  return {
    formNumber: 'Mẫu số 01',
    title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
    header: header(view, opts, desk, s.receivedAt),
    blocks: [
      { kind: 'paragraph', text: `${unitName(view, opts, desk)} đã tiếp nhận hồ sơ của:` },
      { kind: 'fields', rows: applicantRows(view.applicant) },
      { kind: 'fields', rows: [{ label: 'Nội dung yêu cầu giải quyết', value: procedureLine(view) }] },
      { kind: 'paragraph', text: 'Thành phần hồ sơ nộp gồm:', bold: true },
      {
        kind: 'table',
        columns: [
          { title: 'TT', width: 1 },
          { title: 'Tên giấy tờ', width: 9 },
          { title: 'Bản chính', width: 2 },
          { title: 'Bản sao', width: 2 },
        ],
        rows: documents.map((d, i) => [String(i + 1), d.name, String(d.originals), String(d.copies)]),
      },
      {
        kind: 'fields',
        rows: [
          { label: 'Số lượng hồ sơ', value: '01 bộ' },
          { label: 'Hình thức nộp', value: channel },
          { label: 'Thời hạn giải quyết', value: limit },
          { label: 'Thời gian nhận hồ sơ', value: vnDateTimeText(s.receivedAt) },
          { label: 'Thời gian trả kết quả giải quyết hồ sơ', value: dueText },
          { label: 'Nơi nhận kết quả', value: where },
          { label: 'Phí, lệ phí', value: fees },
          { label: 'Vào Sổ theo dõi hồ sơ', value: `Quyển số ${vnDateOf(s.receivedAt).slice(0, 4)}, số thứ tự ${s.trackingBookNumber ?? '…'}` },
        ],
      },
      { kind: 'qr', text: opts.trackingUrl, caption: 'Quét mã QR hoặc truy cập địa chỉ dưới đây để tra cứu tình trạng giải quyết hồ sơ:' },
      {
        kind: 'signatures',
        blocks: [
          { title: 'NGƯỜI NỘP HỒ SƠ', note: '(Ký và ghi rõ họ tên)', name: view.applicant.fullName },
          { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', note: '(Ký và ghi rõ họ tên)', name: personName(view, receive?.actorId) },
        ],
      },
    ],
    fileName: fileName('01', view),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 02 Supplement request

interface SupplementSource {
  seq: number;
  at: Date;
  beforeReception: boolean;
  unitId: number | null;
  actorId: number | null;
  items: string[];
  reason: string;
}

function supplementSources(view: DossierView): SupplementSource[] {
  const s = view.state;
  const pre = s.preReceptionSupplements.map((r) => ({ seq: r.seq, at: r.at, beforeReception: true, unitId: entryOf(view, r.seq)?.unitId ?? null, items: r.items, reason: r.reason }));
  const during = s.supplementRequests.map((r) => ({ seq: r.seq, at: r.at, beforeReception: false, unitId: r.unitId, items: r.items, reason: r.reason }));
  return [...pre, ...during]
    .sort((a, b) => a.seq - b.seq)
    .map((r) => {
      const e = entryOf(view, r.seq);
      return { ...r, actorId: e?.actorId ?? null, items: correctedList(e, 'items') ?? r.items, reason: correctedText(e, 'reason') ?? r.reason };
    });
}

export function form02(view: DossierView, opts: Form02Options): FormDocument {
  const all = supplementSources(view);
  if (all.length === 0) throw notApplicable('02', { vi: 'hồ sơ không có yêu cầu bổ sung', en: 'no supplement was requested for this dossier' });
  const r = opts.seq != null ? all.find((x) => x.seq === opts.seq) : all.at(-1)!;
  if (!r) throw notFound({ vi: 'yêu cầu bổ sung này', en: 'This supplement request' });
  const s = view.state;
  const issuer = r.unitId ?? s.receivingUnitId ?? s.submittedToUnitId;
  // During processing the request reaches the applicant through the receiving desk (Decree 61 art. 19, Circular
  // 03/2025): the supplement is handed in there.
  const desk = r.beforeReception ? issuer : (s.receivingUnitId ?? issuer);
  const contactUnit = issuer === null ? null : opts.unitDetails?.[issuer];
  const official = personName(view, r.actorId);
  const deskDetails = desk === null ? null : opts.unitDetails?.[desk];
  const contact =
    `Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, ${addressee(view.applicant)} liên hệ ${official ? `${official}, ` : ''}${unitName(view, opts, issuer)}` +
    `${contactUnit?.phone ? `, số điện thoại ${contactUnit.phone}` : ''}${contactUnit?.address ? `, địa chỉ ${contactUnit.address}` : ''} để được hướng dẫn.`;
  const handIn =
    !r.beforeReception && desk !== null
      ? `Hồ sơ bổ sung nộp tại Bộ phận tiếp nhận và trả kết quả, ${unitName(view, opts, desk)}${deskDetails?.address ? ` (${deskDetails.address})` : ''}${s.channel === 'online' ? ', hoặc trực tuyến trên Cổng Dịch vụ công' : ''}.`
      : null;
  const intro = r.beforeReception
    ? `Sau khi kiểm tra, hồ sơ đề nghị giải quyết thủ tục hành chính của ${addressee(view.applicant)} chưa đầy đủ, hợp lệ. Đề nghị bổ sung, hoàn thiện một lần, đầy đủ các nội dung sau:`
    : `Trong quá trình giải quyết hồ sơ${view.code ? ` mã số ${view.code}` : ''}${s.receivedAt ? ` (tiếp nhận lúc ${vnDateTimeText(s.receivedAt)})` : ''}, ${unitName(view, opts, issuer)} đề nghị ${addressee(view.applicant)} bổ sung, hoàn thiện các nội dung sau:`;
  const clockNote = r.beforeReception
    ? 'Hồ sơ chỉ được tiếp nhận và tính thời hạn giải quyết khi đã đầy đủ, hợp lệ.'
    : view.pinned?.supplementPolicy === 'pause'
      ? 'Thời gian chờ bổ sung không tính vào thời hạn giải quyết hồ sơ.'
      : 'Thời hạn giải quyết hồ sơ được tính lại từ khi nhận đủ hồ sơ bổ sung.';
  return {
    formNumber: 'Mẫu số 02',
    title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
    header: header(view, opts, issuer, r.at),
    blocks: [
      { kind: 'paragraph', text: `Kính gửi: ${addressee(view.applicant)}` },
      { kind: 'fields', rows: [...applicantRows(view.applicant), { label: 'Nội dung yêu cầu giải quyết', value: procedureLine(view) }] },
      { kind: 'paragraph', text: intro },
      { kind: 'list', items: r.items.length > 0 ? r.items : ['…'], ordered: true },
      { kind: 'fields', rows: [{ label: 'Lý do', value: r.reason }] },
      { kind: 'paragraph', text: clockNote, italic: true },
      ...(handIn ? [{ kind: 'paragraph' as const, text: handIn }] : []),
      { kind: 'paragraph', text: contact },
      { kind: 'signatures', blocks: [RIGHT_HALF, { title: 'NGƯỜI HƯỚNG DẪN', note: '(Ký và ghi rõ họ tên)', name: official }] },
    ],
    fileName: fileName('02', view),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 03 Refusal (at reception, or after examination)

export function form03(view: DossierView, opts: FormOptions): FormDocument {
  const entry = lastEntry(view, ['refuse_reception', 'refuse_after_examination']);
  if (!entry) throw notApplicable('03', { vi: 'hồ sơ không bị từ chối', en: 'the dossier was not refused' });
  const atReception = entry.type === 'refuse_reception';
  const reasons = correctedText(entry, 'reasons') ?? String(payloadField(opts, entry.seq, 'reasons') ?? '');
  const s = view.state;
  const issuer = entry.unitId ?? s.receivingUnitId;
  const intro = atReception
    ? `${unitName(view, opts, issuer)} nhận được hồ sơ đề nghị giải quyết thủ tục hành chính: ${procedureLine(view)}. Qua xem xét, hồ sơ không đủ điều kiện tiếp nhận, giải quyết vì các lý do sau:`
    : `Hồ sơ đề nghị giải quyết thủ tục hành chính: ${procedureLine(view)}${s.receivedAt ? `, tiếp nhận lúc ${vnDateTimeText(s.receivedAt)}` : ''}. Sau khi xem xét, thẩm định, ${unitName(view, opts, issuer)} không giải quyết hồ sơ vì các lý do sau:`;
  const signer = entry.actorId;
  return {
    formNumber: 'Mẫu số 03',
    title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
    subtitle: atReception ? undefined : '(Từ chối giải quyết sau khi thẩm định hồ sơ)',
    header: header(view, opts, issuer, entry.at),
    blocks: [
      { kind: 'paragraph', text: `Kính gửi: ${addressee(view.applicant)}` },
      { kind: 'fields', rows: applicantRows(view.applicant) },
      { kind: 'paragraph', text: intro },
      ...reasonBlocks(reasons),
      { kind: 'paragraph', text: `Xin thông báo để ${addressee(view.applicant)} được biết và thực hiện.` },
      {
        kind: 'signatures',
        blocks: [
          RIGHT_HALF,
          atReception
            ? { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', note: '(Ký và ghi rõ họ tên)', name: personName(view, signer) }
            : { title: signerTitle(opts, signer, issuer, 'Thủ trưởng cơ quan'), note: delegationNote(view, entry) ?? '(Ký, ghi rõ họ tên và đóng dấu)', name: personName(view, signer) },
        ],
      },
    ],
    fileName: fileName('03', view),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 04 Apology and new appointment

export function form04(view: DossierView, opts: FormOptions): FormDocument {
  const s = view.state;
  const a = s.apology;
  if (!a) throw notApplicable('04', { vi: 'hồ sơ không có văn bản xin lỗi, hẹn lại', en: 'there is no apology for this dossier' });
  const entry = entryOf(view, a.seq);
  const reason = correctedText(entry, 'reason') ?? a.reason;
  const late = unitName(view, opts, a.lateUnitId);
  // The letter's number: the one recorded with the apology (or its correction), else the line the clerk fills in
  // when registering the outgoing letter.
  const recorded = payloadField(opts, a.seq, 'documentNumber');
  const number = correctedText(entry, 'documentNumber') ?? (typeof recorded === 'string' ? recorded : null);
  return {
    formNumber: 'Mẫu số 04',
    title: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết',
    header: { ...header(view, opts, a.lateUnitId, a.at), reference: `Số: ${number?.trim() ? number.trim() : '……/……'}` },
    blocks: [
      { kind: 'paragraph', text: `Kính gửi: ${addressee(view.applicant)}` },
      {
        kind: 'paragraph',
        text: `Ngày ${s.receivedAt ? vnShortDate(s.receivedAt) : '…'}, ${unitName(view, opts, s.receivingUnitId)} tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính: ${procedureLine(view)} của ${addressee(view.applicant)}; mã hồ sơ ${view.code ?? '…'}.`,
      },
      { kind: 'fields', rows: [{ label: 'Thời gian hẹn trả kết quả giải quyết hồ sơ', value: vnDateTimeText(a.previousDueAt) }] },
      { kind: 'paragraph', text: `Tuy nhiên đến nay, ${late} chưa giải quyết xong hồ sơ và chưa thể trả kết quả đúng hẹn.` },
      { kind: 'fields', rows: [{ label: 'Lý do', value: reason }] },
      {
        kind: 'paragraph',
        text: `Sự chậm trễ này đã gây phiền hà, tốn kém chi phí cho ${addressee(view.applicant)}. ${late} xin lỗi ${addressee(view.applicant)} và trân trọng hẹn lại thời gian trả kết quả như sau:`,
      },
      { kind: 'fields', rows: [{ label: 'Thời gian hẹn trả kết quả mới', value: vnDateTimeText(a.newDueAt) }] },
      { kind: 'paragraph', text: `Xin trân trọng cảm ơn sự thông cảm của ${addressee(view.applicant)}.` },
      {
        kind: 'signatures',
        blocks: [RIGHT_HALF, { title: signerTitle(opts, a.signerId, a.lateUnitId, 'Thủ trưởng đơn vị'), note: delegationNote(view, entry) ?? '(Ký, ghi rõ họ tên và đóng dấu)', name: personName(view, a.signerId) }],
      },
    ],
    fileName: fileName('04', view),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 05 Stop notice

export function form05(view: DossierView, opts: FormOptions): FormDocument {
  const entry = lastEntry(view, ['stop']);
  const s = view.state;
  if (!entry || !s.stoppedAt) throw notApplicable('05', { vi: 'hồ sơ không bị dừng xử lý', en: 'processing of the dossier was not stopped' });
  const reason = correctedText(entry, 'reason') ?? String(payloadField(opts, entry.seq, 'reason') ?? '');
  const issuer = entry.unitId ?? s.competentUnitId;
  const withdrawal = s.withdrawals.find((w) => w.decision === 'stopped');
  const withdrawalReason = withdrawal ? (correctedText(entryOf(view, withdrawal.seq), 'reason') ?? withdrawal.reason) : '';
  return {
    formNumber: 'Mẫu số 05',
    title: 'Thông báo dừng giải quyết hồ sơ',
    header: header(view, opts, issuer, entry.at),
    blocks: [
      { kind: 'paragraph', text: `Kính gửi: ${addressee(view.applicant)}` },
      {
        kind: 'paragraph',
        text: `${unitName(view, opts, s.receivingUnitId)} đã tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính: ${procedureLine(view)}; mã hồ sơ ${view.code ?? '…'}${s.receivedAt ? `, lúc ${vnDateTimeText(s.receivedAt)}` : ''}.`,
      },
      ...(withdrawal
        ? [{ kind: 'paragraph' as const, text: `Ngày ${vnShortDate(withdrawal.at)}, ${addressee(view.applicant)} đề nghị rút hồ sơ${withdrawalReason ? ` với lý do: ${withdrawalReason}` : ''}.` }]
        : []),
      { kind: 'paragraph', text: `${unitName(view, opts, issuer)} thông báo dừng giải quyết hồ sơ nêu trên kể từ ${vnDateTimeText(s.stoppedAt)}.` },
      { kind: 'fields', rows: [{ label: 'Lý do', value: reason }] },
      { kind: 'paragraph', text: `Hồ sơ và giấy tờ đã nộp được trả lại tại Bộ phận tiếp nhận và trả kết quả, ${unitName(view, opts, s.receivingUnitId)}.` },
      {
        kind: 'signatures',
        blocks: [RIGHT_HALF, { title: signerTitle(opts, entry.actorId, issuer, 'Thủ trưởng cơ quan'), note: delegationNote(view, entry) ?? '(Ký, ghi rõ họ tên và đóng dấu)', name: personName(view, entry.actorId) }],
      },
    ],
    fileName: fileName('05', view),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 06 Control slip

const HAND_OVER: Record<NonNullable<StepRecord['handedOverHow']>, string> = {
  forward: 'chuyển bước tiếp theo',
  send_back: 'trả lại bước trước',
  finish: 'hoàn thành xử lý',
  refuse: 'từ chối giải quyết',
  stop: 'dừng xử lý',
  return: 'trả kết quả cho người nộp',
};

const outcomeText = (o: Outcome | null, pending: string) => (o ? OUTCOME_LABELS[o].vi : pending);
const minutes = (m: number) => formatWorkingMinutes(Math.max(0, Math.round(m))).vi;

/** A bold heading over a table, both left out when the table would be empty. */
function titledTable(heading: string, columns: { title: string; width: number }[], rows: string[][]): FormBlock[] {
  return rows.length === 0 ? [] : [{ kind: 'paragraph', text: heading, bold: true }, { kind: 'table', columns, rows }];
}

export function form06(view: DossierView, opts: FormOptions): FormDocument {
  const s = view.state;
  if (!s.receivedAt || s.steps.length === 0)
    throw notApplicable('06', { vi: 'hồ sơ chưa được tiếp nhận nên chưa có quá trình giải quyết', en: 'the dossier has not been received, so there is nothing to control yet' });
  const ended = s.phase !== 'processing';
  const rows = s.steps.map((r, i) => {
    const prev = i > 0 ? s.steps[i - 1]! : null;
    const giver = prev
      ? `${personName(view, r.givenBy) || '…'} – ${unitName(view, opts, prev.unitId)}`
      : `${applicantName(view.applicant)} (người nộp hồ sơ)${r.givenBy !== null ? `; ${personName(view, r.givenBy)}` : ''}`;
    const receiver = `${personName(view, r.receivedBy) || '…'} – ${unitName(view, opts, r.unitId)}`;
    const notes = [
      `Hạn xử lý: ${vnCompact(r.dueAt)};`,
      r.handedOverAt ? `Chuyển đi: ${vnCompact(r.handedOverAt)}${r.handedOverHow ? ` (${HAND_OVER[r.handedOverHow]})` : ''};` : 'Đang giữ hồ sơ;',
      `Thời gian xử lý: ${minutes(r.usedMinutes)} / được giao ${minutes(r.allottedMinutes)}.`,
    ];
    return [
      String(r.row),
      `${unitName(view, opts, r.unitId)}${r.name ? `: ${r.name}` : ''}`,
      [`1. Giao: ${giver};`, `2. Nhận: ${receiver};`, `Lúc ${vnDateTimeText(r.receivedAt)}.`].join('\n'),
      outcomeText(r.outcome, ended ? '' : 'Đang xử lý'),
      notes.join('\n'),
    ];
  });
  const blocks: FormBlock[] = [
    {
      kind: 'fields',
      rows: [
        { label: 'Mã hồ sơ', value: view.code ?? '' },
        { label: 'Kèm theo hồ sơ của', value: applicantName(view.applicant) },
        { label: 'Nội dung yêu cầu giải quyết', value: procedureLine(view) },
        { label: 'Cơ quan giải quyết hồ sơ', value: unitName(view, opts, s.competentUnitId) },
        ...(s.participants.length > 0 ? [{ label: 'Cơ quan phối hợp giải quyết', value: s.participants.map((p) => unitName(view, opts, p.unitId)).join('; ') }] : []),
        { label: 'Thời gian tiếp nhận', value: vnDateTimeText(s.receivedAt) },
        { label: 'Thời gian hẹn trả kết quả', value: s.clock ? vnDateTimeText(s.clock.currentDueAt) : '' },
        ...(s.apology ? [{ label: 'Hẹn trả ban đầu (trước khi hẹn lại)', value: vnDateTimeText(s.apology.previousDueAt) }] : []),
      ],
    },
    {
      kind: 'table',
      columns: [
        { title: 'TT', width: 1 },
        { title: 'Tên cơ quan, bộ phận', width: 4 },
        { title: 'Thời gian giao, nhận hồ sơ', width: 7 },
        { title: 'Kết quả giải quyết (trước hạn / đúng hạn / quá hạn)', width: 3 },
        { title: 'Ghi chú', width: 5 },
      ],
      rows,
    },
  ];
  blocks.push(
    ...titledTable(
      'Phần việc của các cơ quan phối hợp (liên thông):',
      [
        { title: 'Cơ quan', width: 4 },
        { title: 'Nhiệm vụ', width: 5 },
        { title: 'Bắt đầu / hạn', width: 4 },
        { title: 'Hoàn thành', width: 3 },
        { title: 'Kết quả', width: 3 },
      ],
      s.participants.map((p) => [
        `${unitName(view, opts, p.unitId)}${p.lead ? ' (chủ trì)' : ''}`,
        p.task,
        `${vnCompact(p.startedAt)}\n${vnCompact(p.dueAt)}`,
        vnCompact(p.contributedAt),
        outcomeText(p.outcome, p.state === 'not_done' ? 'Chưa hoàn thành' : p.state === 'waiting_turn' ? 'Chờ đến lượt' : 'Đang xử lý'),
      ]),
    ),
    ...titledTable(
      'Xin ý kiến cơ quan, đơn vị khác:',
      [
        { title: 'Đơn vị được xin ý kiến', width: 4 },
        { title: 'Gửi lúc', width: 3 },
        { title: 'Hạn trả lời', width: 3 },
        { title: 'Trả lời lúc', width: 3 },
        { title: 'Kết quả', width: 3 },
      ],
      s.consultations.map((c) => [
        unitName(view, opts, c.toUnitId),
        vnCompact(c.requestedAt),
        vnCompact(c.dueAt),
        vnCompact(c.repliedAt),
        outcomeText(c.outcome, c.state === 'unanswered' ? 'Không trả lời' : 'Đang chờ'),
      ]),
    ),
  );
  return {
    formNumber: 'Mẫu số 06',
    title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
    header: header(view, opts, s.receivingUnitId, opts.printedAt),
    blocks,
    fileName: fileName('06', view),
  };
}

/** The forms that can be printed for this dossier now, as its reader (06 is for staff). */
export function availableForms(view: DossierView): DossierFormNo[] {
  const s = view.state;
  const out: DossierFormNo[] = [];
  if (s.receivedAt && view.code && s.clock) out.push('01');
  if (s.preReceptionSupplements.length > 0 || s.supplementRequests.length > 0) out.push('02');
  if (lastEntry(view, ['refuse_reception', 'refuse_after_examination'])) out.push('03');
  if (s.apology) out.push('04');
  if (s.stoppedAt && lastEntry(view, ['stop'])) out.push('05');
  if (view.access === 'staff' && s.receivedAt && s.steps.length > 0) out.push('06');
  return out;
}

export const DOSSIER_FORM_TITLES: Record<DossierFormNo, Bilingual> = {
  '01': { vi: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', en: 'Receipt and appointment slip' },
  '02': { vi: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', en: 'Supplement request' },
  '03': { vi: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', en: 'Refusal notice' },
  '04': { vi: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết', en: 'Apology and request to extend the time limit' },
  '05': { vi: 'Thông báo dừng giải quyết hồ sơ', en: 'Stop notice' },
  '06': { vi: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', en: 'Control slip' },
};

// ---------------------------------------------------------------------------------------------------------------
// 07 Tracking book

export interface TrackingBookRow {
  dossierId: number;
  /** The number in the unit's book for the year, drawn at reception. */
  number: number | null;
  code: string;
  applicantName: string;
  address: string | null;
  phone: string | null;
  procedureName: string;
  receivedAt: Date;
  /** The appointment the applicant holds (an apology's new one), null while it is to be recounted. */
  dueAt: Date | null;
  /** The original appointment, which lateness is judged against. */
  originalDueAt: Date | null;
  /** Waiting for a supplement under the restart policy: the due is recounted when it arrives. */
  dueRecounted?: boolean;
  finishedAt: Date | null;
  returnedAt: Date | null;
  stoppedAt: Date | null;
  phase: Phase;
  result: 'granted' | 'refused' | null;
  /** Against the original appointment (a stop after it is late too). */
  outcome: Outcome | null;
  apologised: boolean;
  /** The apology came after its deadline. */
  apologyLate?: boolean;
  waitingFor: 'supplement' | 'payment' | null;
  /** Processing and past the original due at the moment the book was read. */
  lateNow: boolean;
}

export interface TrackingBookMeta {
  unit: UnitDetails & { id: number };
  year: number;
  from: string | null;
  to: string | null;
  printedAt: Date;
  place?: string;
}

function bookResult(r: TrackingBookRow): string {
  if (r.phase === 'stopped') return r.outcome === 'late' ? 'Dừng xử lý, quá hạn' : 'Dừng xử lý';
  if (r.outcome) return OUTCOME_LABELS[r.outcome].vi;
  if (r.phase === 'processing') return r.waitingFor === 'supplement' ? 'Chờ bổ sung' : r.waitingFor === 'payment' ? 'Chờ nộp phí, thuế' : r.lateNow ? 'Đang xử lý, quá hạn' : 'Đang xử lý';
  return '';
}

function bookNote(r: TrackingBookRow): string {
  const notes: string[] = [];
  if (r.result === 'refused') notes.push('Từ chối giải quyết');
  if (r.apologised && r.dueAt) notes.push(`${r.apologyLate ? 'Xin lỗi muộn' : 'Đã xin lỗi'}, hẹn lại ${vnCompact(r.dueAt)}`);
  if (r.finishedAt && !r.returnedAt) notes.push(`Có kết quả ${vnCompact(r.finishedAt)}, chưa trả`);
  if (r.stoppedAt) notes.push(`Dừng ${vnCompact(r.stoppedAt)}`);
  return notes.join('; ');
}

/** Form 07: one row per dossier the unit received in the period, A4 landscape. */
export function trackingBookForm(rows: readonly TrackingBookRow[], meta: TrackingBookMeta): FormDocument {
  const period =
    meta.from || meta.to ? `Năm ${meta.year} (từ ngày ${vnShortDate(meta.from ?? `${meta.year}-01-01`)} đến ngày ${vnShortDate(meta.to ?? `${meta.year}-12-31`)})` : `Năm ${meta.year}`;
  const day = vietnameseLongDate(vnDateOf(meta.printedAt));
  return {
    formNumber: 'Mẫu số 07',
    title: 'Sổ theo dõi hồ sơ',
    subtitle: period,
    landscape: true,
    header: {
      agencyLines: [...(meta.unit.parentName ? [upper(abbreviateCommittee(meta.unit.parentName))] : []), upper(meta.unit.name)],
      placeAndDate: meta.place ? `${meta.place}, ${day}` : day,
    },
    blocks: [
      {
        kind: 'fields',
        rows: [
          { label: 'Bộ phận tiếp nhận và trả kết quả', value: meta.unit.name },
          { label: 'Số hồ sơ trong kỳ', value: String(rows.length) },
        ],
      },
      {
        kind: 'table',
        columns: [
          // The code column fits a full dossier code on one line, so it can be read and searched whole.
          { title: 'Số TT', width: 1 },
          { title: 'Mã hồ sơ', width: 5 },
          { title: 'Người nộp (địa chỉ, điện thoại)', width: 4 },
          { title: 'Thủ tục hành chính', width: 4.2 },
          { title: 'Ngày nhận', width: 2 },
          { title: 'Hẹn trả', width: 2 },
          { title: 'Ngày trả kết quả', width: 2 },
          { title: 'Kết quả (trước / đúng / quá hạn)', width: 2.1 },
          { title: 'Ghi chú', width: 2.9 },
        ],
        rows: rows.map((r, i) => [
          String(r.number ?? i + 1),
          r.code,
          [r.applicantName, r.address, r.phone].filter(Boolean).join('\n'),
          r.procedureName,
          vnCompact(r.receivedAt),
          // The original appointment, which lateness is judged against; an apology's new one beside it.
          r.dueRecounted
            ? 'Tính lại khi nhận đủ hồ sơ bổ sung'
            : r.apologised && r.dueAt && r.originalDueAt && r.dueAt.getTime() !== r.originalDueAt.getTime()
              ? `${vnCompact(r.originalDueAt)}\n(hẹn lại ${vnCompact(r.dueAt)})`
              : vnCompact(r.originalDueAt ?? r.dueAt),
          vnCompact(r.returnedAt),
          bookResult(r),
          bookNote(r),
        ]),
      },
      { kind: 'signatures', blocks: [{ title: 'NGƯỜI LẬP SỔ', note: '(Ký và ghi rõ họ tên)' }, { title: 'THỦ TRƯỞNG ĐƠN VỊ', note: '(Ký, ghi rõ họ tên và đóng dấu)' }] },
    ],
    fileName: `so-theo-doi-${meta.unit.name}-${meta.year}${meta.from ? `-${meta.from}` : ''}${meta.to ? `-${meta.to}` : ''}`
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .toLowerCase(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Use cases

/** Letterhead details of the given units, their parents' names, and the place name of their root. */
async function unitDetailsOf(ctx: AppContext, ids: Iterable<number>): Promise<{ details: Record<number, UnitDetails>; place: string }> {
  type Row = { id: number; parent_id: number | null; name: string; address: string | null; phone: string | null };
  const rows = new Map<number, Row>();
  let wanted = [...new Set(ids)];
  // Walk up the tree a level at a time: a handful of levels, one query each.
  for (let depth = 0; wanted.length > 0 && depth < 50; depth++) {
    const got = await unitLetterheads(ctx.db, wanted);
    for (const r of got) rows.set(r.id, r);
    wanted = [...new Set(got.map((r) => r.parent_id).filter((p): p is number => p !== null && !rows.has(p)))];
  }
  const details: Record<number, UnitDetails> = {};
  let place = '';
  for (const r of rows.values()) {
    details[r.id] = { name: r.name, parentName: r.parent_id !== null ? (rows.get(r.parent_id)?.name ?? null) : null, address: r.address, phone: r.phone };
    if (r.parent_id === null && !place) place = placeOf(r.name);
  }
  return { details, place };
}

async function titlesOf(ctx: AppContext, userIds: Iterable<number | null | undefined>): Promise<FormOptions['titles']> {
  const ids = [...new Set([...userIds].filter((x): x is number => typeof x === 'number'))];
  if (ids.length === 0) return {};
  const rows = await membershipTitles(ctx.db, ids);
  const out: NonNullable<FormOptions['titles']> = {};
  for (const r of rows) (out[r.user_id] ??= []).push({ unitId: r.unit_id, title: r.title });
  return out;
}

/** The public tracking address printed on form 01. */
export function trackingUrlOf(baseUrl: string, code: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/tra-cuu/${encodeURIComponent(code)}?t=${encodeURIComponent(token)}`;
}

/**
 * Form `formNo` (01–06) of a dossier, for its reader: staff with jurisdiction, or the applicant's own account
 * (01–05; the control slip is internal). A form that does not apply to the dossier (no refusal, no apology…) is a
 * 409 with the reason.
 */
export async function dossierForm(ctx: AppContext, actor: Actor, dossierId: number, formNo: string, opts: { seq?: number | null } = {}): Promise<FormDocument> {
  if (!isDossierFormNo(formNo))
    throw new AppError('invalid', 'validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, [
      { path: 'nn', message: { vi: 'Số mẫu phải từ 01 đến 06', en: 'The form number must be 01 to 06' } },
    ]);
  const view = await getDossier(ctx, actor, dossierId);
  if (formNo === '06' && view.access !== 'staff')
    throw forbidden({ vi: 'Phiếu kiểm soát quá trình giải quyết hồ sơ chỉ dành cho cán bộ', en: 'The control slip is for staff only' });
  const now = ctx.clock();
  const [actionRows, units, titles] = await Promise.all([
    listActions(ctx.db, view.id),
    unitDetailsOf(ctx, Object.keys(view.units).map(Number)),
    titlesOf(ctx, [view.state.apology?.signerId, ...view.state.timeline.filter((t) => t.type === 'stop' || t.type === 'refuse_after_examination').map((t) => t.actorId)]),
  ]);
  const base: FormOptions = { printedAt: now, unitDetails: units.details, place: units.place, actions: actionRows.map(actionFromRow), titles };
  switch (formNo) {
    case '01':
      return form01(view, { ...base, trackingUrl: trackingUrlOf(ctx.config.publicBaseUrl, view.code ?? '', view.trackingToken) });
    case '02':
      return form02(view, { ...base, seq: opts.seq ?? null });
    case '03':
      return form03(view, base);
    case '04':
      return form04(view, base);
    case '05':
      return form05(view, base);
    case '06':
      return form06(view, base);
  }
}

export interface TrackingBookQuery {
  unitId: number;
  year: number;
  /** 'YYYY-MM-DD' within the year, inclusive; default its first and last day. */
  from?: string | null;
  to?: string | null;
}

/** More rows than this and the period must be narrowed: a page of the book is printed, not a database dump. */
export const TRACKING_BOOK_MAX_ROWS = 5000;

function bookProblems(q: TrackingBookQuery): FieldError[] {
  const problems: FieldError[] = [];
  if (!Number.isSafeInteger(q?.unitId) || q.unitId <= 0) problems.push({ path: 'unit', message: { vi: 'Cần chọn đơn vị', en: 'Choose a unit' } });
  const yearOk = Number.isSafeInteger(q?.year) && q.year >= 2000 && q.year <= 2099;
  if (!yearOk) problems.push({ path: 'year', message: { vi: 'Năm phải từ 2000 đến 2099', en: 'The year must be 2000 to 2099' } });
  for (const k of ['from', 'to'] as const) {
    const v = q?.[k];
    if (v == null || v === '') continue;
    if (!isVnDate(v)) problems.push({ path: k, message: { vi: 'Ngày không hợp lệ (định dạng YYYY-MM-DD)', en: 'Invalid date (YYYY-MM-DD)' } });
    else if (yearOk && Number(v.slice(0, 4)) !== q.year) problems.push({ path: k, message: { vi: `Ngày phải thuộc năm ${q.year}`, en: `The date must be in ${q.year}` } });
  }
  if (problems.length === 0 && q.from && q.to && q.from > q.to)
    problems.push({ path: 'to', message: { vi: '"Đến ngày" phải sau hoặc bằng "Từ ngày"', en: '"To" must be on or after "From"' } });
  return problems;
}

/**
 * Form 07: the dossiers a unit received in a year (or part of it), from the projection table. Staff with
 * jurisdiction over the unit only.
 */
export async function trackingBook(ctx: AppContext, actor: Actor, q: TrackingBookQuery): Promise<FormDocument> {
  requireStaff(actor);
  const problems = bookProblems(q);
  if (problems.length > 0) throw new AppError('invalid', 'validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, problems);
  if (!(await unitExists(ctx.db, q.unitId))) throw notFound({ vi: 'đơn vị', en: 'Unit' });
  await requireRoleOn(ctx.db, actor, ROLES, q.unitId);
  const from = q.from || null;
  const to = q.to || null;
  const start = vnInstant(from ?? `${q.year}-01-01`);
  const end = vnInstant(addDays(to ?? `${q.year}-12-31`, 1));
  const now = ctx.clock();
  const rows = await trackingBookRows(ctx.db, q.unitId, start, end, TRACKING_BOOK_MAX_ROWS + 1);
  if (rows.length > TRACKING_BOOK_MAX_ROWS)
    throw new AppError('invalid', 'too_many_rows', { vi: 'Kỳ đã chọn có quá nhiều hồ sơ', en: 'The period holds too many dossiers' }, [
      { path: 'from', message: { vi: `Hãy thu hẹp khoảng thời gian (tối đa ${TRACKING_BOOK_MAX_ROWS} hồ sơ)`, en: `Narrow the period (at most ${TRACKING_BOOK_MAX_ROWS} dossiers)` } },
    ]);
  const book: TrackingBookRow[] = rows.map((r) => {
    const n = r.book_number === null ? null : Number(r.book_number);
    return {
      dossierId: r.dossier_id,
      number: n !== null && Number.isSafeInteger(n) ? n : null,
      code: r.dossier_code ?? '',
      applicantName: r.applicant_name,
      address: r.applicant_address,
      phone: r.applicant_phone,
      procedureName: r.procedure_name,
      receivedAt: r.received_at!,
      dueAt: r.current_due_at,
      originalDueAt: r.original_due_at,
      finishedAt: r.finished_at,
      returnedAt: r.returned_at,
      stoppedAt: r.stopped_at,
      phase: r.phase,
      result: r.result,
      outcome: r.outcome_against_original,
      apologised: r.apologised,
      apologyLate: r.apology_late,
      dueRecounted: r.due_recounted,
      waitingFor: r.waiting_for,
      lateNow: r.phase === 'processing' && r.clock_status === 'running' && r.original_due_at !== null && now.getTime() > r.original_due_at.getTime(),
    };
  });
  const units = await unitDetailsOf(ctx, [q.unitId]);
  return trackingBookForm(book, { unit: { id: q.unitId, ...units.details[q.unitId]! }, year: q.year, from, to, printedAt: now, place: units.place });
}

/** The units whose tracking book the actor may read (staff: their units and everything below them). */
export async function trackingBookUnits(ctx: AppContext, actor: Actor): Promise<UnitRef[]> {
  const me = requireStaff(actor);
  const ids = await jurisdiction(ctx.db, me, ROLES);
  if (ids.length === 0) return [];
  const rows = await activeUnitRefs(ctx.db, ids, 'code');
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, shortName: r.short_name }));
}
