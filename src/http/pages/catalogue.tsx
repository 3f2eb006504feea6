// Procedure catalogue pages: public search and detail, and the provincial office's editor (procedure, lifecycle
// decisions, internal process step editor with the running total against the limit). All forms work without JS.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  abolishProcedure,
  amendProcedure,
  canManageCatalogue,
  createProcedure,
  getProcedure,
  listFields,
  previewProcess,
  publishProcedure,
  replaceProcedure,
  searchProcedures,
  setProcess,
  updateDraft,
  type ProcedureView,
  type StatusFilter,
} from '../../app/catalogue.js';
import type { AppContext } from '../../app/context.js';
import { listAllUnits, type UnitView } from '../../app/units.js';
import {
  CHANNELS,
  CHANNEL_LABELS,
  FEE_COLLECTION,
  INTER_AGENCY_DISPATCHES,
  INTER_AGENCY_DISPATCH_LABELS,
  LEVEL_LABELS,
  ONLINE_LEVEL_LABELS,
  PROCEDURE_LEVELS,
  PAYMENT_POLICIES,
  PAYMENT_POLICY_LABELS,
  PROCESS_ROLES,
  STATUS_LABELS,
  SUPPLEMENT_POLICIES,
  SUPPLEMENT_POLICY_LABELS,
  STEP_TIME_UNITS,
  emptyBody,
  formatLimit,
  readProcedure,
  formatWorkingMinutes,
  stepMinutes,
  type Channel,
  type ProcedureBody,
  type ProcessBody,
  type ProcessCheck,
} from '../../domain/catalogue/index.js';
import { TIME_UNITS } from '../../domain/calendar/index.js';
import type { Bilingual, FieldError } from '../../domain/errors.js';
import { ROLE_LABELS } from '../../domain/org.js';
import { PUBLIC_RATE } from '../api/units.js';
import { pageUser } from '../context.js';
import { formatDateTime, tr, UI, type Lang } from '../i18n.js';
import { TIME_UNIT_LABELS } from './calendar.js';
import { all, attempt, str, type FormBody, type FormFailure } from './forms.js';
import { Layout, sendPage } from './layout.js';
import { Csrf, DataTable, ErrorSummary, Field, Notice, Select, TextArea } from './components.js';

const vnd = (n: number) => `${n.toLocaleString('vi-VN')} đồng`;
const dmy = (iso: string | null | undefined) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '—');

function StatusBadge({ lang, status }: { lang: Lang; status: keyof typeof STATUS_LABELS }) {
  const cls = status === 'published' || status === 'amended' ? 'badge ok' : status === 'draft' ? 'badge warn' : 'badge err';
  return <span class={cls}>{tr(lang, STATUS_LABELS[status])}</span>;
}

function unitName(units: Map<string, UnitView>, code: string) {
  const u = units.get(code);
  return u ? `${u.name} (${code})` : code;
}

// ---------------------------------------------------------------------------------------------------------------
// Public pages

/** A heading and its list, left out when the list is empty. */
function ListSection({ lang, title, items, ordered }: { lang: Lang; title: Bilingual; items: string[]; ordered?: boolean }) {
  if (items.length === 0) return null;
  const list = items.map((x) => <li>{x}</li>);
  return (
    <>
      <h2>{tr(lang, title)}</h2>
      {ordered ? <ol>{list}</ol> : <ul>{list}</ul>}
    </>
  );
}

