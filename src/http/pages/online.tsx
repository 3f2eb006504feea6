// Online submission by a citizen or business account: the procedure's documents as an upload form, a draft that
// survives a closed browser, submission; and the applicant's list of dossiers. Works without JavaScript.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getProcedure } from '../../app/catalogue.js';
import type { AppContext } from '../../app/context.js';
import { act, allowedActionsFor, answerSupplement, availableForms, DOSSIER_FORM_TITLES, listMyDossiers, listMyDrafts, saveDraft, saveFile, submitOnline, getDossier, type DossierView } from '../../app/dossiers/index.js';
import { DUE_RECOUNTED_LABEL, RETURN_METHOD_LABELS } from '../../domain/dossier/labels.js';
import { RETURN_METHODS, type ReturnMethod } from '../../domain/dossier/index.js';
import { formatVnInstant } from '../../domain/calendar/index.js';
import { AppError } from '../../domain/errors.js';
import { pageUser } from '../context.js';
import { tr, type Lang } from '../i18n.js';
import { attempt, lastValues, readPosted, type FormFailure, type PostedFile } from './forms.js';
import { Layout, sendPage } from './layout.js';
import { Csrf, DataTable, ErrorSummary, Notice, Select, StatusBadge } from './components.js';
import { listAllUnits } from '../../app/units.js';

/** Multipart body → text fields (the last value wins) and files (empty file inputs are dropped). */
async function readParts(body: unknown): Promise<{ fields: Record<string, string>; files: PostedFile[] }> {
  const { fields, files } = await readPosted(body);
  return { fields: lastValues(fields), files };
}

