// The action panel of the dossier page: one small form per action the domain allows this official now, and the
// translation of each form back into the action's payload. The domain is the judge of every value: this layer only
// converts text to the payload's shapes and maps the domain's field paths (payload.x) back onto the form's fields.
import type { FastifyRequest } from 'fastify';
import type { AllowedActionsView, DossierView, PersonRef } from '../../app/dossiers/index.js';
import type { UnitView } from '../../app/units.js';
import { ACTION_LABELS, DEFAULT_RULES, lateUnitCandidates, RETURN_METHOD_LABELS, RETURN_METHODS, STOP_GROUND_WITHDRAWAL, type ActionType } from '../../domain/dossier/index.js';
import type { Bilingual, FieldError } from '../../domain/errors.js';
import type { Child } from '../jsx/jsx-runtime.js';
import { formatDateTime, tr, type Lang } from '../i18n.js';
import { Csrf } from './components.js';
import { localInstant } from '../vn-time.js';

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

const PRE_RECEPTION: readonly ActionType[] = ['receive', 'request_supplement_before_reception', 'refuse_reception'];

/** Types whose form takes files: the result documents, or the electronic result to hand over. */
const RESULT_FILES: Partial<Record<ActionType, string>> = { finish: 'resultFiles', return_result: 'electronicFiles' };

const t2 = (vi: string, en: string): Bilingual => ({ vi, en });

// ---------------------------------------------------------------------------------------------------------------
// From the form to the action

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

// ---------------------------------------------------------------------------------------------------------------
// Form pieces: ids are unique per action, since the page holds many forms

const FEE_ROWS = 4;

interface Ctl {
  lang: Lang;
  type: ActionType;
  errors: FieldError[];
  values: PostedFields | null;
}

const fid = (c: Ctl, name: string) => `f-${c.type}-${name}`;
const errOf = (c: Ctl, name: string) => c.errors.find((e) => fieldOfPath(c.type, e.path) === name);
const valueOf = (c: Ctl, name: string, dflt = ''): string => (c.values ? (c.values[name]?.[0] ?? '') : dflt);

function Wrap(props: { c: Ctl; name: string; label: Bilingual; hint?: Bilingual; required?: boolean; children?: Child; group?: boolean }) {
  const { c, name } = props;
  const id = fid(c, name);
  const err = errOf(c, name);
  const body = (
    <>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {tr(c.lang, props.hint)}
        </p>
      )}
      {err && (
        <p class="field-error" id={`${id}-err`}>
          {tr(c.lang, err.message)}
        </p>
      )}
      {props.children}
    </>
  );
  if (props.group)
    return (
      <fieldset class={err ? 'dos-group has-error' : 'dos-group'} id={id} tabindex="-1" aria-describedby={err ? `${id}-err` : undefined}>
        <legend>
          {tr(c.lang, props.label)}
          {props.required && <span aria-hidden="true"> *</span>}
        </legend>
        {body}
      </fieldset>
    );
  return (
    <div class={err ? 'field has-error' : 'field'}>
      <label for={id}>
        {tr(c.lang, props.label)}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      {body}
    </div>
  );
}

function described(c: Ctl, name: string, hint?: Bilingual) {
  const id = fid(c, name);
  const err = errOf(c, name);
  return {
    id,
    name,
    'aria-invalid': err ? 'true' : undefined,
    'aria-describedby': [hint ? `${id}-hint` : null, err ? `${id}-err` : null].filter(Boolean).join(' ') || undefined,
  };
}

function TextInput(props: { c: Ctl; name: string; label: Bilingual; hint?: Bilingual; required?: boolean; type?: string; value?: string; inputmode?: string; min?: string; step?: string }) {
  const { c, name } = props;
  return (
    <Wrap c={c} name={name} label={props.label} hint={props.hint} required={props.required}>
      <input
        {...described(c, name, props.hint)}
        type={props.type ?? 'text'}
        value={valueOf(c, name, props.value ?? '')}
        required={props.required}
        inputmode={props.inputmode}
        min={props.min}
        step={props.step}
      />
    </Wrap>
  );
}

