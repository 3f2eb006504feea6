// From a posted action form to the action: the payload of each type, converted from text to the payload's shapes,
// and the domain's field paths (payload.x) mapped back onto the form's fields. The domain is the judge of every
// value; this layer only converts.
import type { ActionType } from '../../../domain/dossier/index.js';
import type { Bilingual, FieldError } from '../../../domain/errors.js';
import { localInstant } from '../../vn-time.js';

/** Form fields as posted (urlencoded or multipart): every value as a list, so checkboxes keep all their values. */
export type PostedFields = Record<string, string[]>;

/** A refused or failed action, shown again on the dossier page with what the official typed. */
export interface ActionFailure {
  type: ActionType;
  status: number;
  message: Bilingual;
  fields: FieldError[];
  values: PostedFields;
}

/** The order of the panel: what usually comes next first, the exceptional actions last. */
export const PANEL_ORDER: readonly ActionType[] = [
  'receive',
  'request_supplement_before_reception',
  'refuse_reception',
  'assign',
  'forward',
  'contribute',
  'consult_reply',
  'approve',
  'sign',
  'finish',
  'return_result',
  'consult',
  'request_supplement',
  'supplement_received',
  'request_payment',
  'payment_recorded',
  'send_back',
  'apologise',
  'refuse_after_examination',
  'request_withdrawal',
  'decline_withdrawal',
  'stop',
  'hand_back_documents',
  'correct',
];


/** Types whose form takes files: the result documents, or the electronic result to hand over. */
export const RESULT_FILES: Partial<Record<ActionType, string>> = { finish: 'resultFiles', return_result: 'electronicFiles' };

/** Rows of the fee table (request_payment). */
export const FEE_ROWS = 4;


const first = (f: PostedFields, k: string): string => (f[k]?.[0] ?? '').trim();
const textOrNull = (f: PostedFields, k: string): string | null => first(f, k) || null;
/** A whole number, or the text as typed so that the domain names the field; undefined when left empty. */
const intOf = (f: PostedFields, k: string): number | string | undefined => {
  const v = first(f, k);
  if (v === '') return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
};
/** An amount in đồng as people type it: "1.500.000", "1 500 000", "1,500,000". */
const moneyOf = (v: string): number | string => {
  const digits = v.replace(/[\s.,_]/g, '').replace(/(đồng|đ|vnd)$/i, '');
  return /^\d{1,15}$/.test(digits) ? Number(digits) : v;
};
const linesOf = (f: PostedFields, k: string): string[] =>
  (f[k] ?? [])
    .flatMap((v) => v.split(/\r?\n/))
    .map((x) => x.replace(/^\s*[-•*]\s*/, '').trim())
    .filter(Boolean);

/** Splits "seq@unitId" (a consultation and the consulted unit the official answers for). */
function seqAt(v: string): { seq: number | string | undefined; unitId: number | null } {
  if (v === '') return { seq: undefined, unitId: null };
  const [a, b] = v.split('@');
  const seq = Number(a);
  const unit = Number(b);
  return { seq: Number.isSafeInteger(seq) ? seq : v, unitId: Number.isSafeInteger(unit) && unit > 0 ? unit : null };
}

export interface ParsedAction {
  payload: Record<string, unknown>;
  comment: string | null;
  unitId: number | null;
}

/**
 * The payload of `type` from the posted form. `resultFileIds` are the ids of files uploaded with the form for the
 * result (finish) or the electronic result (return_result).
 */
