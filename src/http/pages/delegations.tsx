// "Ủy quyền" page: the delegations of signature an official gave and received, revoking the ones given, and for
// leaders a form to delegate. Times are typed and shown in Vietnamese time (UTC+7) whatever the browser's zone.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import {
  createDelegation,
  delegatingUnits,
  listDelegationDetails,
  revokeDelegation,
  type DelegatingUnit,
  type DelegationDetail,
  type DelegationState,
} from '../../app/dossiers/index.js';
import { formatVnInstant } from '../../domain/calendar/index.js';
import type { DelegationScope } from '../../domain/dossier/index.js';
import type { Bilingual, FieldError } from '../../domain/errors.js';
import { ROLE_LABELS } from '../../domain/org.js';
import { pageUser } from '../context.js';
import { tr, UI, type Lang } from '../i18n.js';
import { attempt, intOrNull, str, type FormBody, type FormFailure } from './forms.js';
import { Layout, sendPage } from './layout.js';
import { Csrf, DataTable, ErrorSummary, Field, Notice, PostButton } from './components.js';
import { localValue, parseVnLocal, vnDateTimeText } from '../vn-time.js';

export const DELEGATION_SCOPE_LABELS: Record<DelegationScope, Bilingual> = {
  sign: { vi: 'Ký thay', en: 'Sign on behalf' },
  approve_and_sign: { vi: 'Duyệt và ký thay', en: 'Approve and sign on behalf' },
};

const STATE_LABELS: Record<DelegationState, { label: Bilingual; cls: string }> = {
  in_force: { label: { vi: 'Đang hiệu lực', en: 'In force' }, cls: 'badge ok' },
  upcoming: { label: { vi: 'Chưa đến thời hạn', en: 'Not yet in force' }, cls: 'badge warn' },
  expired: { label: { vi: 'Hết hạn', en: 'Expired' }, cls: 'badge' },
  revoked: { label: { vi: 'Đã thu hồi', en: 'Revoked' }, cls: 'badge err' },
};

const TITLE: Bilingual = { vi: 'Ủy quyền ký', en: 'Delegations of signature' };
const FORM_ORDER = ['unitId', 'toUserId', 'scope', 'procedureCodes', 'validFrom', 'validTo'];

/** Procedure codes typed one per line or separated by commas, semicolons or spaces. */
const codesOf = (text: string) => text.split(/[\s,;]+/).map((c) => c.trim()).filter(Boolean);

interface Draft {
  unitId: string;
  toUserId: string;
  scope: string;
  procedureCodes: string;
  validFrom: string;
  validTo: string;
}

function When({ d }: { d: Date }) {
  return <time datetime={formatVnInstant(d)}>{vnDateTimeText(d)}</time>;
}