/** "25/11/2026 09:00" in Vietnam time, as the forms and the tracking page print it. */
const when = (d: Date | null | undefined) => {
  if (!d) return '—';
  const s = formatVnInstant(d);
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)} ${s.slice(11, 16)}`;
};

async function applyPage(ctx: AppContext, req: FastifyRequest, code: string, draft: DossierView | null, failure?: FormFailure, notice?: string, selected?: string) {
  const lang = req.lang;
  const p = await getProcedure(ctx, req.actor, code);
  const submitted = draft && draft.state.status !== 'draft';
  const units = new Map((await listAllUnits(ctx)).map((u) => [u.code, u]));
  const chosen = selected ?? (draft ? Object.values(draft.units).find((u) => p.body.competentUnits.includes(u.code))?.code : undefined);
  return (
    <Layout req={req} title={{ vi: `Nộp hồ sơ trực tuyến: ${p.body.name}`, en: `Apply online: ${p.body.name}` }}>
      {notice && <Notice>{notice}</Notice>}
      <ErrorSummary lang={lang} message={failure?.message} fields={failure?.fields} />
      <p>
        <a href={`/procedures/${code}`}>← {lang === 'vi' ? 'Thông tin thủ tục' : 'About this procedure'}</a> · <a href="/my/dossiers">{lang === 'vi' ? 'Hồ sơ của tôi' : 'My dossiers'}</a>
      </p>
      {submitted ? (
        <section>
          <p class="lead">
            {lang === 'vi' ? 'Hồ sơ đã được nộp.' : 'Your dossier has been submitted.'} <StatusBadge lang={lang} status={draft.state.status} national={draft.state.nationalStatus} />
          </p>
          <p>{lang === 'vi' ? 'Bộ phận một cửa sẽ kiểm tra và tiếp nhận; bạn sẽ nhận được thông báo.' : 'The desk will check and receive it; you will be notified.'}</p>
        </section>
      ) : (
        <form method="post" action={`/apply/${code}`} enctype="multipart/form-data" novalidate>
          <Csrf req={req} />
          <input type="hidden" name="draftId" value={draft?.id ?? ''} />
          <input type="hidden" name="idempotencyKey" value={randomUUID()} />
          {p.body.competentUnits.length > 1 && (
            <Select
              lang={lang}
              name="competentUnitCode"
              label={{ vi: 'Nơi giải quyết', en: 'Where it is decided' }}
              options={[{ value: '', label: lang === 'vi' ? '— chọn —' : '— choose —' }, ...p.body.competentUnits.map((c) => ({ value: c, label: units.get(c)?.name ?? c }))]}
              value={chosen ?? ''}
              errors={failure?.fields.map((f) => (f.path === 'competentUnitCode' ? f : { ...f, path: f.path.replace(/^competentUnit.*/, 'competentUnitCode') }))}
            />
          )}
          <fieldset id="f-resultDelivery">
            <legend>{lang === 'vi' ? 'Cách nhận kết quả' : 'How you get the result'}</legend>
            {RETURN_METHODS.map((m) => (
              <label>
                <input type="radio" name="resultDelivery" value={m} checked={m === 'online'} /> {tr(lang, RETURN_METHOD_LABELS[m])}
              </label>
            ))}
          </fieldset>
          <h2>{lang === 'vi' ? 'Thành phần hồ sơ' : 'Documents'}</h2>
          <p class="hint">{lang === 'vi' ? 'Tệp PDF, JPG hoặc PNG, mỗi tệp tối đa 10 MB.' : 'PDF, JPG or PNG files, up to 10 MB each.'}</p>
          <ol>
            {p.body.documents.map((doc, i) => {
              const saved = draft?.documents.find((x) => x.name === doc.name);
              const err = failure?.fields.filter((f) => f.path.startsWith(`documents.${i}`) || f.path.startsWith(`documents[${i}]`)) ?? [];
              return (
                <li class={err.length ? 'field has-error' : 'field'}>
                  <label for={`doc-${i}`}>{doc.name}</label>
                  {saved && saved.fileIds.length > 0 && (
                    <p class="hint">
                      {lang === 'vi' ? `Đã tải lên ${saved.fileIds.length} tệp` : `${saved.fileIds.length} file(s) uploaded`}
                    </p>
                  )}
                  {err.map((e) => (
                    <p class="field-error">{tr(lang, e.message)}</p>
                  ))}
                  <input type="hidden" name={`docName${i}`} value={doc.name} />
                  <input id={`doc-${i}`} type="file" name={`doc${i}`} accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" />
                </li>
              );
            })}
          </ol>
          <button type="submit" name="intent" value="save" class="secondary">
            {lang === 'vi' ? 'Lưu nháp' : 'Save draft'}
          </button>{' '}
          <button type="submit" name="intent" value="submit">
            {lang === 'vi' ? 'Nộp hồ sơ' : 'Submit'}
          </button>
        </form>
      )}
    </Layout>
  );
}

async function myDossierPage(ctx: AppContext, req: FastifyRequest, d: DossierView, failure?: FormFailure, notice?: string) {
  const lang = req.lang;
  const s = d.state;
  const perms = await allowedActionsFor(ctx, req.actor, d.id);
  const canAnswer = perms.actions.some((p) => p.type === 'supplement_received' && p.allowed);
  const canWithdraw = perms.actions.some((p) => p.type === 'request_withdrawal' && p.allowed);
  const beforeReception = s.phase === 'submitted' || s.phase === 'supplement_before_reception';
  const open = [...s.supplementRequests.filter((r) => r.receivedAt === null), ...s.preReceptionSupplements.filter((r) => r.resubmittedAt === null)];
  const unitName = (id: number | null) => (id === null ? '—' : (d.units[id]?.name ?? '—'));
  const err = (path: string) => failure?.fields.filter((f) => f.path === path || f.path.startsWith(`${path}.`) || f.path.startsWith(`${path}[`)) ?? [];
  return (
    <Layout req={req} title={{ vi: `Hồ sơ ${d.code ?? ''}`.trim(), en: `Dossier ${d.code ?? ''}`.trim() }}>
      {notice && <Notice>{notice}</Notice>}
      <ErrorSummary lang={lang} message={failure?.message} fields={failure?.fields} />
      <p>
        <a href="/my/dossiers">← {lang === 'vi' ? 'Hồ sơ của tôi' : 'My dossiers'}</a>
      </p>
      <dl class="facts">
        <dt>{lang === 'vi' ? 'Thủ tục' : 'Procedure'}</dt>
        <dd>{d.procedure.name}</dd>
        <dt>{lang === 'vi' ? 'Trạng thái' : 'Status'}</dt>
        <dd>
          <StatusBadge lang={lang} status={s.status} national={s.nationalStatus} />
        </dd>
        <dt>{lang === 'vi' ? 'Ngày tiếp nhận' : 'Received'}</dt>
        <dd>{when(s.receivedAt)}</dd>
        <dt>{lang === 'vi' ? 'Ngày hẹn trả' : 'Appointment'}</dt>
        <dd>
          {s.clock?.dueRecountedOnSupplement ? tr(lang, DUE_RECOUNTED_LABEL) : when(s.clock?.currentDueAt)}
          {s.apology ? (lang === 'vi' ? ` (hẹn lại; hẹn ban đầu ${when(s.apology.previousDueAt)})` : ` (moved; first appointment ${when(s.apology.previousDueAt)})`) : ''}
        </dd>
        <dt>{lang === 'vi' ? 'Nơi tiếp nhận' : 'Received at'}</dt>
        <dd>{unitName(s.receivingUnitId ?? s.submittedToUnitId)}</dd>
      </dl>
      {open.length > 0 && (
        <section aria-labelledby="supp-h" class="notice warn">
          <h2 id="supp-h">{lang === 'vi' ? 'Yêu cầu bổ sung, hoàn thiện hồ sơ' : 'Supplement requested'}</h2>
          {open.map((r) => (
            <div>
              <p>
                {when(r.at)} — {lang === 'vi' ? 'Lý do' : 'Reason'}: {r.reason}
              </p>
              <ol>
                {r.items.map((i) => (
                  <li>{i}</li>
                ))}
              </ol>
            </div>
          ))}
        </section>
      )}
      {canAnswer && (
        <form method="post" action={`/my/dossiers/${d.id}/supplement`} enctype="multipart/form-data" novalidate>
          <h2>{lang === 'vi' ? 'Nộp bổ sung trực tuyến' : 'Send the supplement online'}</h2>
          <Csrf req={req} />
          <input type="hidden" name="expectedVersion" value={d.version} />
          <div class={err('note').length ? 'field has-error' : 'field'}>
            <label for="f-note">{lang === 'vi' ? 'Nội dung bổ sung' : 'What you are sending'}</label>
            {err('note').map((e) => (
              <p class="field-error">{tr(lang, e.message)}</p>
            ))}
            <textarea id="f-note" name="note" rows={3}></textarea>
          </div>
          <div class={err('attachments').length ? 'field has-error' : 'field'}>
            <label for="f-files">{lang === 'vi' ? 'Tệp đính kèm (PDF, JPG, PNG; tối đa 10 MB mỗi tệp)' : 'Files (PDF, JPG, PNG; up to 10 MB each)'}</label>
            {err('attachments').map((e) => (
              <p class="field-error" id="f-files-err">
                {tr(lang, e.message)}
              </p>
            ))}
            <input id="f-files" type="file" name="files" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" />
          </div>
          <button type="submit">{lang === 'vi' ? 'Gửi bổ sung' : 'Send'}</button>
        </form>
      )}
      {canWithdraw && (
        <form method="post" action={`/my/dossiers/${d.id}/withdraw`} enctype="multipart/form-data" novalidate>
          <h2>{beforeReception ? (lang === 'vi' ? 'Rút hồ sơ đã nộp' : 'Withdraw the submission') : lang === 'vi' ? 'Xin rút hồ sơ' : 'Ask to withdraw'}</h2>
          <p class="muted">
            {beforeReception
              ? lang === 'vi'
                ? 'Hồ sơ chưa được tiếp nhận: rút hồ sơ thì hồ sơ kết thúc ngay, không ai xử lý tiếp.'
                : 'Not yet received: withdrawing ends it at once; nobody will process it.'
              : lang === 'vi'
                ? 'Lãnh đạo đơn vị giải quyết sẽ quyết định dừng xử lý hoặc không chấp nhận; bạn sẽ được thông báo.'
                : 'A leader of the competent unit decides to stop processing or declines; you will be told.'}
          </p>
          <Csrf req={req} />
          <input type="hidden" name="expectedVersion" value={d.version} />
          <div class={err('payload.reason').length ? 'field has-error' : 'field'}>
            <label for="f-wreason">{lang === 'vi' ? 'Lý do' : 'Reason'}</label>
            {err('payload.reason').map((e) => (
              <p class="field-error">{tr(lang, e.message)}</p>
            ))}
            <textarea id="f-wreason" name="reason" rows={2} required></textarea>
          </div>
          <button type="submit">{beforeReception ? (lang === 'vi' ? 'Rút hồ sơ' : 'Withdraw') : lang === 'vi' ? 'Gửi đề nghị rút hồ sơ' : 'Send the request'}</button>
        </form>
      )}
      {availableForms(d).length > 0 && (
        <section aria-labelledby="forms-h">
          <h2 id="forms-h">{lang === 'vi' ? 'Giấy tờ của hồ sơ' : 'Documents issued'}</h2>
          <ul>
            {availableForms(d).map((n) => (
              <li>
                <a href={`/dossiers/${d.id}/forms/${n}`}>{tr(lang, DOSSIER_FORM_TITLES[n])}</a> (<a href={`/dossiers/${d.id}/forms/${n}.pdf`}>PDF</a>)
              </li>
            ))}
          </ul>
        </section>
      )}
      {s.steps.length > 0 && (
        <section aria-labelledby="steps-h">
          <h2 id="steps-h">{lang === 'vi' ? 'Quá trình giải quyết' : 'Progress'}</h2>
          <DataTable
            lang={lang}
            columns={[
              { vi: 'Đơn vị', en: 'Unit' },
              { vi: 'Bước', en: 'Step' },
              { vi: 'Nhận', en: 'Received' },
              { vi: 'Chuyển', en: 'Handed over' },
            ]}
          >
            {s.steps.map((r) => (
              <tr>
                <td>{unitName(r.unitId)}</td>
                <td>{r.name ?? '—'}</td>
                <td>{when(r.receivedAt)}</td>
                <td>{when(r.handedOverAt)}</td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}
    </Layout>
  );
}

async function ownDossier(ctx: AppContext, req: FastifyRequest, id: string): Promise<DossierView | null> {
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n <= 0) return null;
  const d = await getDossier(ctx, req.actor, n);
  return d.access === 'applicant' ? d : null;
}

export async function registerOnlinePages(app: FastifyInstance, ctx: AppContext): Promise<void> {

  app.get<{ Params: { code: string }; Querystring: { draft?: string; saved?: string } }>('/apply/:code', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const id = Number(req.query.draft);
    const draft = Number.isSafeInteger(id) && id > 0 ? await getDossier(ctx, req.actor, id) : null;
    const notice = req.query.saved ? (req.lang === 'vi' ? 'Đã lưu. Bạn có thể quay lại nộp tiếp bất cứ lúc nào.' : 'Saved. You can come back and finish at any time.') : undefined;
    return sendPage(reply, await applyPage(ctx, req, req.params.code, draft, undefined, notice));
  });

  app.post<{ Params: { code: string } }>('/apply/:code', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const code = req.params.code;
    const { fields, files } = await readParts(req.body);
    const draftId = Number(fields.draftId) || null;
    const existing = draftId ? await getDossier(ctx, req.actor, draftId) : null;
    const r = await attempt(async () => {
      const names = Object.keys(fields).filter((k) => /^docName\d+$/.test(k)).map((k) => ({ i: Number(k.slice(7)), name: fields[k]! }));
      const documents = [];
      for (const { i, name } of names.sort((a, b) => a.i - b.i)) {
        const kept = existing?.documents.find((d) => d.name === name)?.fileIds ?? [];
        const added = [];
        for (const f of files.filter((x) => x.field === `doc${i}`)) {
          try {
            added.push((await saveFile(ctx, req.actor, { name: f.name, bytes: f.bytes, declaredType: f.type })).id);
          } catch (e) {
            // Name the document the bad file was meant for.
            if (e instanceof AppError) throw new AppError(e.kind, e.code, e.messages, [{ path: `documents.${i}`, message: e.fields[0]?.message ?? e.messages }]);
            throw e;
          }
        }
        documents.push({ name, fileIds: [...kept, ...added] });
      }
      const draft = await saveDraft(ctx, req.actor, { draftId, procedureCode: code, documents, competentUnitCode: fields.competentUnitCode || null });
      const delivery = (RETURN_METHODS as readonly string[]).includes(fields.resultDelivery ?? '') ? (fields.resultDelivery as ReturnMethod) : 'online';
      if (fields.intent === 'submit') return (await submitOnline(ctx, req.actor, { draftId: draft.id, idempotencyKey: fields.idempotencyKey || randomUUID(), resultDelivery: delivery })).dossier;
      return draft;
    });
    if (!r.ok) return sendPage(reply, await applyPage(ctx, req, code, existing, r.failure, undefined, fields.competentUnitCode), r.failure.status);
    return reply.redirect(`/apply/${code}?draft=${r.value.id}${fields.intent === 'submit' ? '' : '&saved=1'}`, 303);
  });

  app.get('/my/dossiers', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const lang = req.lang;
    const [drafts, dossiers] = await Promise.all([listMyDrafts(ctx, req.actor, { pageSize: 50 }), listMyDossiers(ctx, req.actor, { pageSize: 50 })]);
    const Table = ({ items, draft }: { items: typeof dossiers.items; draft: boolean }) => (
      <DataTable
        lang={lang}
        columns={[
          { vi: 'Thủ tục', en: 'Procedure' },
          { vi: 'Mã hồ sơ', en: 'Code' },
          { vi: 'Trạng thái', en: 'Status' },
          { vi: 'Hẹn trả', en: 'Due' },
        ]}
      >
        {items.map((d) => (
          <tr>
            <td>{draft ? <a href={`/apply/${d.procedureCode}?draft=${d.id}`}>{d.procedureName}</a> : d.procedureName}</td>
            <td>{draft ? '—' : <a href={`/my/dossiers/${d.id}`}>{d.code ?? (lang === 'vi' ? 'Xem' : 'View')}</a>}</td>
            <td>
              <StatusBadge lang={lang} status={d.status} national={d.nationalStatus} />
            </td>
            <td>{d.dueRecounted ? tr(lang, DUE_RECOUNTED_LABEL) : when(d.currentDueAt)}</td>
          </tr>
        ))}
      </DataTable>
    );
    return sendPage(
      reply,
      <Layout req={req} title={{ vi: 'Hồ sơ của tôi', en: 'My dossiers' }}>
        <h2>{lang === 'vi' ? 'Hồ sơ đang soạn' : 'Drafts'}</h2>
        {drafts.items.length ? <Table items={drafts.items} draft /> : <p>{lang === 'vi' ? 'Không có' : 'None'}</p>}
        <h2>{lang === 'vi' ? 'Hồ sơ đã nộp' : 'Submitted'}</h2>
        {dossiers.items.length ? <Table items={dossiers.items} draft={false} /> : <p>{lang === 'vi' ? 'Không có' : 'None'}</p>}
        <p>
          <a href="/procedures">{lang === 'vi' ? 'Tìm thủ tục để nộp hồ sơ mới' : 'Find a procedure to apply for'}</a>
        </p>
      </Layout>,
    );
  });

  /** The applicant's own dossier: where it stands, what was asked of them, and the online answer to a supplement request. */

  app.get<{ Params: { id: string }; Querystring: { sent?: string } }>('/my/dossiers/:id', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const d = await ownDossier(ctx, req, req.params.id);
    if (!d) return reply.redirect(`/dossiers/${encodeURIComponent(req.params.id)}`, 303);
    const notice = req.query.sent ? (req.lang === 'vi' ? 'Đã gửi phần bổ sung.' : 'Your supplement was sent.') : undefined;
    return sendPage(reply, await myDossierPage(ctx, req, d, undefined, notice));
  });

  app.post<{ Params: { id: string } }>('/my/dossiers/:id/supplement', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const d = await ownDossier(ctx, req, req.params.id);
    if (!d) return reply.redirect(`/dossiers/${encodeURIComponent(req.params.id)}`, 303);
    const { fields, files } = await readParts(req.body);
    const r = await attempt(async () => {
      const ids: string[] = [];
      for (const f of files) {
        try {
          ids.push((await saveFile(ctx, req.actor, { name: f.name, bytes: f.bytes, declaredType: f.type })).id);
        } catch (e) {
          if (e instanceof AppError) throw new AppError(e.kind, e.code, e.messages, [{ path: 'attachments', message: e.fields[0]?.message ?? e.messages }]);
          throw e;
        }
      }
      return answerSupplement(ctx, req.actor, d.id, { expectedVersion: Number(fields.expectedVersion), note: fields.note || null, fileIds: ids });
    });
    if (!r.ok) return sendPage(reply, await myDossierPage(ctx, req, await getDossier(ctx, req.actor, d.id), r.failure), r.failure.status);
    return reply.redirect(`/my/dossiers/${d.id}?sent=1`, 303);
  });

  app.post<{ Params: { id: string } }>('/my/dossiers/:id/withdraw', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const d = await ownDossier(ctx, req, req.params.id);
    if (!d) return reply.redirect(`/dossiers/${encodeURIComponent(req.params.id)}`, 303);
    const { fields } = await readParts(req.body);
    const r = await attempt(() => act(ctx, req.actor, d.id, { type: 'request_withdrawal', payload: { reason: fields.reason ?? '' }, expectedVersion: Number(fields.expectedVersion) }));
    if (!r.ok) return sendPage(reply, await myDossierPage(ctx, req, await getDossier(ctx, req.actor, d.id), r.failure), r.failure.status);
    return reply.redirect(`/my/dossiers/${d.id}`, 303);
  });
}
