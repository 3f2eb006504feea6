// The checklist of the procedure's documents on a reception form: ticked when checked, the originals and copies
// received, and the scans (those already stored listed and kept by id).
import type { StoredFileView } from '../../../app/dossiers/index.js';
import { isOptionalDocument } from '../../../app/dossiers/index.js';
import type { ProcedureBody } from '../../../domain/catalogue/index.js';
import type { Bilingual, FieldError } from '../../../domain/errors.js';
import { tr, type Lang } from '../../i18n.js';
import { ErrorText, fieldError } from '../components.js';
import type { DocValues } from './reception-values.js';

/** The count of originals or of copies received for one document, with its own error. */
function DocCount({ lang, name, label, value, err }: { lang: Lang; name: string; label: Bilingual; value: string; err: FieldError | undefined }) {
  const id = `f-${name}`;
  return (
    <div class={err ? 'desk-count has-error' : 'desk-count'}>
      <label for={id}>{tr(lang, label)}</label>
      <input
        id={id}
        name={name}
        type="number"
        min="0"
        max="100"
        inputmode="numeric"
        value={value}
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={err ? `${id}-err` : undefined}
      />
      <ErrorText lang={lang} id={`${id}-err`} err={err} />
    </div>
  );
}

/** One document's scans: those stored with the form before, and the input for more. */
function DocScans({ lang, i, kept, err }: { lang: Lang; i: number; kept: StoredFileView[]; err: FieldError | undefined }) {
  return (
    <div class={err ? 'desk-file has-error' : 'desk-file'}>
      <label for={`f-docfile${i}`}>{lang === 'vi' ? 'Bản quét' : 'Scan'}</label>
      {kept.length > 0 && (
        <p class="hint">
          {lang === 'vi' ? 'Đã tải lên' : 'Uploaded'}: {kept.map((f) => f.name).join(', ')}
        </p>
      )}
      <ErrorText lang={lang} id={`f-docfile${i}-err`} err={err} />
      <input type="hidden" name={`docFileIds${i}`} value={kept.map((f) => f.id).join(',')} />
      <input
        id={`f-docfile${i}`}
        type="file"
        name={`docfile${i}`}
        multiple
        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={err ? `f-docfile${i}-err` : undefined}
      />
    </div>
  );
}

function DocRow(props: { lang: Lang; i: number; doc: ProcedureBody['documents'][number]; x: DocValues; files: (StoredFileView | null)[]; fields: FieldError[] | undefined }) {
  const { lang, i, doc: d, x, fields } = props;
  const err = fieldError(fields, `doc${i}`);
  const fileErr = fieldError(fields, `docfile${i}`);
  const origErr = fieldError(fields, `docOriginals${i}`);
  const copyErr = fieldError(fields, `docCopies${i}`);
  const kept = props.files.filter((f) => f !== null);
  return (
    <fieldset class={err || fileErr || origErr || copyErr ? 'desk-doc has-error' : 'desk-doc'} aria-describedby={err ? `f-doc${i}-err` : undefined}>
      <legend>
        {i + 1}. {d.name}
        {isOptionalDocument(d) && <span class="muted"> {lang === 'vi' ? '(không bắt buộc)' : '(conditional)'}</span>}
      </legend>
      <p class="hint">
        {d.group && `${d.group} · `}
        {lang === 'vi' ? `Yêu cầu: ${d.originals} bản chính, ${d.copies} bản sao` : `Asked for: ${d.originals} original(s), ${d.copies} cop(ies)`}
      </p>
      <ErrorText lang={lang} id={`f-doc${i}-err`} err={err} />
      <div class="desk-doc-row">
        <label class="desk-choice desk-check">
          <input type="checkbox" id={`f-doc${i}`} name={`doc${i}`} value="1" checked={x.checked} aria-invalid={err ? 'true' : undefined} /> {lang === 'vi' ? 'Đã kiểm tra' : 'Checked'}
        </label>
        <DocCount lang={lang} name={`docOriginals${i}`} label={{ vi: 'Bản chính', en: 'Originals' }} value={x.originals} err={origErr} />
        <DocCount lang={lang} name={`docCopies${i}`} label={{ vi: 'Bản sao', en: 'Copies' }} value={x.copies} err={copyErr} />
      </div>
      <DocScans lang={lang} i={i} kept={kept} err={fileErr} />
    </fieldset>
  );
}

export function Checklist({ lang, body, docs, files, fields }: { lang: Lang; body: ProcedureBody; docs: DocValues[]; files: (StoredFileView | null)[][]; fields: FieldError[] | undefined }) {
  const whole = fields?.find((e) => e.path === 'documents');
  return (
    <>
      <h2>{lang === 'vi' ? 'Thành phần hồ sơ' : 'Documents'}</h2>
      <p class="hint">
        {lang === 'vi'
          ? 'Đánh dấu từng giấy tờ đã kiểm tra, ghi số bản chính, bản sao nhận được; bản quét (PDF, JPG, PNG, tối đa 10 MB mỗi tệp) nếu có.'
          : 'Tick each document you checked and note the originals and copies received; attach scans (PDF, JPG, PNG, up to 10 MB each) if any.'}
      </p>
      <div id="f-documents" class="desk-docs">
        {whole && <p class="field-error">{tr(lang, whole.message)}</p>}
        {body.documents.map((d, i) => (
          <DocRow lang={lang} i={i} doc={d} x={docs[i]!} files={files[i]!} fields={fields} />
        ))}
      </div>
    </>
  );
}
