// The procedure catalogue's data model: what a province publishes about one administrative procedure (thủ tục
// hành chính), and the labels pages show for it. Pure data; the rules live in validate.ts, lifecycle.ts, process.ts.
import type { Limit, TimeUnit } from '../calendar/index.js';
import type { Bilingual, FieldError } from '../errors.js';

/** National TTHC database code, e.g. 1.001193 (birth registration). */
export const PROCEDURE_CODE_PATTERN = /^\d\.\d{6}$/;

export const PROCEDURE_LEVELS = ['province', 'commune', 'both', 'inter_agency'] as const;
export type ProcedureLevel = (typeof PROCEDURE_LEVELS)[number];

/** KenhThucHien 1, 2, 3: at the counter, online, through the public postal service. */
export const CHANNELS = ['counter', 'online', 'postal'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ONLINE_LEVELS = ['full', 'partial'] as const;
export type OnlineLevel = (typeof ONLINE_LEVELS)[number];

export const FEE_COLLECTION = ['on_submission', 'on_result', 'unspecified'] as const;
export type FeeCollection = (typeof FEE_COLLECTION)[number];

export const PROCEDURE_STATUSES = ['draft', 'published', 'amended', 'replaced', 'abolished'] as const;
export type ProcedureStatus = (typeof PROCEDURE_STATUSES)[number];
/** A dossier may be received under these. */
export const IN_FORCE_STATUSES: readonly ProcedureStatus[] = ['published', 'amended'];
/** No longer in force; still shown with their history. */
export const RETIRED_STATUSES: readonly ProcedureStatus[] = ['replaced', 'abolished'];
/** What the public may see: everything that was ever published. */
export const PUBLIC_STATUSES: readonly ProcedureStatus[] = ['published', 'amended', 'replaced', 'abolished'];

export const isInForce = (s: ProcedureStatus) => IN_FORCE_STATUSES.includes(s);
export const isRetired = (s: ProcedureStatus) => RETIRED_STATUSES.includes(s);

export type { TimeUnit };
/** A time limit: amount and unit as the calendar domain counts them. */
export type TimeLimit = Limit;

/** A legal act (quyết định) by number and signing date. */
export interface Decision {
  number: string;
  /** 'YYYY-MM-DD' */
  date: string;
}

/** The decision publishing (công bố) a procedure or an amendment of it, with the date it takes effect. */
export interface PublicationDecision extends Decision {
  effectiveDate: string;
}

export interface Fee {
  name: string;
  /** Whole đồng, never negative; 0 = free of charge. */
  amountVnd: number;
  collectedAt: FeeCollection;
  note: string | null;
}

/** What a channel offers: its legal time limit, the province's reduced limit (if any), and its fees. */
export interface ChannelTerms {
  timeLimit: TimeLimit | null;
  reducedTimeLimit: TimeLimit | null;
  timeNote: string | null;
  fees: Fee[];
}

export interface RequiredDocument {
  name: string;
  originals: number;
  copies: number;
  /** File name of the blank form (mẫu đơn, tờ khai) offered for download. */
  templateFile: string | null;
  /** May be taken from an earlier result or the population database instead of being brought again. */
  reusable: boolean;
  /** The heading the document is listed under ("Giấy tờ phải xuất trình", "Trường hợp …"). */
  group: string | null;
}

export interface ResultDocument {
  name: string;
  /** National result-document code (e.g. KQ.G15.000031) when known. */
  code: string | null;
}

/**
 * One version of a procedure as published. Key order here is the canonical order of the JSON export.
 * A channel that is null is not offered; postal service is allowed exactly when `channels.postal` is not null.
 */
export interface ProcedureBody {
  code: string;
  name: string;
  field: string;
  level: ProcedureLevel;
  /** Agency codes (QCVN 102:2016) of the units that decide. */
  competentUnits: string[];
  /** Agency code of the desk that receives, or null when each competent unit receives at its own desk. */
  receivingUnit: string | null;
  /** The performing agency as the national catalogue words it ("Ủy ban nhân dân cấp xã"), when codes do not say it all. */
  agencyText: string | null;
  applicants: string[];
  /** The published sequence of steps (trình tự thực hiện), one paragraph each. */
  steps: string[];
  channels: Record<Channel, ChannelTerms | null>;
  documents: RequiredDocument[];
  results: ResultDocument[];
  /** null: not offered as an online public service. */
  onlineLevel: OnlineLevel | null;
  onlinePartialReason: string | null;
  onlinePartialLegalBasis: string | null;
  legalBasis: string[];
  /** The ministry's decision announcing the procedure nationally (number as printed). */
  nationalDecision: string | null;
  /** The province's publication decision of this version. */
  publication: PublicationDecision | null;
  /** Fields of an imported record that the model does not hold verbatim, kept so nothing is lost. */
  source: Record<string, unknown> | null;
}

export const postalAllowed = (p: Pick<ProcedureBody, 'channels'>): boolean => p.channels.postal !== null;

export const offeredChannels = (p: Pick<ProcedureBody, 'channels'>): Channel[] => CHANNELS.filter((c) => p.channels[c] !== null);

/** Result of a validation: errors block the change, warnings are shown but do not. */
export interface Problems {
  errors: FieldError[];
  warnings: FieldError[];
}

/** Unit facts the pure rules need, looked up by agency code by the caller. */
export interface UnitInfo {
  code: string;
  name: string;
  active: boolean;
  /** Roles held by at least one active staff member of this very unit. */
  roles: ReadonlySet<string>;
}
export type UnitLookup = (code: string) => UnitInfo | undefined;

export const LEVEL_LABELS: Record<ProcedureLevel, Bilingual> = {
  province: { vi: 'Cấp tỉnh', en: 'Province level' },
  commune: { vi: 'Cấp xã', en: 'Commune level' },
  both: { vi: 'Cấp tỉnh và cấp xã', en: 'Province and commune level' },
  inter_agency: { vi: 'Liên thông', en: 'Inter-agency' },
};

export const CHANNEL_LABELS: Record<Channel, Bilingual> = {
  counter: { vi: 'Trực tiếp', en: 'At the counter' },
  online: { vi: 'Trực tuyến', en: 'Online' },
  postal: { vi: 'Dịch vụ bưu chính công ích', en: 'Public postal service' },
};

export const ONLINE_LEVEL_LABELS: Record<OnlineLevel, Bilingual> = {
  full: { vi: 'Dịch vụ công trực tuyến toàn trình', en: 'Full-process online service' },
  partial: { vi: 'Dịch vụ công trực tuyến một phần', en: 'Partial online service' },
};

export const FEE_COLLECTION_LABELS: Record<FeeCollection, Bilingual> = {
  on_submission: { vi: 'Nộp khi nộp hồ sơ', en: 'Paid when submitting' },
  on_result: { vi: 'Nộp khi nhận kết quả', en: 'Paid when collecting the result' },
  unspecified: { vi: 'Chưa quy định thời điểm nộp', en: 'Time of payment not stated' },
};

export const STATUS_LABELS: Record<ProcedureStatus, Bilingual> = {
  draft: { vi: 'Dự thảo', en: 'Draft' },
  published: { vi: 'Đã công bố', en: 'Published' },
  amended: { vi: 'Đã sửa đổi, bổ sung', en: 'Amended' },
  replaced: { vi: 'Đã được thay thế', en: 'Replaced' },
  abolished: { vi: 'Đã bãi bỏ', en: 'Abolished' },
};

export const TIME_UNIT_LABELS: Record<TimeUnit, Bilingual> = {
  hours: { vi: 'giờ', en: 'hours' },
  working_hours: { vi: 'giờ làm việc', en: 'working hours' },
  working_days: { vi: 'ngày làm việc', en: 'working days' },
  days: { vi: 'ngày', en: 'days' },
  months: { vi: 'tháng', en: 'months' },
  same_day: { vi: 'trong ngày', en: 'same day' },
};

/** Empty body with every key in canonical order; the reader fills it. */
export function emptyBody(code = ''): ProcedureBody {
  return {
    code,
    name: '',
    field: '',
    level: 'province',
    competentUnits: [],
    receivingUnit: null,
    agencyText: null,
    applicants: [],
    steps: [],
    channels: { counter: null, online: null, postal: null },
    documents: [],
    results: [],
    onlineLevel: null,
    onlinePartialReason: null,
    onlinePartialLegalBasis: null,
    legalBasis: [],
    nationalDecision: null,
    publication: null,
    source: null,
  };
}