function DelegationTable(props: { req: FastifyRequest; items: DelegationDetail[]; given: boolean; caption: Bilingual }) {
  const { req, items, given } = props;
  const lang = req.lang;
  return (
    <DataTable
      lang={lang}
      class="delegations"
      caption={props.caption}
      captionClass="sr"
      columns={[
        given ? { vi: 'Người được ủy quyền', en: 'Delegate' } : { vi: 'Người ủy quyền', en: 'Delegator' },
        { vi: 'Đơn vị', en: 'Unit' },
        { vi: 'Phạm vi', en: 'Scope' },
        { vi: 'Thủ tục', en: 'Procedures' },
        { vi: 'Thời hạn (giờ Việt Nam)', en: 'Period (Vietnam time)' },
        UI.status,
        given && UI.actions,
      ]}
    >
      {items.map((d) => {
        const who = given ? d.to : d.from;
        const st = STATE_LABELS[d.state];
        return (
          <tr id={`delegation-${d.id}`} data-state={d.state}>
            <td>
              {who.fullName} <span class="muted">({who.username})</span>
            </td>
            <td>{d.unit.shortName ?? d.unit.name}</td>
            <td>{tr(lang, DELEGATION_SCOPE_LABELS[d.scope])}</td>
            <td>
              {d.procedures.length === 0 ? (
                lang === 'vi' ? (
                  'Tất cả thủ tục'
                ) : (
                  'All procedures'
                )
              ) : (
                <ul class="plain">
                  {d.procedures.map((p) => (
                    <li>
                      <code>{p.code}</code>
                      {p.name ? ` ${p.name}` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td>
              <When d={d.validFrom} /> – <When d={d.validTo} />
            </td>
            <td>
              <span class={st.cls}>{tr(lang, st.label)}</span>
              {d.revokedAt && (
                <>
                  {' '}
                  <span class="muted">
                    {lang === 'vi' ? 'lúc' : 'at'} <When d={d.revokedAt} />
                  </span>
                </>
              )}
            </td>
            {given && (
              <td>
                {(d.state === 'in_force' || d.state === 'upcoming') && (
                  <PostButton
                    req={req}
                    action={`/delegations/${d.id}/revoke`}
                    class="secondary"
                    label={lang === 'vi' ? 'Thu hồi' : 'Revoke'}
                    ariaLabel={
                      lang === 'vi'
                        ? `Thu hồi ủy quyền cho ${d.to.fullName} (${vnDateTimeText(d.validFrom)} – ${vnDateTimeText(d.validTo)})`
                        : `Revoke the delegation to ${d.to.fullName} (${vnDateTimeText(d.validFrom)} – ${vnDateTimeText(d.validTo)})`
                    }
                  />
                )}
              </td>
            )}
          </tr>
        );
      })}
    </DataTable>
  );
}

const errorOf = (fields: FieldError[] | undefined, name: string) => fields?.find((e) => e.path === name || e.path.startsWith(`${name}.`));

/** The delegate: one list, grouped by unit when the leader leads several. */
function DelegateSelect({ lang, units, value, errors }: { lang: Lang; units: DelegatingUnit[]; value: string; errors?: FieldError[] }) {
  const id = 'f-toUserId';
  const err = errorOf(errors, 'toUserId');
  const option = (c: DelegatingUnit['candidates'][number]) => (
    <option value={String(c.id)} selected={String(c.id) === value}>
      {`${c.fullName} (${c.username}) — ${c.roles.map((r) => tr(lang, ROLE_LABELS[r])).join(', ')}`}
    </option>
  );
  return (
    <div class={err ? 'field has-error' : 'field'}>
      <label for={id}>
        {lang === 'vi' ? 'Người được ủy quyền' : 'Delegate'}
        <span aria-hidden="true"> *</span>
      </label>
      <p class="hint" id={`${id}-hint`}>
        {lang === 'vi' ? 'Cán bộ đang làm việc tại đơn vị đã chọn.' : 'An active official of the chosen unit.'}
      </p>
      {err && (
        <p class="field-error" id={`${id}-err`}>
          {tr(lang, err.message)}
        </p>
      )}
      <select id={id} name="toUserId" required aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-hint ${id}-err` : `${id}-hint`}>
        <option value="">{lang === 'vi' ? '— chọn —' : '— choose —'}</option>
        {units.length === 1
          ? units[0]!.candidates.map(option)
          : units.map((u) => <optgroup label={u.shortName ?? u.name}>{u.candidates.map(option)}</optgroup>)}
      </select>
    </div>
  );
}

function CreateForm({ req, units, draft, failure }: { req: FastifyRequest; units: DelegatingUnit[]; draft: Draft; failure?: FormFailure }) {
  const lang = req.lang;
  const f = failure?.fields;
  const scopeErr = errorOf(f, 'scope');
  const codesErr = errorOf(f, 'procedureCodes');
  const unitErr = errorOf(f, 'unitId');
  const whenHint: Bilingual = { vi: 'Giờ Việt Nam (UTC+7), ví dụ 01/12/2026 07:30', en: 'Vietnam time (UTC+7), e.g. 01/12/2026 07:30' };
  return (
    <section aria-labelledby="create-h">
      <h2 id="create-h">{lang === 'vi' ? 'Giao ủy quyền mới' : 'Delegate signing'}</h2>
      <p class="muted">
        {lang === 'vi'
          ? 'Người được ủy quyền ký (hoặc duyệt và ký) thay bạn các hồ sơ của đơn vị trong thời hạn đã chọn; mỗi thao tác được ghi rõ là làm theo ủy quyền. Hết thời hạn hoặc bị thu hồi thì không dùng được nữa.'
          : 'The delegate signs (or approves and signs) the unit’s dossiers in your name during the period; every such act is marked as done under the delegation. Once it expires or is revoked it can no longer be used.'}
      </p>
      <form method="post" action="/delegations" novalidate>
        <Csrf req={req} />
        <div class={unitErr ? 'field has-error' : 'field'}>
          <label for="f-unitId">{lang === 'vi' ? 'Đơn vị' : 'Unit'}</label>
          {unitErr && (
            <p class="field-error" id="f-unitId-err">
              {tr(lang, unitErr.message)}
            </p>
          )}
          <select id="f-unitId" name="unitId" required aria-invalid={unitErr ? 'true' : undefined} aria-describedby={unitErr ? 'f-unitId-err' : undefined}>
            {units.map((u) => (
              <option value={String(u.id)} selected={String(u.id) === draft.unitId}>
                {`${u.name} (${u.code})`}
              </option>
            ))}
          </select>
        </div>
        <DelegateSelect lang={lang} units={units} value={draft.toUserId} errors={f} />
        <fieldset id="f-scope" class={scopeErr ? 'dos-group has-error' : 'dos-group'} tabindex="-1" aria-describedby={scopeErr ? 'f-scope-err' : undefined}>
          <legend>{lang === 'vi' ? 'Phạm vi ủy quyền' : 'Scope'}</legend>
          {scopeErr && (
            <p class="field-error" id="f-scope-err">
              {tr(lang, scopeErr.message)}
            </p>
          )}
          {(Object.keys(DELEGATION_SCOPE_LABELS) as DelegationScope[]).map((s) => (
            <label class="dos-choice" for={`f-scope-${s}`}>
              <input type="radio" id={`f-scope-${s}`} name="scope" value={s} checked={draft.scope === s} /> {tr(lang, DELEGATION_SCOPE_LABELS[s])}
            </label>
          ))}
        </fieldset>
        <div class={codesErr ? 'field has-error' : 'field'}>
          <label for="f-procedureCodes">{lang === 'vi' ? 'Mã thủ tục (không bắt buộc)' : 'Procedure codes (optional)'}</label>
          <p class="hint" id="f-procedureCodes-hint">
            {lang === 'vi'
              ? 'Mỗi dòng một mã hoặc cách nhau bằng dấu phẩy, ví dụ 1.002099. Để trống: tất cả thủ tục của đơn vị.'
              : 'One code per line or separated by commas, e.g. 1.002099. Empty: every procedure of the unit.'}
          </p>
          {codesErr && (
            <p class="field-error" id="f-procedureCodes-err">
              {tr(lang, codesErr.message)}
            </p>
          )}
          <textarea
            id="f-procedureCodes"
            name="procedureCodes"
            rows={3}
            aria-invalid={codesErr ? 'true' : undefined}
            aria-describedby={codesErr ? 'f-procedureCodes-hint f-procedureCodes-err' : 'f-procedureCodes-hint'}
          >
            {draft.procedureCodes}
          </textarea>
        </div>
        <Field lang={lang} name="validFrom" type="datetime-local" label={{ vi: 'Hiệu lực từ', en: 'Valid from' }} value={draft.validFrom} required errors={f} hint={whenHint} />
        <Field lang={lang} name="validTo" type="datetime-local" label={{ vi: 'Hiệu lực đến', en: 'Valid until' }} value={draft.validTo} required errors={f} hint={whenHint} />
        <button type="submit">{lang === 'vi' ? 'Giao ủy quyền' : 'Delegate'}</button>
      </form>
    </section>
  );
}

export async function registerDelegationPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const page = async (req: FastifyRequest, extra: { notice?: Bilingual; failure?: FormFailure; draft?: Draft } = {}) => {
    const lang = req.lang;
    const me = req.actor.kind === 'user' ? req.actor.userId : 0;
    const items = await listDelegationDetails(ctx, req.actor);
    const units = await delegatingUnits(ctx, req.actor);
    const given = items.filter((d) => d.fromUserId === me);
    const received = items.filter((d) => d.toUserId === me);
    const draft: Draft = extra.draft ?? {
      unitId: units[0] ? String(units[0].id) : '',
      toUserId: '',
      scope: 'sign',
      procedureCodes: '',
      validFrom: localValue(new Date(Math.floor(ctx.clock().getTime() / 60_000) * 60_000)),
      validTo: '',
    };
    const { failure } = extra;
    return (
      <Layout req={req} title={TITLE}>
        {extra.notice && <Notice>{tr(lang, extra.notice)}</Notice>}
        <ErrorSummary lang={lang} message={failure?.message} fields={failure?.fields} />
        <section aria-labelledby="received-h">
          <h2 id="received-h">{lang === 'vi' ? 'Ủy quyền tôi được nhận' : 'Delegations to me'}</h2>
          {received.length === 0 ? (
            <p>{lang === 'vi' ? 'Bạn chưa được ai ủy quyền.' : 'Nobody has delegated to you.'}</p>
          ) : (
            <DelegationTable req={req} items={received} given={false} caption={{ vi: 'Ủy quyền tôi được nhận', en: 'Delegations to me' }} />
          )}
        </section>
        {(given.length > 0 || units.length > 0) && (
          <section aria-labelledby="given-h">
            <h2 id="given-h">{lang === 'vi' ? 'Ủy quyền tôi đã giao' : 'Delegations I gave'}</h2>
            {given.length === 0 ? (
              <p>{tr(lang, UI.noneYet)}</p>
            ) : (
              <DelegationTable req={req} items={given} given caption={{ vi: 'Ủy quyền tôi đã giao', en: 'Delegations I gave' }} />
            )}
          </section>
        )}
        {units.length > 0 &&
          (units.some((u) => u.candidates.length > 0) ? (
            <CreateForm req={req} units={units} draft={draft} failure={failure} />
          ) : (
            <p class="muted">{lang === 'vi' ? 'Đơn vị của bạn chưa có cán bộ nào khác để ủy quyền.' : 'Your unit has no other official to delegate to.'}</p>
          ))}
      </Layout>
    );
  };

  const show = async (reply: FastifyReply, req: FastifyRequest, extra: Parameters<typeof page>[1] = {}, status = 200) => sendPage(reply, await page(req, extra), status);

  app.get<{ Querystring: { created?: string; revoked?: string } }>('/delegations', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const notice: Bilingual | undefined = req.query.created
      ? { vi: 'Đã giao ủy quyền.', en: 'Delegation created.' }
      : req.query.revoked
        ? { vi: 'Đã thu hồi ủy quyền.', en: 'Delegation revoked.' }
        : undefined;
    return show(reply, req, { notice });
  });

  app.post<{ Body: FormBody }>('/delegations', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const body = req.body ?? {};
    const draft: Draft = {
      unitId: str(body, 'unitId'),
      toUserId: str(body, 'toUserId'),
      scope: str(body, 'scope'),
      procedureCodes: typeof body.procedureCodes === 'string' ? body.procedureCodes : str(body, 'procedureCodes'),
      validFrom: str(body, 'validFrom'),
      validTo: str(body, 'validTo'),
    };
    // The page reads the times; the use case judges them with everything else, so all problems show at once.
    const own: FieldError[] = [];
    const when = (name: 'validFrom' | 'validTo', label: Bilingual): Date => {
      const text = draft[name];
      const at = text ? parseVnLocal(text) : null;
      if (!text) own.push({ path: name, message: { vi: `Cần nhập ${label.vi}`, en: `Enter ${label.en}` } });
      else if (!at) own.push({ path: name, message: { vi: `${label.vi[0]!.toUpperCase()}${label.vi.slice(1)} phải có dạng ngày/tháng/năm giờ:phút`, en: `Write ${label.en} as day/month/year hour:minute` } });
      return at ?? new Date(Number.NaN);
    };
    const validFrom = when('validFrom', { vi: 'thời điểm bắt đầu', en: 'the start' });
    const validTo = when('validTo', { vi: 'thời điểm kết thúc', en: 'the end' });
    const unitId = intOrNull(body, 'unitId');
    const toUserId = intOrNull(body, 'toUserId');
    const r = await attempt(() =>
      createDelegation(ctx, req.actor, {
        unitId: unitId ?? Number.NaN,
        toUserId: toUserId ?? Number.NaN,
        scope: draft.scope as DelegationScope,
        procedureCodes: codesOf(draft.procedureCodes),
        validFrom,
        validTo,
      }),
    );
    if (r.ok) return reply.redirect('/delegations?created=1', 303);
    const fields = r.failure.status === 400 ? [...own, ...r.failure.fields.filter((x) => !own.some((o) => o.path === x.path))] : r.failure.fields;
    // The summary lists the problems in the order of the form.
    fields.sort((a, b) => FORM_ORDER.indexOf(a.path.split('.')[0]!) - FORM_ORDER.indexOf(b.path.split('.')[0]!));
    const failure: FormFailure = { ...r.failure, fields };
    return show(reply, req, { failure, draft }, failure.status);
  });

  app.post<{ Params: { id: string } }>('/delegations/:id/revoke', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const id = /^\d{1,12}$/.test(req.params.id) ? Number(req.params.id) : 0;
    const r = await attempt(() => revokeDelegation(ctx, req.actor, id));
    if (r.ok) return reply.redirect('/delegations?revoked=1', 303);
    return show(reply, req, { failure: r.failure }, r.failure.status);
  });
}