export function payloadFromForm(type: ActionType, f: PostedFields, resultFileIds: string[]): ParsedAction {
  const comment = type === 'correct' ? null : textOrNull(f, 'comment');
  const out = (payload: Record<string, unknown>, unitId: number | null = null): ParsedAction => ({ payload, comment, unitId });
  switch (type) {
    case 'assign':
      return out({ assigneeId: intOf(f, 'assigneeId') });
    case 'forward':
      return out({ toStepIndex: intOf(f, 'toStepIndex'), assigneeId: intOf(f, 'assigneeId') ?? null });
    case 'send_back':
      return out({ toStepIndex: intOf(f, 'toStepIndex'), reason: first(f, 'reason') });
    case 'consult': {
      const days = first(f, 'limitDays').replace(',', '.');
      return out({ toUnitId: intOf(f, 'toUnitId'), question: first(f, 'question'), limit: { unit: 'working_days', amount: days === '' ? null : Number(days) } });
    }
    case 'consult_reply': {
      const { seq, unitId } = seqAt(first(f, 'consultSeq'));
      const agrees = first(f, 'agrees');
      return out({ consultSeq: seq, answer: first(f, 'answer'), agrees: agrees === 'yes' ? true : agrees === 'no' ? false : null }, unitId);
    }
    case 'contribute': {
      const unit = intOf(f, 'participantUnitId');
      return out({ outcome: first(f, 'outcome'), note: first(f, 'note') }, typeof unit === 'number' ? unit : null);
    }
    case 'request_supplement':
    case 'request_supplement_before_reception':
      return out({ items: linesOf(f, 'items'), reason: first(f, 'reason') });
    case 'supplement_received':
      return out({ note: textOrNull(f, 'note') });
    case 'request_payment': {
      const items: { name: string; amountVnd: number | string }[] = [];
      for (let i = 0; i < FEE_ROWS; i++) {
        const name = first(f, `feeName${i}`);
        const amount = first(f, `feeAmount${i}`);
        if (name === '' && amount === '') continue;
        items.push({ name, amountVnd: moneyOf(amount) });
      }
      return out({ items, note: textOrNull(f, 'note') });
    }
    case 'payment_recorded':
      return out({ amountVnd: first(f, 'amountVnd') === '' ? undefined : moneyOf(first(f, 'amountVnd')), receipt: textOrNull(f, 'receipt') });
    case 'approve':
      return out({});
    case 'sign':
      return out({ documentNumber: textOrNull(f, 'documentNumber') });
    case 'refuse_after_examination':
    case 'refuse_reception':
      return out({ reasons: first(f, 'reasons') });
    case 'finish':
      return out(resultFileIds.length ? { resultDocumentIds: resultFileIds } : {});
    case 'return_result': {
      const ids = [...new Set([...(f.electronicResultIds ?? []).filter(Boolean), ...resultFileIds])];
      return out({ method: first(f, 'method'), ...(ids.length ? { electronicResultIds: ids } : {}) });
    }
    case 'apologise': {
      const late = intOf(f, 'lateUnitId');
      return out({ lateUnitId: late, reason: first(f, 'reason'), newDueAt: localInstant(first(f, 'newDueAt')), documentNumber: textOrNull(f, 'documentNumber') }, typeof late === 'number' ? late : null);
    }
    case 'request_withdrawal':
    case 'decline_withdrawal':
      return out({ reason: first(f, 'reason') });
    case 'hand_back_documents':
      return out({ note: textOrNull(f, 'note') });
    case 'stop':
      return out({ reason: first(f, 'reason'), ground: first(f, 'ground'), documentReference: textOrNull(f, 'documentReference') });
    case 'correct':
      return out({ targetSeq: intOf(f, 'targetSeq'), reason: first(f, 'reason'), comment: textOrNull(f, 'newComment') });
    case 'receive':
      return out({ trackingBookNumber: intOf(f, 'trackingBookNumber') ?? null });
    case 'submit_online':
      return out({});
  }
}

/** The form field a domain error path belongs to, or null for the summary only. */
export function fieldOfPath(type: ActionType, path: string): string | null {
  if (path === 'comment') return type === 'correct' ? 'newComment' : 'comment';
  if (path.startsWith('attachments')) return RESULT_FILES[type] ?? 'attachments';
  if (path === 'unitId') return type === 'contribute' ? 'participantUnitId' : type === 'consult_reply' ? 'consultSeq' : type === 'apologise' ? 'lateUnitId' : null;
  if (path === 'documents' || path.startsWith('documents')) return null;
  if (!path.startsWith('payload.')) return null;
  const key = path.slice('payload.'.length).split(/[.[]/)[0]!;
  if (type === 'consult' && key === 'limit') return 'limitDays';
  if (type === 'request_payment' && key === 'items') return 'fees';
  if (type === 'correct' && key === 'comment') return 'newComment';
  if (type === 'finish' && key === 'resultDocumentIds') return 'resultFiles';
  if (type === 'return_result' && key === 'electronicResultIds') return 'electronicFiles';
  return key;
}