function TextArea(props: { c: Ctl; name: string; label: Bilingual; hint?: Bilingual; required?: boolean; rows?: number; value?: string }) {
  const { c, name } = props;
  return (
    <Wrap c={c} name={name} label={props.label} hint={props.hint} required={props.required}>
      <textarea {...described(c, name, props.hint)} rows={props.rows ?? 3} required={props.required}>
        {valueOf(c, name, props.value ?? '')}
      </textarea>
    </Wrap>
  );
}

function SelectInput(props: { c: Ctl; name: string; label: Bilingual; hint?: Bilingual; required?: boolean; options: { value: string; label: string }[]; value?: string; empty?: Bilingual }) {
  const { c, name } = props;
  const chosen = valueOf(c, name, props.value ?? '');
  return (
    <Wrap c={c} name={name} label={props.label} hint={props.hint} required={props.required}>
      <select {...described(c, name, props.hint)} required={props.required}>
        {props.empty && <option value="">{tr(c.lang, props.empty)}</option>}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === chosen}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

function Radios(props: { c: Ctl; name: string; label: Bilingual; required?: boolean; options: { value: string; label: string }[]; value?: string }) {
  const { c, name } = props;
  const chosen = valueOf(c, name, props.value ?? '');
  return (
    <Wrap c={c} name={name} label={props.label} required={props.required} group>
      {props.options.map((o, i) => (
        <label class="dos-choice" for={`${fid(c, name)}-${i}`}>
          <input type="radio" id={`${fid(c, name)}-${i}`} name={name} value={o.value} checked={o.value === chosen} /> {o.label}
        </label>
      ))}
    </Wrap>
  );
}

function FileInput(props: { c: Ctl; name: string; label: Bilingual; hint?: Bilingual }) {
  const { c, name } = props;
  const hint = props.hint ?? t2('Tệp PDF, JPG hoặc PNG; có thể chọn nhiều tệp.', 'PDF, JPG or PNG files; several may be chosen.');
  return (
    <Wrap c={c} name={name} label={props.label} hint={hint}>
      <input {...described(c, name, hint)} type="file" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" />
    </Wrap>
  );
}

const personOptions = (people: PersonRef[]) => people.map((p) => ({ value: String(p.id), label: `${p.fullName} (${p.username})` }));

// ---------------------------------------------------------------------------------------------------------------
// The panel

export interface PanelProps {
  req: FastifyRequest;
  view: DossierView;
  allowed: AllowedActionsView;
  /** Every active unit, for the consultation form. */
  units: UnitView[];
  failure?: ActionFailure;
}

const unitLabel = (view: DossierView, id: number | null | undefined) => (id == null ? '—' : (view.units[id]?.name ?? `#${id}`));

/** The fields of one action's form (without the common comment and attachments). */
function Fields({ c, view, allowed, units, unitId }: { c: Ctl; view: DossierView; allowed: AllowedActionsView; units: UnitView[]; unitId: number | null }) {
  const lang = c.lang;
  const s = view.state;
  const steps = view.pinned?.steps ?? [];
  switch (c.type) {
    case 'assign': {
      const cur = s.currentStepIndex === null ? undefined : steps[s.currentStepIndex];
      const hint =
        cur?.role === 'leader'
          ? t2('Ở bước của lãnh đạo, người được phân công sẽ xử lý bước tiếp theo của đơn vị.', 'At a leader’s step, the assignee handles the unit’s next step.')
          : t2('Chỉ người được phân công mới chuyển được hồ sơ ở bước này.', 'Only the assignee may move the dossier at this step.');
      return (
        <SelectInput
          c={c}
          name="assigneeId"
          label={t2('Người được phân công', 'Assignee')}
          hint={hint}
          required
          empty={t2('— chọn cán bộ —', '— choose an official —')}
          options={personOptions(allowed.assigneeCandidates.assign)}
        />
      );
    }
    case 'forward': {
      const next = (s.currentStepIndex ?? -1) + 1;
      const step = steps[next];
      return (
        <>
          <input type="hidden" name="toStepIndex" value={String(next)} />
          <p>
            {lang === 'vi' ? 'Chuyển sang' : 'Forward to'}{' '}
            <strong>
              {lang === 'vi' ? `bước ${next + 1}` : `step ${next + 1}`}
              {step?.name ? `: ${step.name}` : ''}
            </strong>{' '}
            — {unitLabel(view, step?.unitId)}
          </p>
          <SelectInput
            c={c}
            name="assigneeId"
            label={t2('Người nhận ở bước tiếp theo', 'Who takes the next step')}
            hint={t2('Để trống nếu lãnh đạo đơn vị sẽ phân công.', 'Leave empty if the unit’s leader will assign it.')}
            empty={t2('— không chỉ định —', '— nobody in particular —')}
            options={personOptions(allowed.assigneeCandidates.forward)}
          />
        </>
      );
    }
    case 'send_back': {
      const cur = s.currentStepIndex ?? 0;
      const earlier = steps.filter((x) => x.index < cur);
      return (
        <>
          <SelectInput
            c={c}
            name="toStepIndex"
            label={t2('Trả lại bước', 'Back to step')}
            required
            value={String(Math.max(cur - 1, 0))}
            options={earlier.map((x) => ({ value: String(x.index), label: `${x.index + 1}. ${x.name ?? ''} — ${unitLabel(view, x.unitId)}` }))}
          />
          <TextArea c={c} name="reason" label={t2('Lý do trả lại', 'Reason for sending back')} required />
        </>
      );
    }
    case 'consult':
      return (
        <>
          <SelectInput
            c={c}
            name="toUnitId"
            label={t2('Đơn vị được xin ý kiến', 'Unit to consult')}
            required
            empty={t2('— chọn đơn vị —', '— choose a unit —')}
            options={units.filter((u) => u.active && u.id !== s.currentUnitId).map((u) => ({ value: String(u.id), label: u.name }))}
          />
          <TextArea c={c} name="question" label={t2('Nội dung xin ý kiến', 'Question')} required />
          <TextInput c={c} name="limitDays" label={t2('Thời hạn trả lời (ngày làm việc)', 'Time to answer (working days)')} type="number" inputmode="decimal" min="0.5" step="0.5" value="3" required />
        </>
      );
    case 'consult_reply': {
      const open = s.consultations.filter((x) => x.state === 'open');
      return (
        <>
          <SelectInput
            c={c}
            name="consultSeq"
            label={t2('Yêu cầu xin ý kiến', 'Consultation')}
            required
            options={open.map((x) => ({
              value: `${x.seq}@${x.toUnitId}`,
              label: `${unitLabel(view, x.fromUnitId)} → ${unitLabel(view, x.toUnitId)}: ${x.question.slice(0, 80)} (${lang === 'vi' ? 'hạn' : 'due'} ${formatDateTime(x.dueAt, lang)})`,
            }))}
          />
          <TextArea c={c} name="answer" label={t2('Nội dung trả lời', 'Answer')} required />
          <Radios
            c={c}
            name="agrees"
            label={t2('Ý kiến', 'Opinion')}
            value=""
            options={[
              { value: 'yes', label: lang === 'vi' ? 'Đồng ý' : 'Agree' },
              { value: 'no', label: lang === 'vi' ? 'Không đồng ý' : 'Disagree' },
              { value: '', label: lang === 'vi' ? 'Không nêu' : 'Not stated' },
            ]}
          />
        </>
      );
    }
    case 'contribute': {
      const parts = s.participants.filter((p) => p.state === 'in_progress');
      return (
        <>
          <SelectInput
            c={c}
            name="participantUnitId"
            label={t2('Phần việc của cơ quan', 'Part of the unit')}
            required
            value={unitId === null ? '' : String(unitId)}
            options={parts.map((p) => ({ value: String(p.unitId), label: `${unitLabel(view, p.unitId)}: ${p.task}` }))}
          />
          <Radios
            c={c}
            name="outcome"
            label={t2('Kết quả phần việc', 'Outcome of the part')}
            required
            value="completed"
            options={[
              { value: 'completed', label: lang === 'vi' ? 'Đã hoàn thành' : 'Completed' },
              { value: 'declined', label: lang === 'vi' ? 'Không thực hiện được (nêu lý do)' : 'Declined (give the reason)' },
            ]}
          />
          <TextArea c={c} name="note" label={t2('Kết quả, ghi chú', 'Result, note')} />
        </>
      );
    }
    case 'request_supplement':
    case 'request_supplement_before_reception':
      return (
        <>
          <TextArea
            c={c}
            name="items"
            label={t2('Giấy tờ cần bổ sung, hoàn thiện', 'Documents to add or complete')}
            hint={t2('Mỗi dòng một giấy tờ; yêu cầu một lần, đầy đủ.', 'One document per line; everything, once.')}
            required
            rows={4}
          />
          <TextArea c={c} name="reason" label={t2('Lý do', 'Reason')} required />
        </>
      );
    case 'supplement_received':
      return <TextArea c={c} name="note" label={t2('Ghi chú về hồ sơ bổ sung', 'Note on the supplement')} />;
    case 'request_payment': {
      const fees = view.pinned?.fees ?? [];
      const err = errOf(c, 'fees');
      return (
        <>
          <fieldset class={err ? 'dos-group has-error' : 'dos-group'} id={fid(c, 'fees')} tabindex="-1">
            <legend>{lang === 'vi' ? 'Các khoản phí, lệ phí, thuế (đồng)' : 'Fees, charges and taxes (đồng)'}</legend>
            {err && <p class="field-error">{tr(lang, err.message)}</p>}
            <table class="dos-fees">
              <thead>
                <tr>
                  <th scope="col">{lang === 'vi' ? 'Khoản' : 'Item'}</th>
                  <th scope="col">{lang === 'vi' ? 'Số tiền' : 'Amount'}</th>
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: FEE_ROWS }, (_, i) => (
                  <tr>
                    <td>
                      <label class="sr" for={fid(c, `feeName${i}`)}>
                        {lang === 'vi' ? `Khoản ${i + 1}` : `Item ${i + 1}`}
                      </label>
                      <input id={fid(c, `feeName${i}`)} name={`feeName${i}`} value={valueOf(c, `feeName${i}`, fees[i]?.name ?? '')} />
                    </td>
                    <td>
                      <label class="sr" for={fid(c, `feeAmount${i}`)}>
                        {lang === 'vi' ? `Số tiền khoản ${i + 1}` : `Amount of item ${i + 1}`}
                      </label>
                      <input id={fid(c, `feeAmount${i}`)} name={`feeAmount${i}`} inputmode="numeric" value={valueOf(c, `feeAmount${i}`, fees[i] ? String(fees[i]!.amountVnd) : '')} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </fieldset>
          <TextArea c={c} name="note" label={t2('Hướng dẫn nộp', 'How to pay')} />
        </>
      );
    }
    case 'payment_recorded': {
      const open = s.payments.find((p) => p.paidAt === null);
      return (
        <>
          <TextInput c={c} name="amountVnd" label={t2('Số tiền đã nộp (đồng)', 'Amount paid (đồng)')} inputmode="numeric" required value={open ? String(open.totalVnd) : ''} />
          <TextInput c={c} name="receipt" label={t2('Số biên lai, chứng từ', 'Receipt number')} />
        </>
      );
    }
    case 'approve':
      return <p class="muted">{lang === 'vi' ? 'Phê duyệt kết quả giải quyết đã trình.' : 'Approve the proposed result.'}</p>;
    case 'sign':
      return <TextInput c={c} name="documentNumber" label={t2('Số, ký hiệu văn bản kết quả', 'Number of the result document')} />;
    case 'refuse_after_examination':
    case 'refuse_reception':
      return <TextArea c={c} name="reasons" label={t2('Lý do từ chối (gửi công dân)', 'Reasons for refusal (sent to the applicant)')} required rows={4} />;
    case 'finish':
      return (
        <>
          <p class="muted">{lang === 'vi' ? 'Kết quả đã sẵn sàng để trả; thời gian giải quyết dừng lại.' : 'The result is ready; the processing clock stops.'}</p>
          <FileInput c={c} name="resultFiles" label={t2('Kết quả điện tử (không bắt buộc)', 'Electronic result (optional)')} />
        </>
      );
    case 'return_result': {
      const results = s.timeline.filter((e) => e.type === 'finish').flatMap((e) => e.attachments);
      return (
        <>
          <Radios
            c={c}
            name="method"
            label={t2('Hình thức trả kết quả', 'How the result is handed over')}
            required
            value="counter"
            options={RETURN_METHODS.map((m) => ({ value: m, label: tr(lang, RETURN_METHOD_LABELS[m]) }))}
          />
          {results.length > 0 && (
            <fieldset class="dos-group">
              <legend>{lang === 'vi' ? 'Kết quả điện tử đã có' : 'Electronic results on file'}</legend>
              {results.map((id, i) => (
                <label class="dos-choice" for={`${fid(c, 'electronicResultIds')}-${i}`}>
                  <input
                    type="checkbox"
                    id={`${fid(c, 'electronicResultIds')}-${i}`}
                    name="electronicResultIds"
                    value={id}
                    checked={c.values ? (c.values.electronicResultIds ?? []).includes(id) : true}
                  />{' '}
                  <a href={`/dossiers/${view.id}/files/${encodeURIComponent(id)}`}>{lang === 'vi' ? `Tệp kết quả ${i + 1}` : `Result file ${i + 1}`}</a>
                </label>
              ))}
            </fieldset>
          )}
          <FileInput
            c={c}
            name="electronicFiles"
            label={t2('Tải lên kết quả điện tử', 'Upload the electronic result')}
            hint={t2('Bắt buộc khi trả kết quả trực tuyến. PDF, JPG hoặc PNG.', 'Required for an online hand-over. PDF, JPG or PNG.')}
          />
        </>
      );
    }
    case 'apologise': {
      // Only the unit holding the dossier or a unit over its allotment apologises (its leader signs).
      const involved = lateUnitCandidates(s);
      const due = s.clock?.currentDueAt;
      const late = s.clock !== null && s.asOf !== null && s.asOf.getTime() > s.clock.originalDueAt.getTime();
      return (
        <>
          <SelectInput
            c={c}
            name="lateUnitId"
            label={t2('Đơn vị làm chậm (người ký là lãnh đạo đơn vị này)', 'Late unit (its leader signs)')}
            required
            value={unitId === null ? '' : String(unitId)}
            options={involved.map((u) => ({ value: String(u), label: unitLabel(view, u) }))}
          />
          <TextArea c={c} name="reason" label={t2('Lý do chậm', 'Reason for the delay')} required />
          <TextInput c={c} name="documentNumber" label={t2('Số, ký hiệu văn bản xin lỗi (mẫu 04)', 'Number of the apology letter (form 04)')} />
          <TextInput
            c={c}
            name="newDueAt"
            type="datetime-local"
            label={t2('Thời gian hẹn trả mới', 'New appointment')}
            hint={
              due
                ? t2(
                    `Hẹn trả hiện tại: ${formatDateTime(due, 'vi')}. Chỉ được hẹn lại một lần, không quá thời hạn giải quyết của thủ tục tính từ ngày hẹn hiện tại.${late ? ' Hồ sơ đã quá hạn: văn bản xin lỗi được ghi nhận là xin lỗi muộn, hồ sơ vẫn tính là quá hạn.' : ''}`,
                    `Current appointment: ${formatDateTime(due, 'en')}. It may be reset only once, by at most the procedure's own time limit after it.${late ? ' The dossier is already late: the apology is recorded as late and the dossier still counts late.' : ''}`,
                  )
                : undefined
            }
            required
          />
        </>
      );
    }
    case 'request_withdrawal':
      return <TextArea c={c} name="reason" label={t2('Lý do công dân xin rút hồ sơ', 'Why the applicant withdraws')} required />;
    case 'decline_withdrawal':
      return <TextArea c={c} name="reason" label={t2('Lý do không chấp nhận rút hồ sơ', 'Why the withdrawal is declined')} required />;
    case 'stop': {
      const grounds = { ...DEFAULT_RULES, ...(view.pinned?.rules ?? {}) }.stopGrounds;
      const withdrawal = s.status === 'withdrawal_requested';
      return (
        <>
          <SelectInput
            c={c}
            name="ground"
            label={t2('Căn cứ dừng xử lý', 'Ground for stopping')}
            required
            empty={t2('— chọn —', '— choose —')}
            value={withdrawal ? STOP_GROUND_WITHDRAWAL : undefined}
            options={[
              ...(withdrawal ? [{ value: STOP_GROUND_WITHDRAWAL, label: tr(lang, t2('Theo đề nghị rút hồ sơ của công dân', 'At the applicant’s withdrawal request')) }] : []),
              ...grounds.map((g) => ({ value: g.code, label: tr(lang, g.label) })),
            ]}
          />
          <TextInput
            c={c}
            name="documentReference"
            label={t2('Số, ký hiệu văn bản làm căn cứ', 'Reference of the document it rests on')}
            hint={t2('Bắt buộc trừ khi dừng theo đề nghị rút hồ sơ. Dừng sau thời hạn hẹn trả vẫn tính là quá hạn.', 'Required unless the applicant asked to withdraw. A stop after the due instant still counts late.')}
          />
          <TextArea c={c} name="reason" label={t2('Lý do dừng xử lý (Thông báo mẫu 05)', 'Reason for stopping (notice 05)')} required />
        </>
      );
    }
    case 'hand_back_documents':
      return <TextArea c={c} name="note" label={t2('Ghi chú (người nhận lại, hình thức trả)', 'Note (who took them back, how)')} />;
    case 'correct': {
      const targets = s.timeline.filter((e) => e.type !== 'correct' && !e.ignored);
      return (
        <>
          <SelectInput
            c={c}
            name="targetSeq"
            label={t2('Thao tác cần đính chính', 'Action to correct')}
            required
            empty={t2('— chọn —', '— choose —')}
            options={targets.map((e) => ({ value: String(e.seq), label: `${e.seq}. ${tr(lang, ACTION_LABELS[e.type])} — ${formatDateTime(e.at, lang)}` }))}
          />
          <TextArea c={c} name="newComment" label={t2('Nội dung ghi chú đúng', 'Corrected comment')} required />
          <TextArea c={c} name="reason" label={t2('Lý do đính chính', 'Reason for the correction')} required />
        </>
      );
    }
    case 'receive':
      return (
        <TextInput
          c={c}
          name="trackingBookNumber"
          label={t2('Số thứ tự trong sổ theo dõi', 'Tracking-book number')}
          hint={t2('Để trống để lấy số tiếp theo của sổ.', 'Leave empty for the next number of the book.')}
          inputmode="numeric"
        />
      );
    case 'submit_online':
      return null;
  }
}

export function ActionPanel({ req, view, allowed, units, failure }: PanelProps) {
  const lang = req.lang;
  const perms = new Map(allowed.actions.map((p) => [p.type, p]));
  // Online submissions are checked and received on the desk's own page, which shows the uploaded documents (the
  // domain allows the reception actions only before reception).
  const onlineReception = view.channel === 'online';
  const shown = PANEL_ORDER.filter((type) => perms.get(type)?.allowed && !(onlineReception && PRE_RECEPTION.includes(type)));
  const deskLink = onlineReception && PRE_RECEPTION.some((type) => perms.get(type)?.allowed);
  const refused = PANEL_ORDER.map((type) => perms.get(type)).filter((p): p is Extract<AllowedActionsView['actions'][number], { allowed: false }> => !!p && !p.allowed);
  return (
    <section class="dos-panel" aria-labelledby="dos-panel-h">
      <h2 id="dos-panel-h">{lang === 'vi' ? 'Xử lý hồ sơ' : 'Process the dossier'}</h2>
      {deskLink && (
        <p>
          <a class="button" href={`/desk/online/${view.id}`}>
            {lang === 'vi' ? 'Kiểm tra và tiếp nhận hồ sơ trực tuyến' : 'Check and receive the online dossier'}
          </a>
        </p>
      )}
      {shown.length === 0 && !deskLink && <p class="muted">{lang === 'vi' ? 'Bạn không có thao tác nào với hồ sơ này lúc này.' : 'There is nothing for you to do on this dossier now.'}</p>}
      {shown.map((type) => {
        const p = perms.get(type)!;
        const failing = failure?.type === type;
        const c: Ctl = { lang, type, errors: failing ? failure.fields : [], values: failing ? failure.values : null };
        const label = ACTION_LABELS[type];
        const unitId = p.allowed ? p.unitId : null;
        return (
          <details class="dos-action" id={`act-${type}`} open={failing || shown.length === 1}>
            <summary>{tr(lang, label)}</summary>
            <form method="post" action={`/dossiers/${view.id}/actions/${type}`} enctype="multipart/form-data" novalidate>
              <Csrf req={req} />
              <input type="hidden" name="expectedVersion" value={String(view.version)} />
              {p.allowed && p.delegation && (
                <p class="badge warn">{lang === 'vi' ? 'Thực hiện theo ủy quyền (ký thay)' : 'Under a delegation (signing on behalf)'}</p>
              )}
              <Fields c={c} view={view} allowed={allowed} units={units} unitId={unitId} />
              {type !== 'correct' && <TextArea c={c} name="comment" label={t2('Ý kiến, ghi chú', 'Comment')} rows={2} />}
              {type !== 'finish' && type !== 'return_result' && <FileInput c={c} name="attachments" label={t2('Tệp đính kèm (không bắt buộc)', 'Attachments (optional)')} />}
              <button type="submit">{tr(lang, label)}</button>
            </form>
          </details>
        );
      })}
      {refused.length > 0 && (
        <details class="dos-refused">
          <summary>{lang === 'vi' ? 'Các thao tác khác và lý do không thực hiện được' : 'Other actions and why they are not available'}</summary>
          <ul>
            {refused.map((p) => (
              <li>
                <strong>{tr(lang, ACTION_LABELS[p.type])}</strong>: {tr(lang, p.reason)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** The error summary of a failed action: each message links to its field in the action's form. */
export function ActionErrors({ lang, failure }: { lang: Lang; failure?: ActionFailure }) {
  if (!failure) return null;
  return (
    <div class="error-summary" role="alert" tabindex="-1" id="error-summary">
      <p>
        <strong>
          {tr(lang, ACTION_LABELS[failure.type])}: {tr(lang, failure.message)}
        </strong>
      </p>
      {failure.fields.length > 0 && (
        <ul>
          {failure.fields.map((f) => {
            const field = fieldOfPath(failure.type, f.path);
            return <li>{field ? <a href={`#f-${failure.type}-${field}`}>{tr(lang, f.message)}</a> : tr(lang, f.message)}</li>;
          })}
        </ul>
      )}
    </div>
  );
}