/** The documents an applicant brings, with the originals and copies asked for. */
function DocumentsToBring({ lang, b }: { lang: Lang; b: ProcedureBody }) {
  return (
    <DataTable lang={lang} columns={[{ vi: 'Giấy tờ', en: 'Document' }, { vi: 'Bản chính', en: 'Originals' }, { vi: 'Bản sao', en: 'Copies' }, { vi: 'Ghi chú', en: 'Notes' }]}>
      {b.documents.map((d) => (
        <tr>
          <td>
            {d.group && <span class="muted">{d.group}: </span>}
            {d.name}
          </td>
          <td>{d.originals}</td>
          <td>{d.copies}</td>
          <td>
            {d.templateFile && <span>{lang === 'vi' ? `Mẫu: ${d.templateFile}` : `Form: ${d.templateFile}`} </span>}
            {d.reusable && <span class="badge">{lang === 'vi' ? 'Dùng lại được từ kết quả trước' : 'Reusable from an earlier result'}</span>}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The internal process, each step with its time and the running total. */
function ProcessTable({ lang, steps, units }: { lang: Lang; steps: ProcessBody['steps']; units: Map<string, UnitView> }) {
  let running = 0;
  return (
    <DataTable
      lang={lang}
      columns={['#', { vi: 'Bước', en: 'Step' }, { vi: 'Đơn vị', en: 'Unit' }, UI.role, { vi: 'Thời gian', en: 'Time' }, { vi: 'Lũy kế', en: 'Running total' }]}
    >
      {steps.map((s, i) => {
        running += stepMinutes(s.time);
        return (
          <tr>
            <td>{i + 1}</td>
            <td>{s.name}</td>
            <td>{s.unit === 'receiving' ? (lang === 'vi' ? 'Bộ phận tiếp nhận' : 'Receiving desk') : unitName(units, s.unit)}</td>
            <td>{tr(lang, ROLE_LABELS[s.role])}</td>
            <td>{tr(lang, formatWorkingMinutes(stepMinutes(s.time)))}</td>
            <td>{tr(lang, formatWorkingMinutes(running))}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}

function Detail({ req, p, units, manage }: { req: FastifyRequest; p: ProcedureView; units: Map<string, UnitView>; manage: boolean }) {
  const lang = req.lang;
  const b = p.body;
  const process = p.process;
  return (
    <Layout req={req} title={{ vi: b.name, en: b.name }}>
      <p>
        <code>{b.code}</code> <StatusBadge lang={lang} status={p.status} /> · {b.field} · {tr(lang, LEVEL_LABELS[b.level])}
        {manage && (
          <>
            {' '}
            · <a href={`/admin/procedures/${b.code}`}>{lang === 'vi' ? 'Quản lý thủ tục' : 'Manage'}</a>
          </>
        )}
      </p>
      {(p.status === 'replaced' || p.status === 'abolished') && (
        <div class="error-summary" role="note">
          <p>
            <strong>
              {p.status === 'replaced'
                ? lang === 'vi'
                  ? 'Thủ tục này đã được thay thế'
                  : 'This procedure has been replaced'
                : lang === 'vi'
                  ? 'Thủ tục này đã bị bãi bỏ'
                  : 'This procedure has been abolished'}
            </strong>
            {p.statusDecision && ` (${lang === 'vi' ? 'Quyết định' : 'Decision'} ${p.statusDecision.number}, ${dmy(p.statusDecision.date)})`}
            {p.replacedBy && (
              <>
                {' '}
                {lang === 'vi' ? 'bằng' : 'by'} <a href={`/procedures/${p.replacedBy.code}`}>{p.replacedBy.name}</a>
              </>
            )}
          </p>
        </div>
      )}
      <div class="cards">
        {CHANNELS.filter((c) => b.channels[c]).map((c) => {
          const t = b.channels[c]!;
          return (
            <div class="card">
              <h2>{tr(lang, CHANNEL_LABELS[c])}</h2>
              <p>
                {lang === 'vi' ? 'Thời hạn' : 'Time limit'}:{' '}
                {t.reducedTimeLimit ? (
                  <>
                    <strong>{tr(lang, formatLimit(t.reducedTimeLimit))}</strong> <s>{t.timeLimit ? tr(lang, formatLimit(t.timeLimit)) : ''}</s>
                  </>
                ) : (
                  <strong>{t.timeLimit ? tr(lang, formatLimit(t.timeLimit)) : lang === 'vi' ? 'Không quy định' : 'Not stated'}</strong>
                )}
              </p>
              {t.timeNote && <p class="muted">{t.timeNote}</p>}
              <p>
                {lang === 'vi' ? 'Phí, lệ phí' : 'Fees'}:{' '}
                {t.fees.length === 0 ? (lang === 'vi' ? 'Không' : 'None') : t.fees.map((f) => `${f.name}: ${vnd(f.amountVnd)}${f.note ? ` (${f.note})` : ''}`).join('; ')}
              </p>
            </div>
          );
        })}
      </div>
      <p>
        {b.onlineLevel ? (
          <>
            <span class="badge ok">{tr(lang, ONLINE_LEVEL_LABELS[b.onlineLevel])}</span>
            {b.onlineLevel === 'partial' && b.onlinePartialReason && (
              <span class="muted">
                {' '}
                — {b.onlinePartialReason}
                {b.onlinePartialLegalBasis ? ` (${b.onlinePartialLegalBasis})` : ''}
              </span>
            )}
          </>
        ) : (
          <span class="badge">{lang === 'vi' ? 'Chưa cung cấp trực tuyến' : 'Not offered online'}</span>
        )}{' '}
        {b.channels.postal ? (lang === 'vi' ? '· Nhận và trả qua bưu chính công ích' : '· Postal service available') : ''}
      </p>
      {b.onlineLevel && b.channels.online && (p.status === 'published' || p.status === 'amended') && (
        <p>
          <a class="button" href={`/apply/${b.code}`}>
            {lang === 'vi' ? 'Nộp hồ sơ trực tuyến' : 'Apply online'}
          </a>
        </p>
      )}
      <h2>{lang === 'vi' ? 'Nơi nộp hồ sơ, cơ quan giải quyết' : 'Where to apply, who decides'}</h2>
      <ul>
        {b.receivingUnit && (
          <li>
            {lang === 'vi' ? 'Tiếp nhận' : 'Received at'}: {unitName(units, b.receivingUnit)}
          </li>
        )}
        {b.competentUnits.map((c) => (
          <li>
            {lang === 'vi' ? 'Giải quyết' : 'Decided by'}: {unitName(units, c)}
          </li>
        ))}
        {b.agencyText && <li>{b.agencyText}</li>}
      </ul>
      <h2>{lang === 'vi' ? 'Cần mang theo' : 'What to bring'}</h2>
      <DocumentsToBring lang={lang} b={b} />
      <ListSection lang={lang} title={{ vi: 'Ai được thực hiện', en: 'Who may apply' }} items={b.applicants} />
      <ListSection lang={lang} title={{ vi: 'Trình tự thực hiện', en: 'Steps' }} items={b.steps} ordered />
      <ListSection lang={lang} title={{ vi: 'Kết quả', en: 'Result' }} items={b.results.map((r) => r.name)} />
      {process && process.body.steps.length > 0 && (
        <>
          <h2>{lang === 'vi' ? 'Quy trình nội bộ' : 'Internal process'}</h2>
          <ProcessTable lang={lang} steps={process.body.steps} units={units} />
        </>
      )}
      <ListSection lang={lang} title={{ vi: 'Căn cứ pháp lý', en: 'Legal basis' }} items={b.legalBasis} />
      <h2>{lang === 'vi' ? 'Lịch sử' : 'History'}</h2>
      <History lang={lang} p={p} />
    </Layout>
  );
}

const HISTORY_LABELS: Record<string, Bilingual> = {
  created: { vi: 'Tạo dự thảo', en: 'Draft created' },
  published: { vi: 'Công bố', en: 'Published' },
  amended: { vi: 'Sửa đổi, bổ sung', en: 'Amended' },
  replaced: { vi: 'Thay thế', en: 'Replaced' },
  abolished: { vi: 'Bãi bỏ', en: 'Abolished' },
  process_approved: { vi: 'Phê duyệt quy trình nội bộ', en: 'Internal process approved' },
};

function History({ lang, p }: { lang: Lang; p: ProcedureView }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{lang === 'vi' ? 'Thời điểm' : 'When'}</th>
            <th scope="col">{lang === 'vi' ? 'Sự kiện' : 'Event'}</th>
            <th scope="col">{lang === 'vi' ? 'Quyết định' : 'Decision'}</th>
            <th scope="col">{lang === 'vi' ? 'Ghi chú' : 'Note'}</th>
          </tr>
        </thead>
        <tbody>
          {p.history.map((h) => (
            <tr>
              <td>{formatDateTime(h.at, lang)}</td>
              <td>
                {tr(lang, HISTORY_LABELS[h.kind] ?? { vi: h.kind, en: h.kind })}
                {h.versionNumber ? ` (v${h.versionNumber})` : ''}
              </td>
              <td>{h.decision ? `${h.decision.number}, ${dmy(h.decision.date)}${h.decision.effectiveDate ? ` → ${dmy(h.decision.effectiveDate)}` : ''}` : '—'}</td>
              <td>{[h.replacedBy ? `→ ${h.replacedBy}` : '', h.note ?? ''].filter(Boolean).join(' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Editor: the procedure body as a form (lists one per line), the process as a table of step rows.

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const cells = (line: string) => line.split('|').map((c) => c.trim());

/** What the form says, in the shape the catalogue's reader validates (it reports every problem with its path). */
function bodyFromForm(f: FormBody): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  for (const c of CHANNELS) {
    if (str(f, `${c}.offered`) !== 'on') {
      channels[c] = null;
      continue;
    }
    const limit = (prefix: string) => {
      const amount = str(f, `${c}.${prefix}Amount`);
      return amount === '' ? null : { amount: Number(amount.replace(',', '.')), unit: str(f, `${c}.${prefix}Unit`) };
    };
    channels[c] = {
      timeLimit: limit('limit'),
      reducedTimeLimit: limit('reduced'),
      timeNote: str(f, `${c}.timeNote`) || null,
      fees: lines(String(f[`${c}.fees`] ?? '')).map((l) => {
        const [name, amount, when, note] = cells(l);
        return { name: name ?? '', amountVnd: Number((amount ?? '').replace(/[.\s]/g, '')), collectedAt: when || 'unspecified', note: note || null };
      }),
    };
  }
  return {
    code: str(f, 'code'),
    name: str(f, 'name'),
    field: str(f, 'field'),
    level: str(f, 'level'),
    competentUnits: str(f, 'competentUnits').split(/[,\s]+/).filter(Boolean),
    receivingUnit: str(f, 'receivingUnit') || null,
    agencyText: str(f, 'agencyText') || null,
    applicants: lines(String(f.applicants ?? '')),
    steps: lines(String(f.steps ?? '')),
    channels,
    documents: lines(String(f.documents ?? '')).map((l) => {
      const [name, originals, copies, reusable, template] = cells(l);
      return { name: name ?? '', originals: Number(originals ?? 1), copies: Number(copies ?? 0), reusable: /^(c|có|yes|y|1|true)$/i.test(reusable ?? ''), templateFile: template || null, group: null };
    }),
    results: lines(String(f.results ?? '')).map((name) => ({ name, code: null })),
    onlineLevel: str(f, 'onlineLevel') || null,
    onlinePartialReason: str(f, 'onlinePartialReason') || null,
    onlinePartialLegalBasis: str(f, 'onlinePartialLegalBasis') || null,
    legalBasis: lines(String(f.legalBasis ?? '')),
  };
}

function ProcedureForm({ req, body, action, creating, revision, failure }: { req: FastifyRequest; body: ProcedureBody; action: string; creating: boolean; revision?: number; failure?: FormFailure }) {
  const lang = req.lang;
  const e = failure?.fields;
  const opt = (values: readonly string[], labels: Record<string, Bilingual>) => values.map((v) => ({ value: v, label: tr(lang, labels[v]!) }));
  return (
    <form method="post" action={action} novalidate class="procedure-form">
      <Csrf req={req} />
      {revision !== undefined && <input type="hidden" name="revision" value={revision} />}
      {creating ? (
        <Field lang={lang} name="code" label={{ vi: 'Mã thủ tục', en: 'Procedure code' }} value={body.code} required errors={e} hint={{ vi: 'Ví dụ 1.001193', en: 'E.g. 1.001193' }} />
      ) : (
        <input type="hidden" name="code" value={body.code} />
      )}
      <Field lang={lang} name="name" label={{ vi: 'Tên thủ tục', en: 'Name' }} value={body.name} required errors={e} />
      <Field lang={lang} name="field" label={{ vi: 'Lĩnh vực', en: 'Field' }} value={body.field} required errors={e} />
      <Select lang={lang} name="level" label={{ vi: 'Cấp thực hiện', en: 'Level' }} options={opt(PROCEDURE_LEVELS, LEVEL_LABELS)} value={body.level} errors={e} />
      <Field lang={lang} name="competentUnits" label={{ vi: 'Mã cơ quan giải quyết (cách nhau bởi dấu phẩy)', en: 'Competent unit codes (comma-separated)' }} value={body.competentUnits.join(', ')} errors={e} />
      <Field lang={lang} name="receivingUnit" label={{ vi: 'Mã nơi tiếp nhận (để trống: tại cơ quan giải quyết)', en: 'Receiving unit code (blank: at the competent unit)' }} value={body.receivingUnit} errors={e} />
      <Field lang={lang} name="agencyText" label={{ vi: 'Cơ quan thực hiện (mô tả)', en: 'Performing agency (text)' }} value={body.agencyText} errors={e} />
      <TextArea lang={lang} name="applicants" label={{ vi: 'Đối tượng thực hiện (mỗi dòng một đối tượng)', en: 'Applicants (one per line)' }} value={body.applicants.join('\n')} errors={e} rows={4} />
      <TextArea lang={lang} name="steps" label={{ vi: 'Trình tự thực hiện (mỗi dòng một bước)', en: 'Steps (one per line)' }} value={body.steps.join('\n')} errors={e} rows={4} />
      {CHANNELS.map((c) => {
        const t = b(body, c);
        return (
          <fieldset>
            <legend>{tr(lang, CHANNEL_LABELS[c])}</legend>
            <p>
              <input type="checkbox" id={`f-${c}.offered`} name={`${c}.offered`} checked={Boolean(body.channels[c])} />{' '}
              <label for={`f-${c}.offered`}>{lang === 'vi' ? 'Có thực hiện qua kênh này' : 'Offered on this channel'}</label>
            </p>
            <div class="filters">
              <Field lang={lang} name={`${c}.limitAmount`} label={{ vi: 'Thời hạn luật định', en: 'Legal limit' }} value={t?.timeLimit?.amount ?? ''} inputmode="decimal" errors={e} />
              <Select lang={lang} name={`${c}.limitUnit`} label={{ vi: 'Đơn vị', en: 'Unit' }} options={TIME_UNITS.map((u) => ({ value: u, label: tr(lang, TIME_UNIT_LABELS[u]) }))} value={t?.timeLimit?.unit ?? 'working_days'} />
              <Field lang={lang} name={`${c}.reducedAmount`} label={{ vi: 'Thời hạn cắt giảm', en: 'Reduced limit' }} value={t?.reducedTimeLimit?.amount ?? ''} inputmode="decimal" errors={e} />
              <Select lang={lang} name={`${c}.reducedUnit`} label={{ vi: 'Đơn vị', en: 'Unit' }} options={TIME_UNITS.map((u) => ({ value: u, label: tr(lang, TIME_UNIT_LABELS[u]) }))} value={t?.reducedTimeLimit?.unit ?? 'working_days'} />
            </div>
            <Field lang={lang} name={`${c}.timeNote`} label={{ vi: 'Ghi chú thời hạn', en: 'Note on the limit' }} value={t?.timeNote} errors={e} />
            <TextArea
              lang={lang}
              name={`${c}.fees`}
              label={{ vi: 'Phí, lệ phí', en: 'Fees' }}
              hint={{ vi: `Mỗi dòng: tên | số tiền (đồng) | thời điểm nộp (${FEE_COLLECTION.join(', ')}) | ghi chú`, en: `One per line: name | amount (VND) | when (${FEE_COLLECTION.join(', ')}) | note` }}
              value={(t?.fees ?? []).map((f) => [f.name, f.amountVnd, f.collectedAt, f.note ?? ''].join(' | ')).join('\n')}
              errors={e?.filter((x) => x.path.startsWith(`channels.${c}.fees`)).map((x) => ({ ...x, path: `${c}.fees` }))}
              rows={4}
            />
          </fieldset>
        );
      })}
      <TextArea
        lang={lang}
        name="documents"
        label={{ vi: 'Thành phần hồ sơ', en: 'Required documents' }}
        hint={{ vi: 'Mỗi dòng: tên | số bản chính | số bản sao | dùng lại (có/không) | tệp mẫu', en: 'One per line: name | originals | copies | reusable (yes/no) | template file' }}
        value={body.documents.map((d) => [d.name, d.originals, d.copies, d.reusable ? 'có' : 'không', d.templateFile ?? ''].join(' | ')).join('\n')}
        errors={e}
        rows={4}
      />
      <TextArea lang={lang} name="results" label={{ vi: 'Kết quả (mỗi dòng một giấy tờ)', en: 'Results (one per line)' }} value={body.results.map((r) => r.name).join('\n')} errors={e} rows={4} />
      <Select
        lang={lang}
        name="onlineLevel"
        label={{ vi: 'Dịch vụ công trực tuyến', en: 'Online service' }}
        options={[{ value: '', label: lang === 'vi' ? 'Không cung cấp' : 'Not offered' }, { value: 'full', label: tr(lang, ONLINE_LEVEL_LABELS.full) }, { value: 'partial', label: tr(lang, ONLINE_LEVEL_LABELS.partial) }]}
        value={body.onlineLevel ?? ''}
        errors={e}
      />
      <Field lang={lang} name="onlinePartialReason" label={{ vi: 'Lý do chỉ một phần (công khai)', en: 'Why only partial (published)' }} value={body.onlinePartialReason} errors={e} />
      <Field lang={lang} name="onlinePartialLegalBasis" label={{ vi: 'Căn cứ pháp lý của lý do', en: 'Legal basis of that reason' }} value={body.onlinePartialLegalBasis} errors={e} />
      <TextArea lang={lang} name="legalBasis" label={{ vi: 'Căn cứ pháp lý (mỗi dòng một văn bản)', en: 'Legal basis (one per line)' }} value={body.legalBasis.join('\n')} errors={e} rows={4} />
      <button type="submit">{creating ? (lang === 'vi' ? 'Tạo dự thảo' : 'Create draft') : tr(lang, UI.save)}</button>
    </form>
  );
}

const b = (body: ProcedureBody, c: Channel) => body.channels[c];
/**
 * A rejected form is shown again through the catalogue's own reader: what it can read comes back as typed, a value it
 * refused comes back empty, next to the reason.
 */
const asBody = (x: Record<string, unknown>): ProcedureBody => readProcedure(x).body;

interface StepRow {
  name: string;
  unit: string;
  role: string;
  amount: string;
  unitOfTime: string;
  maySendBack: boolean;
}

function processFromForm(f: FormBody): { rows: StepRow[]; process: Record<string, unknown> } {
  const names = all(f, 'stepName');
  const unitsOf = all(f, 'stepUnit');
  const roles = all(f, 'stepRole');
  const amounts = all(f, 'stepAmount');
  const tunits = all(f, 'stepTimeUnit');
  const back = new Set(all(f, 'stepSendBack'));
  const rows: StepRow[] = [];
  names.forEach((n, i) => {
    const row = { name: n.trim(), unit: unitsOf[i] ?? 'receiving', role: roles[i] ?? 'specialist', amount: (amounts[i] ?? '').trim(), unitOfTime: tunits[i] ?? 'working_hours', maySendBack: back.has(String(i)) };
    if (row.name || row.amount) rows.push(row);
  });
  return {
    rows,
    process: {
      steps: rows.map((r) => ({ name: r.name, unit: r.unit, role: r.role, time: { amount: Number(r.amount.replace(',', '.')), unit: r.unitOfTime }, maySendBack: r.maySendBack })),
      // The step editor does not edit participants: they travel through the form unchanged.
      participants: participantsOf(str(f, 'participantsJson')),
      approval: str(f, 'approvalNumber') ? { number: str(f, 'approvalNumber'), date: str(f, 'approvalDate') } : null,
      note: str(f, 'processNote') || null,
      supplementPolicy: str(f, 'supplementPolicy') || null,
      paymentPolicy: str(f, 'paymentPolicy') || null,
      ...(str(f, 'interAgencyDispatch') ? { interAgencyDispatch: str(f, 'interAgencyDispatch') } : {}),
      ...(str(f, 'repeatSupplementRequests') === 'true' ? { repeatSupplementRequests: true } : {}),
    },
  };
}

function participantsOf(json: string): unknown {
  if (!json) return [];
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json; // the reader reports it under "participants"
  }
}

function rowsOf(process: ProcessBody | null): StepRow[] {
  return (process?.steps ?? []).map((s) => ({ name: s.name, unit: s.unit, role: s.role, amount: String(s.time.amount), unitOfTime: s.time.unit, maySendBack: s.maySendBack }));
}

const SUPPLEMENT_LABEL: Bilingual = { vi: 'Thời hạn khi bổ sung hồ sơ trong quá trình giải quyết', en: 'Time limit after a supplement during processing' };
const PAYMENT_LABEL: Bilingual = { vi: 'Thời gian thực hiện nghĩa vụ tài chính', en: 'Time spent on financial obligations' };
const DISPATCH_LABEL: Bilingual = { vi: 'Thứ tự thực hiện của các cơ quan liên thông', en: 'Order of the inter-agency parts' };
const REPEAT_SUPPLEMENTS_LABEL: Bilingual = {
  vi: 'Luật chuyên ngành cho phép yêu cầu bổ sung hồ sơ nhiều lần trong khi giải quyết',
  en: 'Sectoral law allows more than one supplement request during processing',
};

/** One step of the process editor as inputs, with its errors and the running total up to it. */
function StepRowInputs({ lang, i, r, errs, unitOptions, total }: { lang: Lang; i: number; r: StepRow; errs: FieldError[]; unitOptions: { value: string; label: string }[]; total: number }) {
  return (
    <tr class={errs.length ? 'has-error' : undefined}>
      <td>{i + 1}</td>
      <td>
        <label class="sr" for={`s${i}-name`}>{`${lang === 'vi' ? 'Tên bước' : 'Step'} ${i + 1}`}</label>
        <input id={`s${i}-name`} name="stepName" value={r.name} />
        {errs.map((x) => (
          <p class="field-error">{tr(lang, x.message)}</p>
        ))}
      </td>
      <td>
        <label class="sr" for={`s${i}-unit`}>{`${lang === 'vi' ? 'Đơn vị bước' : 'Unit of step'} ${i + 1}`}</label>
        <select id={`s${i}-unit`} name="stepUnit">
          {unitOptions.map((o) => (
            <option value={o.value} selected={o.value === r.unit}>
              {o.label}
            </option>
          ))}
        </select>
      </td>
      <td>
        <label class="sr" for={`s${i}-role`}>{`${UI.role[lang]} ${i + 1}`}</label>
        <select id={`s${i}-role`} name="stepRole">
          {PROCESS_ROLES.map((role) => (
            <option value={role} selected={role === r.role}>
              {tr(lang, ROLE_LABELS[role])}
            </option>
          ))}
        </select>
      </td>
      <td>
        <label class="sr" for={`s${i}-amount`}>{`${lang === 'vi' ? 'Thời gian bước' : 'Time of step'} ${i + 1}`}</label>
        <input id={`s${i}-amount`} name="stepAmount" value={r.amount} inputmode="decimal" size={4} />
        <label class="sr" for={`s${i}-tu`}>{lang === 'vi' ? 'Đơn vị thời gian' : 'Unit of time'}</label>
        <select id={`s${i}-tu`} name="stepTimeUnit">
          {STEP_TIME_UNITS.map((u) => (
            <option value={u} selected={u === r.unitOfTime}>
              {u === 'half_days' ? (lang === 'vi' ? 'nửa ngày' : 'half days') : lang === 'vi' ? 'giờ làm việc' : 'working hours'}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input type="checkbox" id={`s${i}-back`} name="stepSendBack" value={String(i)} checked={r.maySendBack} />
        <label class="sr" for={`s${i}-back`}>{`${lang === 'vi' ? 'Được trả lại, bước' : 'May send back, step'} ${i + 1}`}</label>
      </td>
      <td>{r.amount ? tr(lang, formatWorkingMinutes(total)) : ''}</td>
    </tr>
  );
}

function StepEditor(props: {
  req: FastifyRequest;
  p: ProcedureView;
  units: UnitView[];
  rows: StepRow[];
  check?: ProcessCheck;
  failure?: FormFailure;
  approval?: { number: string; date: string };
  policies?: { supplement: string; payment: string; dispatch?: string; repeatSupplements?: boolean };
}) {
  const { req, p, rows } = props;
  const lang = req.lang;
  const padded = [...rows, ...Array.from({ length: 2 }, () => ({ name: '', unit: 'receiving', role: 'specialist', amount: '', unitOfTime: 'working_hours', maySendBack: false }))];
  const unitOptions = [{ value: 'receiving', label: lang === 'vi' ? 'Bộ phận tiếp nhận' : 'Receiving desk' }, ...props.units.filter((u) => u.active).map((u) => ({ value: u.code, label: `${u.shortName ?? u.name} (${u.code})` }))];
  let running = 0;
  // The running total after each row, as typed (a row left blank adds nothing).
  const totals = padded.map((r) => {
    const amount = Number(r.amount.replace(',', '.'));
    if (r.amount && Number.isFinite(amount)) running += Math.round(amount * (r.unitOfTime === 'half_days' ? 240 : 60));
    return running;
  });
  const errorsAt = (i: number) => props.failure?.fields.filter((f) => f.path.startsWith(`steps.${i}`) || f.path.startsWith(`steps[${i}]`)) ?? [];
  const general = props.failure?.fields.filter((f) => !/^steps[.[]\d/.test(f.path)) ?? [];
  const budgets = props.check?.budgets ?? p.process?.budgets ?? [];
  return (
    <section aria-labelledby="process-h">
      <h2 id="process-h">{lang === 'vi' ? 'Quy trình nội bộ' : 'Internal process'}</h2>
      {props.failure && <ErrorSummary lang={lang} message={props.failure.message} fields={props.failure.fields} />}
      {general.length === 0 && props.check && props.check.errors.length === 0 && (
        <Notice>{lang === 'vi' ? 'Quy trình hợp lệ: tổng thời gian không vượt thời hạn.' : 'The process is valid: its total is within the limit.'}</Notice>
      )}
      <form method="post" action={`/admin/procedures/${p.code}/process`} novalidate>
        <Csrf req={req} />
        <input type="hidden" name="revision" value={p.revision} />
        <input type="hidden" name="participantsJson" value={JSON.stringify(p.process?.body.participants ?? [])} />
        <div class="table-wrap">
          <table class="steps">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{lang === 'vi' ? 'Tên bước' : 'Step'}</th>
                <th scope="col">{lang === 'vi' ? 'Đơn vị' : 'Unit'}</th>
                <th scope="col">{UI.role[lang]}</th>
                <th scope="col">{lang === 'vi' ? 'Thời gian' : 'Time'}</th>
                <th scope="col">{lang === 'vi' ? 'Được trả lại' : 'May send back'}</th>
                <th scope="col">{lang === 'vi' ? 'Lũy kế' : 'Running total'}</th>
              </tr>
            </thead>
            <tbody>
              {padded.map((r, i) => (
                <StepRowInputs lang={lang} i={i} r={r} errs={errorsAt(i)} unitOptions={unitOptions} total={totals[i]!} />
              ))}
            </tbody>
          </table>
        </div>
        <p class="lead" id="process-total">
          {lang === 'vi' ? 'Tổng' : 'Total'}: <strong>{tr(lang, formatWorkingMinutes(running))}</strong>
          {budgets.map((x) => (
            <span class={running > x.maxMinutes ? 'badge err' : 'badge ok'}>
              {' '}
              {tr(lang, CHANNEL_LABELS[x.channel])}: {x.reduced ? (lang === 'vi' ? 'cắt giảm ' : 'reduced ') : ''}
              {tr(lang, formatLimit(x.limit))} ({lang === 'vi' ? 'tối đa' : 'at most'} {tr(lang, formatWorkingMinutes(x.maxMinutes))})
            </span>
          ))}
        </p>
        <div class="filters">
          <Field lang={lang} name="approvalNumber" label={{ vi: 'Quyết định phê duyệt số', en: 'Approval decision number' }} value={props.approval?.number ?? p.process?.body.approval?.number ?? ''} />
          <Field lang={lang} name="approvalDate" type="date" label={{ vi: 'Ngày quyết định', en: 'Decision date' }} value={props.approval?.date ?? p.process?.body.approval?.date ?? ''} />
        </div>
        <div class="filters">
          <Select
            lang={lang}
            name="supplementPolicy"
            label={SUPPLEMENT_LABEL}
            value={props.policies?.supplement ?? p.process?.body.supplementPolicy ?? ''}
            errors={props.failure?.fields}
            options={[
              { value: '', label: lang === 'vi' ? 'Theo mặc định của tỉnh' : 'The province’s default' },
              ...SUPPLEMENT_POLICIES.map((v) => ({ value: v, label: tr(lang, SUPPLEMENT_POLICY_LABELS[v]) })),
            ]}
          />
          <Select
            lang={lang}
            name="paymentPolicy"
            label={PAYMENT_LABEL}
            value={props.policies?.payment ?? p.process?.body.paymentPolicy ?? ''}
            errors={props.failure?.fields}
            options={[
              { value: '', label: lang === 'vi' ? 'Theo mặc định của tỉnh' : 'The province’s default' },
              ...PAYMENT_POLICIES.map((v) => ({ value: v, label: tr(lang, PAYMENT_POLICY_LABELS[v]) })),
            ]}
          />
          {(p.process?.body.participants.length ?? 0) > 0 ? (
            <Select
              lang={lang}
              name="interAgencyDispatch"
              label={DISPATCH_LABEL}
              value={props.policies?.dispatch ?? p.process?.body.interAgencyDispatch ?? 'sequential'}
              errors={props.failure?.fields}
              options={INTER_AGENCY_DISPATCHES.map((v) => ({ value: v, label: tr(lang, INTER_AGENCY_DISPATCH_LABELS[v]) }))}
            />
          ) : null}
          <p>
            <input
              type="checkbox"
              id="f-repeatSupplementRequests"
              name="repeatSupplementRequests"
              value="true"
              checked={props.policies?.repeatSupplements ?? p.process?.body.repeatSupplementRequests === true}
            />{' '}
            <label for="f-repeatSupplementRequests">{tr(lang, REPEAT_SUPPLEMENTS_LABEL)}</label>
          </p>
        </div>
        <button type="submit" name="intent" value="check" class="secondary">
          {lang === 'vi' ? 'Kiểm tra tổng thời gian' : 'Check the total'}
        </button>{' '}
        <button type="submit" name="intent" value="save">
          {lang === 'vi' ? 'Phê duyệt quy trình' : 'Approve the process'}
        </button>
      </form>
    </section>
  );
}

function DecisionFields({ lang, prefix, effective, failure }: { lang: Lang; prefix: string; effective?: boolean; failure?: FormFailure }) {
  const e = failure?.fields.map((f) => ({ ...f, path: f.path.replace(/^decision\./, `${prefix}.`) }));
  return (
    <div class="filters">
      <Field lang={lang} name={`${prefix}.number`} label={{ vi: 'Số quyết định', en: 'Decision number' }} required errors={e} />
      <Field lang={lang} name={`${prefix}.date`} type="date" label={{ vi: 'Ngày ký', en: 'Signed on' }} required errors={e} />
      {effective && <Field lang={lang} name={`${prefix}.effectiveDate`} type="date" label={{ vi: 'Ngày hiệu lực', en: 'In force from' }} required errors={e} />}
    </div>
  );
}

const decisionFrom = (f: FormBody, prefix: string, effective: boolean) => ({
  number: str(f, `${prefix}.number`),
  date: str(f, `${prefix}.date`),
  ...(effective ? { effectiveDate: str(f, `${prefix}.effectiveDate`) } : {}),
});

interface AdminExtras {
  failure?: FormFailure;
  draft?: ProcedureBody;
  notice?: string;
  rows?: StepRow[];
  check?: ProcessCheck;
  processFailure?: FormFailure;
  approval?: { number: string; date: string };
  policies?: { supplement: string; payment: string; dispatch?: string; repeatSupplements?: boolean };
}

function AmendForm({ req, p, draft, failure }: { req: FastifyRequest; p: ProcedureView; draft?: ProcedureBody; failure?: FormFailure }) {
  return (
    <>
      <p class="hint">{req.lang === 'vi' ? 'Nhập quyết định sửa đổi ở cuối biểu mẫu.' : 'Enter the amending decision at the end of the form.'}</p>
      <ProcedureForm req={req} body={draft ?? p.body} action={`/admin/procedures/${p.code}/amend`} creating={false} revision={p.revision} failure={failure} />
    </>
  );
}

async function adminList(ctx: AppContext, req: FastifyRequest, status?: string, q?: string, failure?: FormFailure, draft?: ProcedureBody) {
  const lang = req.lang;
  const allowed = ['all', 'draft', 'in_force', 'retired'];
  const s = (allowed.includes(status ?? '') ? status : 'all') as StatusFilter;
  const result = await searchProcedures(ctx, req.actor, { status: s, q, pageSize: 100 });
  // A new procedure's form starts at commune level, the most common.
  const empty: ProcedureBody = { ...emptyBody(), level: 'commune' };
  return (
    <Layout req={req} title={{ vi: 'Quản lý danh mục thủ tục', en: 'Procedure catalogue' }}>
      <form method="get" action="/admin/procedures" class="filters">
        <Field lang={lang} name="q" type="search" label={UI.search} value={q} />
        <Select
          lang={lang}
          name="status"
          label={UI.status}
          options={allowed.map((a) => ({ value: a, label: a === 'all' ? (lang === 'vi' ? 'Tất cả' : 'All') : a === 'in_force' ? (lang === 'vi' ? 'Đang hiệu lực' : 'In force') : a === 'retired' ? (lang === 'vi' ? 'Hết hiệu lực' : 'Retired') : tr(lang, STATUS_LABELS.draft) }))}
          value={s}
        />
        <button type="submit">{tr(lang, UI.search)}</button>
      </form>
      <p>
        {result.total} {lang === 'vi' ? 'thủ tục' : 'procedures'} · <a href="/api/v1/catalogue/export?format=csv">CSV</a> · <a href="/api/v1/catalogue/export?format=json">JSON</a>
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{lang === 'vi' ? 'Mã' : 'Code'}</th>
              <th scope="col">{UI.name[lang]}</th>
              <th scope="col">{lang === 'vi' ? 'Lĩnh vực' : 'Field'}</th>
              <th scope="col">{UI.status[lang]}</th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((p) => (
              <tr>
                <td>
                  <code>{p.code}</code>
                </td>
                <td>
                  <a href={`/admin/procedures/${p.code}`}>{p.name}</a>
                </td>
                <td>{p.field}</td>
                <td>
                  <StatusBadge lang={lang} status={p.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{lang === 'vi' ? 'Tạo dự thảo thủ tục mới' : 'New draft procedure'}</h2>
      <ErrorSummary lang={lang} message={failure?.message} fields={failure?.fields} />
      <ProcedureForm req={req} body={draft ?? empty} action="/admin/procedures" creating failure={failure} />
    </Layout>
  );
}

async function adminPage(ctx: AppContext, req: FastifyRequest, code: string, x: AdminExtras = {}) {
  const lang = req.lang;
  const p = await getProcedure(ctx, req.actor, code);
  const units = await listAllUnits(ctx);
  const can = (a: string) => p.allowedActions.includes(a as never);
  return (
    <Layout req={req} title={{ vi: `Quản lý: ${p.body.name}`, en: `Manage: ${p.body.name}` }}>
      {x.notice && <Notice>{x.notice}</Notice>}
      <p>
        <code>{p.code}</code> <StatusBadge lang={lang} status={p.status} /> · v{p.version?.number ?? 0} · <a href={`/procedures/${p.code}`}>{lang === 'vi' ? 'Xem trang công khai' : 'Public page'}</a>
      </p>
      {!p.completeness.complete && (
        <div class="notice warn" role="note">
          {lang === 'vi' ? 'Thiếu bộ phận bắt buộc (Chỉ tiêu 1.3, Quyết định 766): ' : 'Missing required parts (Decision 766 indicator 1.3): '}
          {p.completeness.missing.map((m) => tr(lang, m.label)).join(', ')}
        </div>
      )}
      {(can('update_draft') || can('amend')) && (
        <section>
          <h2>{can('update_draft') ? (lang === 'vi' ? 'Sửa dự thảo' : 'Edit the draft') : lang === 'vi' ? 'Sửa đổi, bổ sung (tạo phiên bản mới)' : 'Amend (creates a new version)'}</h2>
          <ErrorSummary lang={lang} message={x.failure?.message} fields={x.failure?.fields} />
          {can('update_draft') ? (
            <ProcedureForm req={req} body={x.draft ?? p.body} action={`/admin/procedures/${p.code}`} creating={false} revision={p.revision} failure={x.failure} />
          ) : (
            <details open={Boolean(x.failure)}>
              <summary>{lang === 'vi' ? 'Mở biểu mẫu sửa đổi' : 'Open the amendment form'}</summary>
              <AmendForm req={req} p={p} draft={x.draft} failure={x.failure} />
            </details>
          )}
        </section>
      )}
      <div class="grid2">
        {can('publish') && (
          <form method="post" action={`/admin/procedures/${p.code}/publish`} novalidate>
            <h2>{lang === 'vi' ? 'Công bố' : 'Publish'}</h2>
            <Csrf req={req} />
            <input type="hidden" name="revision" value={p.revision} />
            <DecisionFields lang={lang} prefix="publish" effective />
            <button type="submit">{lang === 'vi' ? 'Công bố thủ tục' : 'Publish'}</button>
          </form>
        )}
        {can('replace') && (
          <form method="post" action={`/admin/procedures/${p.code}/replace`} novalidate>
            <h2>{lang === 'vi' ? 'Thay thế' : 'Replace'}</h2>
            <Csrf req={req} />
            <input type="hidden" name="revision" value={p.revision} />
            <Field lang={lang} name="byCode" label={{ vi: 'Mã thủ tục thay thế', en: 'Replaced by (code)' }} required />
            <DecisionFields lang={lang} prefix="replace" />
            <button type="submit" class="secondary">
              {lang === 'vi' ? 'Thay thế' : 'Replace'}
            </button>
          </form>
        )}
        {can('abolish') && (
          <form method="post" action={`/admin/procedures/${p.code}/abolish`} novalidate>
            <h2>{lang === 'vi' ? 'Bãi bỏ' : 'Abolish'}</h2>
            <Csrf req={req} />
            <input type="hidden" name="revision" value={p.revision} />
            <DecisionFields lang={lang} prefix="abolish" />
            <button type="submit" class="secondary">
              {lang === 'vi' ? 'Bãi bỏ' : 'Abolish'}
            </button>
          </form>
        )}
      </div>
      {can('set_process') && <StepEditor req={req} p={p} units={units} rows={x.rows ?? rowsOf(p.process?.body ?? null)} check={x.check} failure={x.processFailure} approval={x.approval} policies={x.policies} />}
      <h2>{lang === 'vi' ? 'Lịch sử' : 'History'}</h2>
      <History lang={lang} p={p} />
    </Layout>
  );
}

export async function registerCataloguePages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const unitMap = async () => new Map((await listAllUnits(ctx, { includeInactive: true })).map((u) => [u.code, u]));

  app.get<{ Querystring: { q?: string; field?: string; level?: string; online?: string; page?: string } }>(
    '/procedures',
    { schema: { hide: true }, config: { rateLimit: PUBLIC_RATE } },
    async (req, reply) => {
      const lang = req.lang;
      const q = req.query;
      const page = Math.max(1, Math.min(10_000, Number(q.page) || 1));
      const r = await attempt(() =>
        searchProcedures(ctx, req.actor, {
          q: q.q,
          field: q.field || undefined,
          level: (q.level || undefined) as never,
          online: (q.online || undefined) as never,
          page,
          pageSize: 20,
        }),
      );
      const fields = await listFields(ctx, req.actor);
      const result = r.ok ? r.value : null;
      const qs = (p: number) => `/procedures?${new URLSearchParams({ q: q.q ?? '', field: q.field ?? '', level: q.level ?? '', online: q.online ?? '', page: String(p) })}`;
      const html = (
        <Layout req={req} title={{ vi: 'Thủ tục hành chính', en: 'Administrative procedures' }}>
          <form method="get" action="/procedures" role="search" class="filters">
            <Field lang={lang} name="q" type="search" label={{ vi: 'Tìm theo tên hoặc mã (gõ có dấu hay không dấu đều được)', en: 'Search by name or code (with or without diacritics)' }} value={q.q} />
            <Select lang={lang} name="field" label={{ vi: 'Lĩnh vực', en: 'Field' }} options={[{ value: '', label: lang === 'vi' ? 'Tất cả' : 'All' }, ...fields.map((f) => ({ value: f.field, label: `${f.field} (${f.count})` }))]} value={q.field ?? ''} />
            <Select lang={lang} name="level" label={{ vi: 'Cấp', en: 'Level' }} options={[{ value: '', label: lang === 'vi' ? 'Tất cả' : 'All' }, ...PROCEDURE_LEVELS.map((l) => ({ value: l, label: tr(lang, LEVEL_LABELS[l]) }))]} value={q.level ?? ''} />
            <Select
              lang={lang}
              name="online"
              label={{ vi: 'Trực tuyến', en: 'Online' }}
              options={[{ value: '', label: lang === 'vi' ? 'Tất cả' : 'All' }, { value: 'full', label: tr(lang, ONLINE_LEVEL_LABELS.full) }, { value: 'partial', label: tr(lang, ONLINE_LEVEL_LABELS.partial) }, { value: 'none', label: lang === 'vi' ? 'Không trực tuyến' : 'Not online' }]}
              value={q.online ?? ''}
            />
            <button type="submit">{tr(lang, UI.search)}</button>
          </form>
          {!r.ok && <ErrorSummary lang={lang} message={r.failure.message} fields={r.failure.fields} />}
          {result && (
            <>
              <p role="status" id="result-count">
                {lang === 'vi' ? `${result.total} thủ tục` : `${result.total} procedures`}
              </p>
              <ol class="results" start={(result.page - 1) * result.pageSize + 1}>
                {result.items.map((p) => (
                  <li>
                    <a href={`/procedures/${p.code}`}>{p.name}</a> <code>{p.code}</code>
                    <br />
                    <span class="muted">
                      {p.field} · {tr(lang, LEVEL_LABELS[p.level])}
                      {p.onlineLevel ? ` · ${tr(lang, ONLINE_LEVEL_LABELS[p.onlineLevel])}` : ''}
                    </span>
                  </li>
                ))}
              </ol>
              {result.total === 0 && <p>{lang === 'vi' ? 'Không tìm thấy thủ tục phù hợp. Hãy thử từ khóa ngắn hơn.' : 'No procedure matches. Try fewer words.'}</p>}
              <nav aria-label={lang === 'vi' ? 'Phân trang' : 'Pages'} class="pager">
                {result.page > 1 && <a href={qs(result.page - 1)}>← {lang === 'vi' ? 'Trang trước' : 'Previous'}</a>}{' '}
                {result.page * result.pageSize < result.total && <a href={qs(result.page + 1)}>{lang === 'vi' ? 'Trang sau' : 'Next'} →</a>}
              </nav>
            </>
          )}
        </Layout>
      );
      return sendPage(reply, html, r.ok ? 200 : r.failure.status);
    },
  );

  app.get<{ Params: { code: string } }>('/procedures/:code', { schema: { hide: true }, config: { rateLimit: PUBLIC_RATE } }, async (req, reply) => {
    const p = await getProcedure(ctx, req.actor, req.params.code);
    return sendPage(reply, <Detail req={req} p={p} units={await unitMap()} manage={await canManageCatalogue(ctx.db, req.actor)} />);
  });

  // ---- Administration
  app.get<{ Querystring: { status?: string; q?: string } }>('/admin/procedures', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    return sendPage(reply, await adminList(ctx, req, req.query.status, req.query.q));
  });

  app.post<{ Body: FormBody }>('/admin/procedures', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const body = bodyFromForm(req.body);
    const r = await attempt(() => createProcedure(ctx, req.actor, body));
    if (!r.ok) return sendPage(reply, await adminList(ctx, req, 'all', undefined, r.failure, asBody(body)), r.failure.status);
    return reply.redirect(`/admin/procedures/${r.value.procedure.code}?saved=1`, 303);
  });

  const show = async (req: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply, x: AdminExtras = {}, status = 200) => sendPage(reply, await adminPage(ctx, req, req.params.code, x), status);

  app.get<{ Params: { code: string }; Querystring: { saved?: string } }>('/admin/procedures/:code', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    return show(req, reply, { notice: req.query.saved ? tr(req.lang, UI.saved) : undefined });
  });
  const revisionOf = (f: FormBody) => Number(str(f, 'revision')) || undefined;
  const done = (reply: FastifyReply, code: string) => reply.redirect(`/admin/procedures/${code}?saved=1`, 303);

  app.post<{ Params: { code: string }; Body: FormBody }>('/admin/procedures/:code', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const { code: _ignored, ...changes } = bodyFromForm(req.body);
    const r = await attempt(() => updateDraft(ctx, req.actor, req.params.code, changes, { revision: revisionOf(req.body) }));
    if (!r.ok) return show(req, reply, { failure: r.failure, draft: asBody({ ...changes, code: req.params.code }) }, r.failure.status);
    return done(reply, req.params.code);
  });
  app.post<{ Params: { code: string }; Body: FormBody }>('/admin/procedures/:code/amend', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const { code: _ignored, ...changes } = bodyFromForm(req.body);
    const r = await attempt(() => amendProcedure(ctx, req.actor, req.params.code, decisionFrom(req.body, 'amend', true), changes, { revision: revisionOf(req.body) }));
    if (!r.ok) return show(req, reply, { failure: r.failure, draft: asBody({ ...changes, code: req.params.code }) }, r.failure.status);
    return done(reply, req.params.code);
  });
  for (const kind of ['publish', 'replace', 'abolish'] as const) {
    app.post<{ Params: { code: string }; Body: FormBody }>(`/admin/procedures/:code/${kind}`, { schema: { hide: true } }, async (req, reply) => {
      if (!pageUser(req, reply)) return reply;
      const rev = { revision: revisionOf(req.body) };
      const r = await attempt(() =>
        kind === 'publish'
          ? publishProcedure(ctx, req.actor, req.params.code, decisionFrom(req.body, 'publish', true), rev)
          : kind === 'replace'
            ? replaceProcedure(ctx, req.actor, req.params.code, str(req.body, 'byCode'), decisionFrom(req.body, 'replace', false), rev)
            : abolishProcedure(ctx, req.actor, req.params.code, decisionFrom(req.body, 'abolish', false), rev),
      );
      if (!r.ok) return show(req, reply, { failure: r.failure }, r.failure.status);
      return done(reply, req.params.code);
    });
  }
  app.post<{ Params: { code: string }; Body: FormBody }>('/admin/procedures/:code/process', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const { rows, process } = processFromForm(req.body);
    const approval = { number: str(req.body, 'approvalNumber'), date: str(req.body, 'approvalDate') };
    const policies = { supplement: str(req.body, 'supplementPolicy'), payment: str(req.body, 'paymentPolicy'), dispatch: str(req.body, 'interAgencyDispatch') || undefined, repeatSupplements: str(req.body, 'repeatSupplementRequests') === 'true' };
    if (str(req.body, 'intent') === 'check') {
      const r = await attempt(() => previewProcess(ctx, req.actor, req.params.code, process));
      if (!r.ok) return show(req, reply, { rows, processFailure: r.failure, approval, policies }, r.failure.status);
      const failure = r.value.errors.length ? { status: 400, message: UI.errorsFound, fields: r.value.errors } : undefined;
      return show(req, reply, { rows, check: r.value, processFailure: failure, approval, policies }, failure ? 400 : 200);
    }
    const r = await attempt(() => setProcess(ctx, req.actor, req.params.code, process, { revision: revisionOf(req.body) }));
    if (!r.ok) return show(req, reply, { rows, processFailure: r.failure, approval, policies }, r.failure.status);
    return done(reply, req.params.code);
  });
}

