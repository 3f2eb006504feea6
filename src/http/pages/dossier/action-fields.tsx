// The fields of each action's form on the dossier page, one small view per action type (without the comment and
// attachments every form has). Which forms appear is the domain's decision (allowedActionsFor); these views only
// lay out what the domain will ask for.
import type { AllowedActionsView, DossierView, PersonRef } from '../../../app/dossiers/index.js';
import type { UnitView } from '../../../app/units.js';
import { ACTION_LABELS, DEFAULT_RULES, lateUnitCandidates, pendingWithdrawal, RETURN_METHOD_LABELS, RETURN_METHODS, STOP_GROUND_WITHDRAWAL, type ActionType } from '../../../domain/dossier/index.js';
import type { SafeHtml } from '../../jsx/jsx-runtime.js';
import { formatDateTime, tr } from '../../i18n.js';
import { FEE_ROWS } from './action-form.js';
import { errOf, fid, FileInput, Radios, SelectInput, t2, TextArea, TextInput, valueOf, type Ctl } from './action-controls.js';

export interface FieldsProps {
  c: Ctl;
  view: DossierView;
  allowed: AllowedActionsView;
  /** Every active unit, for the consultation form. */
  units: UnitView[];
  /** The unit the domain found for this official's seat (the late unit, the participant), if any. */
  unitId: number | null;
}

const personOptions = (people: PersonRef[]) => people.map((p) => ({ value: String(p.id), label: `${p.fullName} (${p.username})` }));
export const unitLabel = (view: DossierView, id: number | null | undefined) => (id == null ? '—' : (view.units[id]?.name ?? `#${id}`));

function AssignFields({ c, view, allowed }: FieldsProps) {
  const s = view.state;
  const steps = view.pinned?.steps ?? [];
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

function ForwardFields({ c, view, allowed }: FieldsProps) {
  const lang = c.lang;
  const s = view.state;
  const steps = view.pinned?.steps ?? [];
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

function SendBackFields({ c, view }: FieldsProps) {
  const s = view.state;
  const steps = view.pinned?.steps ?? [];
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

function ConsultFields({ c, view, units }: FieldsProps) {
  const s = view.state;
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
}

function ConsultReplyFields({ c, view }: FieldsProps) {
  const lang = c.lang;
  const s = view.state;
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

function ContributeFields({ c, view, unitId }: FieldsProps) {
  const lang = c.lang;
  const s = view.state;
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

function RequestSupplementFields({ c }: FieldsProps) {
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
}

function SupplementReceivedFields({ c }: FieldsProps) {
  return <TextArea c={c} name="note" label={t2('Ghi chú về hồ sơ bổ sung', 'Note on the supplement')} />;
}

function RequestPaymentFields({ c, view }: FieldsProps) {
  const lang = c.lang;
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

function PaymentRecordedFields({ c, view }: FieldsProps) {
  const s = view.state;
  const open = s.payments.find((p) => p.paidAt === null);
  return (
    <>
      <TextInput c={c} name="amountVnd" label={t2('Số tiền đã nộp (đồng)', 'Amount paid (đồng)')} inputmode="numeric" required value={open ? String(open.totalVnd) : ''} />
      <TextInput c={c} name="receipt" label={t2('Số biên lai, chứng từ', 'Receipt number')} />
    </>
  );
}

function ApproveFields({ c }: FieldsProps) {
  const lang = c.lang;
  return <p class="muted">{lang === 'vi' ? 'Phê duyệt kết quả giải quyết đã trình.' : 'Approve the proposed result.'}</p>;
}

function SignFields({ c }: FieldsProps) {
  return <TextInput c={c} name="documentNumber" label={t2('Số, ký hiệu văn bản kết quả', 'Number of the result document')} />;
}

function RefusalFields({ c }: FieldsProps) {
  return <TextArea c={c} name="reasons" label={t2('Lý do từ chối (gửi công dân)', 'Reasons for refusal (sent to the applicant)')} required rows={4} />;
}

function FinishFields({ c }: FieldsProps) {
  const lang = c.lang;
  return (
    <>
      <p class="muted">{lang === 'vi' ? 'Kết quả đã sẵn sàng để trả; thời gian giải quyết dừng lại.' : 'The result is ready; the processing clock stops.'}</p>
      <FileInput c={c} name="resultFiles" label={t2('Kết quả điện tử (không bắt buộc)', 'Electronic result (optional)')} />
    </>
  );
}

function ReturnResultFields({ c, view }: FieldsProps) {
  const lang = c.lang;
  const s = view.state;
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

function ApologiseFields({ c, view, unitId }: FieldsProps) {
  const s = view.state;
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

function RequestWithdrawalFields({ c }: FieldsProps) {
  return <TextArea c={c} name="reason" label={t2('Lý do công dân xin rút hồ sơ', 'Why the applicant withdraws')} required />;
}

function DeclineWithdrawalFields({ c }: FieldsProps) {
  return <TextArea c={c} name="reason" label={t2('Lý do không chấp nhận rút hồ sơ', 'Why the withdrawal is declined')} required />;
}

function StopFields({ c, view }: FieldsProps) {
  const lang = c.lang;
  const s = view.state;
  const grounds = { ...DEFAULT_RULES, ...(view.pinned?.rules ?? {}) }.stopGrounds;
  // The applicant's pending request is the ground the domain accepts without a document (stop.ts).
  const withdrawal = pendingWithdrawal(s);
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

function HandBackDocumentsFields({ c }: FieldsProps) {
  return <TextArea c={c} name="note" label={t2('Ghi chú (người nhận lại, hình thức trả)', 'Note (who took them back, how)')} />;
}

function CorrectFields({ c, view }: FieldsProps) {
  const lang = c.lang;
  const s = view.state;
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

function ReceiveFields({ c }: FieldsProps) {
  return (
    <TextInput
      c={c}
      name="trackingBookNumber"
      label={t2('Số thứ tự trong sổ theo dõi', 'Tracking-book number')}
      hint={t2('Để trống để lấy số tiếp theo của sổ.', 'Leave empty for the next number of the book.')}
      inputmode="numeric"
    />
  );
}

/** The fields of each action's form (without the common comment and attachments). */
export const ACTION_FIELDS: Record<Exclude<ActionType, 'submit_online'>, (p: FieldsProps) => SafeHtml | null> = {
  assign: AssignFields,
  forward: ForwardFields,
  send_back: SendBackFields,
  consult: ConsultFields,
  consult_reply: ConsultReplyFields,
  contribute: ContributeFields,
  request_supplement: RequestSupplementFields,
  request_supplement_before_reception: RequestSupplementFields,
  supplement_received: SupplementReceivedFields,
  request_payment: RequestPaymentFields,
  payment_recorded: PaymentRecordedFields,
  approve: ApproveFields,
  sign: SignFields,
  refuse_after_examination: RefusalFields,
  refuse_reception: RefusalFields,
  finish: FinishFields,
  return_result: ReturnResultFields,
  apologise: ApologiseFields,
  request_withdrawal: RequestWithdrawalFields,
  decline_withdrawal: DeclineWithdrawalFields,
  stop: StopFields,
  hand_back_documents: HandBackDocumentsFields,
  correct: CorrectFields,
  receive: ReceiveFields,
};
