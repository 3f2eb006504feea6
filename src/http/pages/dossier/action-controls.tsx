// The shared controls as the action panel needs them: the page holds one form per action, so ids carry the action
// (`f-<type>-<name>`), errors are found through the action's path mapping, and a failed form shows what was posted.
import type { ActionType } from '../../../domain/dossier/index.js';
import type { Bilingual, FieldError } from '../../../domain/errors.js';
import { ariaAttrs, Field, FieldWrap, Radios as SharedRadios, Select, TextArea as SharedTextArea, type Option } from '../components.js';
import type { Lang } from '../../i18n.js';
import { fieldOfPath, type PostedFields } from './action-form.js';

export const t2 = (vi: string, en: string): Bilingual => ({ vi, en });

/** One action's form: its language, its type, the errors of its last failure and what was posted then. */
export interface Ctl {
  lang: Lang;
  type: ActionType;
  errors: FieldError[];
  values: PostedFields | null;
}

export const fid = (c: Ctl, name: string) => `f-${c.type}-${name}`;
export const errOf = (c: Ctl, name: string) => c.errors.find((e) => fieldOfPath(c.type, e.path) === name);
/** What was posted (a failed form shown again), else the default. */
export const valueOf = (c: Ctl, name: string, dflt = ''): string => (c.values ? (c.values[name]?.[0] ?? '') : dflt);

interface Common {
  c: Ctl;
  name: string;
  label: Bilingual;
  hint?: Bilingual;
  required?: boolean;
}

const shared = ({ c, name, label, hint, required }: Common) => ({ lang: c.lang, name, label, hint, required, id: fid(c, name), err: errOf(c, name) });

export function TextInput(props: Common & { type?: string; value?: string; inputmode?: string; min?: string; step?: string }) {
  return <Field {...shared(props)} type={props.type} value={valueOf(props.c, props.name, props.value ?? '')} inputmode={props.inputmode} min={props.min} step={props.step} />;
}

export function TextArea(props: Common & { rows?: number; value?: string }) {
  return <SharedTextArea {...shared(props)} rows={props.rows} value={valueOf(props.c, props.name, props.value ?? '')} />;
}

export function SelectInput(props: Common & { options: Option[]; value?: string; empty?: Bilingual }) {
  return <Select {...shared(props)} options={props.options} value={valueOf(props.c, props.name, props.value ?? '')} empty={props.empty} />;
}

export function Radios(props: Common & { options: Option[]; value?: string }) {
  return (
    <SharedRadios {...shared(props)} options={props.options} value={valueOf(props.c, props.name, props.value ?? '')} class="dos-group" choiceClass="dos-choice" optionIds focusable />
  );
}

export function FileInput(props: { c: Ctl; name: string; label: Bilingual; hint?: Bilingual }) {
  const { c, name } = props;
  const hint = props.hint ?? t2('Tệp PDF, JPG hoặc PNG; có thể chọn nhiều tệp.', 'PDF, JPG or PNG files; several may be chosen.');
  const id = fid(c, name);
  const err = errOf(c, name);
  return (
    <FieldWrap lang={c.lang} id={id} label={props.label} hint={hint} err={err}>
      <input id={id} name={name} {...ariaAttrs(id, hint, err)} type="file" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" />
    </FieldWrap>
  );
}
