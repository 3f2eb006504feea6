// The end of a reception form, shared by a first reception and a dossier back after form 02: where it is received,
// how the result goes back, the internal note, the receive button, and the two ways out (form 02, form 03).
import type { UnitView } from '../../../app/units.js';
import { RETURN_METHOD_LABELS, RETURN_METHODS } from '../../../domain/dossier/index.js';
import type { Bilingual, FieldError } from '../../../domain/errors.js';
import { tr, type Lang } from '../../i18n.js';
import { Radios, Select, TextArea } from '../components.js';
import { T } from './common.js';
import type { ReceptionValues } from './reception-values.js';

const CHOOSE = T('— chọn —', '— choose —');

/** A choice among units, by id or by code. */
export function UnitSelect(props: { lang: Lang; name: string; label: Bilingual; hint?: Bilingual; options: UnitView[]; value: string; valueOf: (u: UnitView) => string; errors?: FieldError[] }) {
  const options = props.options.map((u) => ({ value: props.valueOf(u), label: u.name }));
  return <Select lang={props.lang} name={props.name} label={props.label} hint={props.hint} options={options} value={props.value} empty={CHOOSE} errors={props.errors} />;
}

/** Radios with the desk's look. */
export function DeskRadios(props: { lang: Lang; name: string; legend: Bilingual; options: { value: string; label: Bilingual }[]; value: string; errors?: FieldError[] }) {
  const options = props.options.map((o) => ({ value: o.value, label: tr(props.lang, o.label) }));
  return <Radios lang={props.lang} name={props.name} label={props.legend} options={options} value={props.value} errors={props.errors} class="desk-radios" choiceClass="desk-choice" />;
}

/** Form 01: how the applicant chose to get the result (at the desk, by post, online). */
export function ResultDeliveryRadios(props: { lang: Lang; value: string; errors?: FieldError[] }) {
  return (
    <DeskRadios
      lang={props.lang}
      name="resultDelivery"
      legend={{ vi: 'Cách nhận kết quả', en: 'How the result is delivered' }}
      options={RETURN_METHODS.map((m) => ({ value: m, label: RETURN_METHOD_LABELS[m] }))}
      value={props.value}
      errors={props.errors}
    />
  );
}

/** The receiving desk: a choice for officials of several desks, else the only one. */
export function DeskChoice({ lang, desks, value, fields }: { lang: Lang; desks: UnitView[]; value: string; fields: FieldError[] | undefined }) {
  return desks.length > 1 ? (
    <UnitSelect lang={lang} name="receivingUnitId" label={T('Nơi tiếp nhận', 'Receiving desk')} options={desks} value={value} valueOf={(u) => String(u.id)} errors={fields} />
  ) : (
    <p>
      {lang === 'vi' ? 'Nơi tiếp nhận' : 'Receiving desk'}: <strong>{desks[0]?.name}</strong>
      <input type="hidden" name="receivingUnitId" value={desks[0]?.id ?? ''} />
    </p>
  );
}

type DecisionValues = Pick<ReceptionValues, 'comment' | 'items' | 'reason' | 'reasons'>;

/** The internal note, the receive button, and the two ways out. */
export function Decision({ lang, v, fields, note }: { lang: Lang; v: DecisionValues; fields: FieldError[] | undefined; note?: Bilingual }) {
  return (
    <>
      <TextArea lang={lang} name="comment" label={T('Ghi chú nội bộ (không bắt buộc)', 'Internal note (optional)')} value={v.comment} errors={fields} rows={2} />
      {note && <p class="hint">{tr(lang, note)}</p>}
      <div class="desk-actions">
        <button type="submit" name="intent" value="receive">
          {lang === 'vi' ? 'Tiếp nhận' : 'Receive'}
        </button>
      </div>
      <NotReceivable lang={lang} v={v} fields={fields} />
    </>
  );
}

/** Form 02's fields: what to bring, and why. */
export function SupplementFields({ lang, v, fields, hint }: { lang: Lang; v: Pick<DecisionValues, 'items' | 'reason'>; fields: FieldError[] | undefined; hint: Bilingual }) {
  return (
    <>
      <TextArea lang={lang} name="items" label={T('Giấy tờ cần bổ sung', 'Documents to add or correct')} hint={hint} value={v.items} errors={fields} rows={4} />
      <TextArea lang={lang} name="reason" label={T('Lý do', 'Reason')} value={v.reason} errors={fields} rows={2} />
    </>
  );
}

/** Form 03's field. */
export function RefusalFields({ lang, v, fields }: { lang: Lang; v: Pick<DecisionValues, 'reasons'>; fields: FieldError[] | undefined }) {
  return <TextArea lang={lang} name="reasons" label={T('Lý do từ chối', 'Reasons for refusal')} value={v.reasons} errors={fields} rows={4} />;
}

export const SUPPLEMENT_HEADING = T('Yêu cầu bổ sung, hoàn thiện (Mẫu 02)', 'Ask for a supplement (form 02)');
export const REFUSAL_HEADING = T('Từ chối tiếp nhận (Mẫu 03)', 'Refuse reception (form 03)');

/** The two ways out for a dossier that cannot be received now: form 02 or form 03, each with its own button. */
function NotReceivable({ lang, v, fields }: { lang: Lang; v: DecisionValues; fields: FieldError[] | undefined }) {
  return (
    <>
      <h2>{lang === 'vi' ? 'Hồ sơ chưa đủ hoặc không đủ điều kiện' : 'Incomplete or not receivable'}</h2>
      <div class="desk-grid">
        <fieldset class="desk-alt">
          <legend>{tr(lang, SUPPLEMENT_HEADING)}</legend>
          <SupplementFields
            lang={lang}
            v={v}
            fields={fields}
            hint={T('Mỗi dòng một giấy tờ, hướng dẫn một lần đầy đủ. Để trống: liệt kê các giấy tờ bắt buộc chưa đánh dấu.', 'One per line, everything at once. Blank: the required documents not ticked.')}
          />
          <button type="submit" name="intent" value="supplement" class="secondary">
            {lang === 'vi' ? 'Yêu cầu bổ sung' : 'Ask for a supplement'}
          </button>
        </fieldset>
        <fieldset class="desk-alt">
          <legend>{tr(lang, REFUSAL_HEADING)}</legend>
          <RefusalFields lang={lang} v={v} fields={fields} />
          <button type="submit" name="intent" value="refuse" class="secondary desk-danger">
            {lang === 'vi' ? 'Từ chối tiếp nhận' : 'Refuse reception'}
          </button>
        </fieldset>
      </div>
    </>
  );
}
