import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { auditLogFor, requireAuditReader, verifyAuditChain } from '../../app/audit.js';
import { enqueuePing, listJobsForAdmin, retryJob } from '../../app/jobs.js';
import { createUnit, getUnitView, listAllUnits, updateUnitUseCase, type UnitView } from '../../app/units.js';
import { createStaffUser, getUserForAdmin, listUsersForAdmin, updateUserUseCase, type UserView } from '../../app/users.js';
import { ROLES, ROLE_LABELS, UNIT_KINDS, UNIT_KIND_LABELS, type Role, type UnitKind } from '../../domain/org.js';
import { formatDateTime, tr, UI, type Lang } from '../i18n.js';
import { pageUser } from '../context.js';
import { all, attempt, intOrNull, optStr, str, type FormBody, type FormFailure } from './forms.js';
import { Layout, sendPage } from './layout.js';
import { Csrf, ErrorSummary, Field, Notice, Select, PostButton } from './components.js';

function unitOptions(units: UnitView[], lang: Lang, withNone: boolean) {
  const byParent = new Map<number | null, UnitView[]>();
  for (const u of units) byParent.set(u.parentId, [...(byParent.get(u.parentId) ?? []), u]);
  const out: { value: string; label: string }[] = withNone ? [{ value: '', label: lang === 'vi' ? '— chọn —' : '— choose —' }] : [];
  const walk = (parent: number | null, depth: number) => {
    for (const u of byParent.get(parent) ?? []) {
      out.push({ value: String(u.id), label: `${'— '.repeat(depth)}${u.name} (${u.code})` });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

const kindOptions = (lang: Lang) => UNIT_KINDS.map((k) => ({ value: k, label: tr(lang, UNIT_KIND_LABELS[k]) }));
const roleOptions = (lang: Lang) => ROLES.map((r) => ({ value: r, label: tr(lang, ROLE_LABELS[r]) }));

function UnitTree({ units, lang }: { units: UnitView[]; lang: Lang }) {
  const byParent = new Map<number | null, UnitView[]>();
  for (const u of units) byParent.set(u.parentId, [...(byParent.get(u.parentId) ?? []), u]);
  const render = (parent: number | null): ReturnType<typeof Layout> | null => {
    const children = byParent.get(parent);
    if (!children?.length) return null;
    return (
      <ul class="tree">
        {children.map((u) => (
          <li>
            <a href={`/admin/units/${u.id}`}>{u.name}</a> <code>{u.code}</code> <span class="muted">{tr(lang, UNIT_KIND_LABELS[u.kind])}</span>{' '}
            {!u.active && <span class="badge err">{tr(lang, UI.inactive)}</span>}
            {render(u.id)}
          </li>
        ))}
      </ul>
    );
  };
  return render(null) ?? <p>{tr(lang, UI.noneYet)}</p>;
}

function UnitForm(props: { req: FastifyRequest; units: UnitView[]; action: string; unit?: Partial<UnitView> & { codeValidFrom?: string }; failure?: FormFailure; editing?: boolean }) {
  const { req, units, unit, failure } = props;
  const lang = req.lang;
  const f = failure?.fields;
  return (
    <form method="post" action={props.action} novalidate>
      <Csrf req={req} />
      {props.editing && <input type="hidden" name="version" value={unit?.version ?? ''} />}
      <Field lang={lang} name="name" label={UI.name} value={unit?.name} required errors={f} />
      <Field lang={lang} name="shortName" label={{ vi: 'Tên viết tắt', en: 'Short name' }} value={unit?.shortName} errors={f} />
      <Field lang={lang} name="code" label={UI.code} value={unit?.code} required errors={f} hint={{ vi: 'Theo QCVN 102:2016, ví dụ 000.00.14.H53', en: 'QCVN 102:2016 form, e.g. 000.00.14.H53' }} />
      {props.editing && (
        <Field lang={lang} name="codeValidFrom" type="date" label={{ vi: 'Mã mới có hiệu lực từ (khi đổi mã)', en: 'New code valid from (when the code changes)' }} value={unit?.codeValidFrom} errors={f} />
      )}
      <Select lang={lang} name="kind" label={UI.kind} options={kindOptions(lang)} value={unit?.kind ?? 'department'} errors={f} />
      <Select lang={lang} name="parentId" label={UI.parent} options={unitOptions(units.filter((u) => u.id !== unit?.id), lang, true)} value={unit?.parentId ? String(unit.parentId) : ''} errors={f} />
      <Field lang={lang} name="address" label={{ vi: 'Địa chỉ', en: 'Address' }} value={unit?.address} errors={f} />
      <Field lang={lang} name="phone" label={UI.phone} value={unit?.phone} errors={f} type="tel" />
      <Field lang={lang} name="email" label={UI.email} value={unit?.email} errors={f} type="email" />
      <Field lang={lang} name="validFrom" type="date" label={{ vi: 'Hiệu lực từ ngày', en: 'Valid from' }} value={unit?.validFrom ?? '2025-07-01'} required errors={f} />
      <Field lang={lang} name="validTo" type="date" label={{ vi: 'Hiệu lực đến ngày', en: 'Valid until' }} value={unit?.validTo} errors={f} />
      <button type="submit">{props.editing ? tr(lang, UI.save) : tr(lang, UI.create)}</button>
    </form>
  );
}

function unitFromForm(body: FormBody) {
  const parent = intOrNull(body, 'parentId');
  return {
    name: str(body, 'name'),
    shortName: optStr(body, 'shortName'),
    code: str(body, 'code'),
    kind: str(body, 'kind') as UnitKind,
    parentId: Number.isNaN(parent) ? -1 : parent,
    address: optStr(body, 'address'),
    phone: optStr(body, 'phone'),
    email: optStr(body, 'email'),
    validFrom: str(body, 'validFrom'),
    validTo: optStr(body, 'validTo'),
  };
}

function checkUnitForm(u: ReturnType<typeof unitFromForm>): FormFailure | null {
  const fields = [];
  if (u.name.length < 2) fields.push({ path: 'name', message: { vi: 'Cần tên đơn vị', en: 'Enter the unit name' } });
  if (!(UNIT_KINDS as readonly string[]).includes(u.kind)) fields.push({ path: 'kind', message: { vi: 'Chọn loại đơn vị', en: 'Choose a kind' } });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(u.validFrom)) fields.push({ path: 'validFrom', message: { vi: 'Nhập ngày bắt đầu hiệu lực', en: 'Enter the start of validity' } });
  if (u.validTo && !/^\d{4}-\d{2}-\d{2}$/.test(u.validTo)) fields.push({ path: 'validTo', message: { vi: 'Ngày không hợp lệ', en: 'Invalid date' } });
  if (u.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(u.email)) fields.push({ path: 'email', message: { vi: 'Thư điện tử không hợp lệ', en: 'Invalid e-mail' } });
  return fields.length ? { status: 400, message: UI.errorsFound, fields } : null;
}

async function unitsPage(ctx: AppContext, req: FastifyRequest, failure?: FormFailure, draft?: Partial<UnitView>, notice?: string) {
  const units = await listAllUnits(ctx, { includeInactive: true });
  const lang = req.lang;
  return (
    <Layout req={req} title={{ vi: 'Quản trị đơn vị', en: 'Units' }}>
      {notice && <Notice>{notice}</Notice>}
      <div class="grid2">
        <section>
          <h2>{lang === 'vi' ? 'Cơ cấu tổ chức' : 'Organisation tree'}</h2>
          <UnitTree units={units} lang={lang} />
        </section>
        <section>
          <h2>{lang === 'vi' ? 'Thêm đơn vị' : 'Add a unit'}</h2>
          <ErrorSummary lang={lang} message={failure?.message} fields={failure?.fields} />
          <UnitForm req={req} units={units.filter((u) => u.active)} action="/admin/units" unit={draft} failure={failure} />
        </section>
      </div>
    </Layout>
  );
}

async function unitPage(ctx: AppContext, req: FastifyRequest, id: number, failure?: FormFailure, draft?: Partial<UnitView>, notice?: string) {
  const unit = await getUnitView(ctx, id);
  const units = await listAllUnits(ctx);
  const lang = req.lang;
  return (
    <Layout req={req} title={{ vi: `Đơn vị: ${unit.name}`, en: `Unit: ${unit.name}` }}>
      {notice && <Notice>{notice}</Notice>}
      <p>
        <a href="/admin/units">← {lang === 'vi' ? 'Danh sách đơn vị' : 'All units'}</a>
      </p>
      <ErrorSummary lang={lang} message={failure?.message} fields={failure?.fields} />
      <UnitForm req={req} units={units} action={`/admin/units/${id}`} unit={{ ...unit, ...draft, version: unit.version }} failure={failure} editing />
      <h2>{lang === 'vi' ? 'Lịch sử mã định danh' : 'Code history'}</h2>
      <table>
        <thead>
          <tr>
            <th>{tr(lang, UI.code)}</th>
            <th>{lang === 'vi' ? 'Từ ngày' : 'From'}</th>
            <th>{lang === 'vi' ? 'Đến ngày' : 'Until'}</th>
          </tr>
        </thead>
        <tbody>
          {unit.codes.map((c) => (
            <tr>
              <td>
                <code>{c.code}</code>
              </td>
              <td>{c.validFrom}</td>
              <td>{c.validTo ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{tr(lang, UI.status)}</h2>
      <p>{unit.active ? <span class="badge ok">{tr(lang, UI.active)}</span> : <span class="badge err">{tr(lang, UI.inactive)}</span>}</p>
      <form method="post" action={`/admin/units/${id}/active`}>
        <Csrf req={req} />
        <input type="hidden" name="version" value={unit.version} />
        <input type="hidden" name="active" value={unit.active ? 'false' : 'true'} />
        <button type="submit" class="secondary">
          {unit.active ? tr(lang, UI.deactivate) : tr(lang, UI.reactivate)}
        </button>
      </form>
      <p class="muted">
        {lang === 'vi'
          ? 'Đơn vị đã có dữ liệu liên quan không bị xóa; chỉ ngừng hoạt động để giữ lịch sử.'
          : 'Units with related records are never deleted, only deactivated, so history stays intact.'}
      </p>
    </Layout>
  );
}

async function usersPage(ctx: AppContext, req: FastifyRequest, q: string, failure?: FormFailure, draft?: Record<string, string>) {
  const lang = req.lang;
  const users = await listUsersForAdmin(ctx, req.actor, { q: q || undefined });
  const units = await listAllUnits(ctx);
  const unitName = new Map(units.map((u) => [u.id, u.shortName ?? u.name]));
  return (
    <Layout req={req} title={{ vi: 'Quản trị người dùng', en: 'Users' }}>
      <form method="get" action="/admin/users" role="search">
        <div class="field">
          <label for="q">{tr(lang, UI.search)}</label>
          <input id="q" name="q" value={q} type="search" />
        </div>
        <button type="submit" class="secondary">
          {tr(lang, UI.search)}
        </button>
      </form>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{tr(lang, UI.username)}</th>
              <th>{tr(lang, UI.fullName)}</th>
              <th>{tr(lang, UI.role)}</th>
              <th>{tr(lang, UI.status)}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td>
                  <a href={`/admin/users/${u.id}`}>{u.username}</a>
                </td>
                <td>{u.fullName}</td>
                <td>{u.memberships.map((m) => `${tr(lang, ROLE_LABELS[m.role])} – ${unitName.get(m.unitId) ?? m.unitId}`).join('; ')}</td>
                <td>{u.active ? <span class="badge ok">{tr(lang, UI.active)}</span> : <span class="badge err">{tr(lang, UI.inactive)}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{lang === 'vi' ? 'Thêm cán bộ' : 'Add a staff member'}</h2>
      <ErrorSummary lang={lang} message={failure?.message} fields={failure?.fields} />
      <form method="post" action="/admin/users" novalidate>
        <Csrf req={req} />
        <Field lang={lang} name="username" label={UI.username} value={draft?.username} required errors={failure?.fields} autocomplete="off" />
        <Field lang={lang} name="fullName" label={UI.fullName} value={draft?.fullName} required errors={failure?.fields} />
        <Field lang={lang} name="email" label={UI.email} value={draft?.email} type="email" errors={failure?.fields} />
        <Field lang={lang} name="phone" label={UI.phone} value={draft?.phone} type="tel" errors={failure?.fields} />
        <Field lang={lang} name="password" label={{ vi: 'Mật khẩu ban đầu', en: 'Initial password' }} type="password" required errors={failure?.fields} autocomplete="new-password" hint={{ vi: 'Ít nhất 10 ký tự, có chữ và số', en: 'At least 10 characters, letters and digits' }} />
        <Select lang={lang} name="unitId" label={UI.units} options={unitOptions(units, lang, true)} value={draft?.unitId} errors={failure?.fields} required />
        <Select lang={lang} name="role" label={UI.role} options={roleOptions(lang)} value={draft?.role ?? 'specialist'} errors={failure?.fields} />
        <Field lang={lang} name="title" label={{ vi: 'Chức danh', en: 'Job title' }} value={draft?.title} errors={failure?.fields} />
        <button type="submit">{tr(lang, UI.create)}</button>
      </form>
    </Layout>
  );
}

async function userPage(ctx: AppContext, req: FastifyRequest, id: number, failure?: FormFailure, notice?: string) {
  const lang = req.lang;
  const user: UserView = await getUserForAdmin(ctx, req.actor, id);
  const units = await listAllUnits(ctx);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  return (
    <Layout req={req} title={{ vi: `Người dùng: ${user.username}`, en: `User: ${user.username}` }}>
      {notice && <Notice>{notice}</Notice>}
      <p>
        <a href="/admin/users">← {lang === 'vi' ? 'Danh sách người dùng' : 'All users'}</a>
      </p>
      <ErrorSummary lang={lang} message={failure?.message} fields={failure?.fields} />
      <form method="post" action={`/admin/users/${id}`} novalidate>
        <Csrf req={req} />
        <input type="hidden" name="version" value={user.version} />
        <Field lang={lang} name="fullName" label={UI.fullName} value={user.fullName} required errors={failure?.fields} />
        <Field lang={lang} name="email" label={UI.email} value={user.email} type="email" errors={failure?.fields} />
        <Field lang={lang} name="phone" label={UI.phone} value={user.phone} type="tel" errors={failure?.fields} />
        <Field lang={lang} name="password" label={{ vi: 'Đặt lại mật khẩu (để trống nếu không đổi)', en: 'Reset password (leave empty to keep)' }} type="password" errors={failure?.fields} autocomplete="new-password" />
        {user.kind === 'staff' && (
          <fieldset>
            <legend>{lang === 'vi' ? 'Đơn vị và vai trò' : 'Units and roles'}</legend>
            {user.memberships.map((m, i) => (
              <p>
                <input type="checkbox" id={`keep-${i}`} name="keep" value={`${m.unitId}:${m.role}`} checked />{' '}
                <label for={`keep-${i}`}>
                  {tr(lang, ROLE_LABELS[m.role])} – {unitName.get(m.unitId) ?? m.unitId}
                  {m.title ? ` (${m.title})` : ''}
                </label>
              </p>
            ))}
            <Select lang={lang} name="addUnitId" label={{ vi: 'Thêm đơn vị', en: 'Add unit' }} options={unitOptions(units, lang, true)} errors={failure?.fields} />
            <Select lang={lang} name="addRole" label={{ vi: 'với vai trò', en: 'with role' }} options={roleOptions(lang)} errors={failure?.fields} />
          </fieldset>
        )}
        <button type="submit">{tr(lang, UI.save)}</button>
      </form>
      <h2>{tr(lang, UI.status)}</h2>
      <p>
        {user.active ? <span class="badge ok">{tr(lang, UI.active)}</span> : <span class="badge err">{tr(lang, UI.inactive)}</span>}{' '}
      </p>
      <form method="post" action={`/admin/users/${id}/active`}>
        <Csrf req={req} />
        <input type="hidden" name="version" value={user.version} />
        <input type="hidden" name="active" value={user.active ? 'false' : 'true'} />
        <button type="submit" class="secondary">
          {user.active ? tr(lang, UI.deactivate) : tr(lang, UI.reactivate)}
        </button>
      </form>
    </Layout>
  );
}

function registerUnitsPages(app: FastifyInstance, ctx: AppContext) {
  app.get('/admin/units', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    return sendPage(reply, await unitsPage(ctx, req));
  });
  app.post<{ Body: FormBody }>('/admin/units', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const input = unitFromForm(req.body);
    const bad = checkUnitForm(input);
    if (bad) return sendPage(reply, await unitsPage(ctx, req, bad, input), 400);
    const r = await attempt(() => createUnit(ctx, req.actor, input));
    if (!r.ok) return sendPage(reply, await unitsPage(ctx, req, r.failure, input), r.failure.status);
    return reply.redirect(`/admin/units/${r.value.id}?created=1`, 303);
  });

  app.get<{ Params: { id: string }; Querystring: { created?: string; saved?: string } }>('/admin/units/:id', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const notice = req.query.created ? (req.lang === 'vi' ? 'Đã tạo đơn vị.' : 'Unit created.') : req.query.saved ? tr(req.lang, UI.saved) : undefined;
    return sendPage(reply, await unitPage(ctx, req, Number(req.params.id) || 0, undefined, undefined, notice));
  });
  app.post<{ Params: { id: string }; Body: FormBody }>('/admin/units/:id', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const id = Number(req.params.id) || 0;
    const input = unitFromForm(req.body);
    const bad = checkUnitForm(input);
    if (bad) return sendPage(reply, await unitPage(ctx, req, id, bad, input), 400);
    const r = await attempt(() =>
      updateUnitUseCase(ctx, req.actor, id, { ...input, version: Number(str(req.body, 'version')), codeValidFrom: optStr(req.body, 'codeValidFrom') ?? undefined }),
    );
    if (!r.ok) return sendPage(reply, await unitPage(ctx, req, id, r.failure, input), r.failure.status);
    return reply.redirect(`/admin/units/${id}?saved=1`, 303);
  });
  app.post<{ Params: { id: string }; Body: FormBody }>('/admin/units/:id/active', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const id = Number(req.params.id) || 0;
    const r = await attempt(() => updateUnitUseCase(ctx, req.actor, id, { version: Number(str(req.body, 'version')), active: str(req.body, 'active') === 'true' }));
    if (!r.ok) return sendPage(reply, await unitPage(ctx, req, id, r.failure), r.failure.status);
    return reply.redirect(`/admin/units/${id}?saved=1`, 303);
  });
}

function registerUsersPages(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: { q?: string } }>('/admin/users', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    return sendPage(reply, await usersPage(ctx, req, String(req.query.q ?? '').slice(0, 100)));
  });
  app.post<{ Body: FormBody }>('/admin/users', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const b = req.body;
    const draft = Object.fromEntries(['username', 'fullName', 'email', 'phone', 'unitId', 'role', 'title'].map((k) => [k, str(b, k)]));
    const unitId = intOrNull(b, 'unitId');
    const role = str(b, 'role') as Role;
    if (!unitId || Number.isNaN(unitId) || !(ROLES as readonly string[]).includes(role)) {
      const f = { status: 400, message: UI.errorsFound, fields: [{ path: 'unitId', message: { vi: 'Chọn đơn vị và vai trò', en: 'Choose a unit and a role' } }] };
      return sendPage(reply, await usersPage(ctx, req, '', f, draft), 400);
    }
    const r = await attempt(() =>
      createStaffUser(ctx, req.actor, {
        username: str(b, 'username'),
        fullName: str(b, 'fullName'),
        email: optStr(b, 'email'),
        phone: optStr(b, 'phone'),
        password: str(b, 'password'),
        memberships: [{ unitId, role, title: optStr(b, 'title') }],
      }),
    );
    if (!r.ok) return sendPage(reply, await usersPage(ctx, req, '', r.failure, draft), r.failure.status);
    return reply.redirect(`/admin/users/${r.value.id}?created=1`, 303);
  });

  app.get<{ Params: { id: string }; Querystring: { created?: string; saved?: string } }>('/admin/users/:id', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const notice = req.query.created ? (req.lang === 'vi' ? 'Đã tạo tài khoản.' : 'Account created.') : req.query.saved ? tr(req.lang, UI.saved) : undefined;
    return sendPage(reply, await userPage(ctx, req, Number(req.params.id) || 0, undefined, notice));
  });
  app.post<{ Params: { id: string }; Body: FormBody }>('/admin/users/:id', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const id = Number(req.params.id) || 0;
    const b = req.body;
    const current = await getUserForAdmin(ctx, req.actor, id);
    let memberships: { unitId: number; role: Role; title?: string | null }[] | undefined;
    if (current.kind === 'staff') {
      const keep = new Set(all(b, 'keep'));
      memberships = current.memberships.filter((m) => keep.has(`${m.unitId}:${m.role}`));
      const addUnit = intOrNull(b, 'addUnitId');
      const addRole = str(b, 'addRole') as Role;
      if (addUnit && !Number.isNaN(addUnit) && (ROLES as readonly string[]).includes(addRole)) memberships.push({ unitId: addUnit, role: addRole, title: null });
    }
    const password = str(b, 'password');
    const r = await attempt(() =>
      updateUserUseCase(ctx, req.actor, id, {
        version: Number(str(b, 'version')),
        fullName: str(b, 'fullName'),
        email: optStr(b, 'email'),
        phone: optStr(b, 'phone'),
        password: password || undefined,
        memberships,
      }),
    );
    if (!r.ok) return sendPage(reply, await userPage(ctx, req, id, r.failure), r.failure.status);
    return reply.redirect(`/admin/users/${id}?saved=1`, 303);
  });
  app.post<{ Params: { id: string }; Body: FormBody }>('/admin/users/:id/active', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const id = Number(req.params.id) || 0;
    const r = await attempt(() => updateUserUseCase(ctx, req.actor, id, { version: Number(str(req.body, 'version')), active: str(req.body, 'active') === 'true' }));
    if (!r.ok) return sendPage(reply, await userPage(ctx, req, id, r.failure), r.failure.status);
    return reply.redirect(`/admin/users/${id}?saved=1`, 303);
  });
}

function registerJobsPages(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: { status?: string; pinged?: string } }>('/admin/jobs', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const lang = req.lang;
    const status = ['queued', 'running', 'done', 'dead'].includes(String(req.query.status)) ? (req.query.status as 'queued') : undefined;
    const { jobs, counts } = await listJobsForAdmin(ctx, req.actor, { status });
    return sendPage(
      reply,
      <Layout req={req} title={UI.jobs}>
        {req.query.pinged && <Notice>{lang === 'vi' ? 'Đã gửi tác vụ kiểm tra; worker sẽ trả lời trong nhật ký.' : 'Ping queued; a worker will answer in the audit log.'}</Notice>}
        <div class="cards">
          {(['queued', 'running', 'done', 'dead'] as const).map((s) => (
            <section class="card">
              <h2>
                <a href={`/admin/jobs?status=${s}`}>{s}</a>
              </h2>
              <p class="num">{counts[s] ?? 0}</p>
            </section>
          ))}
        </div>
        <form method="post" action="/admin/jobs/ping">
          <Csrf req={req} />
          <button type="submit" class="secondary">
            {lang === 'vi' ? 'Kiểm tra worker' : 'Ping the workers'}
          </button>
        </form>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>{tr(lang, UI.kind)}</th>
                <th>{tr(lang, UI.status)}</th>
                <th>{lang === 'vi' ? 'Lần chạy' : 'Attempts'}</th>
                <th>{lang === 'vi' ? 'Chạy lúc' : 'Run at'}</th>
                <th>{lang === 'vi' ? 'Lỗi gần nhất' : 'Last error'}</th>
                <th>{tr(lang, UI.actions)}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr>
                  <td>{j.id}</td>
                  <td>
                    <code>{j.kind}</code>
                  </td>
                  <td>
                    <span class={`badge ${j.status === 'dead' ? 'err' : j.status === 'done' ? 'ok' : 'warn'}`}>{j.status}</span>
                  </td>
                  <td>
                    {j.attempts}/{j.max_attempts}
                  </td>
                  <td>{formatDateTime(j.run_at, lang)}</td>
                  <td>{j.last_error ?? ''}</td>
                  <td>
                    {j.status === 'dead' && (
                      <PostButton req={req} action={`/admin/jobs/${j.id}/retry`} class="secondary" label={lang === 'vi' ? 'Chạy lại' : 'Retry'} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Layout>,
    );
  });
  app.post('/admin/jobs/ping', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    await enqueuePing(ctx, req.actor);
    return reply.redirect('/admin/jobs?pinged=1', 303);
  });
  app.post<{ Params: { id: string } }>('/admin/jobs/:id/retry', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    await retryJob(ctx, req.actor, Number(req.params.id) || 0);
    return reply.redirect('/admin/jobs', 303);
  });
}

function registerAuditPages(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: { verify?: string } }>('/admin/audit', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    requireAuditReader(req.actor);
    const lang = req.lang;
    const entries = await auditLogFor(ctx, req.actor, { limit: 100 });
    const verify = req.query.verify ? await verifyAuditChain(ctx) : null;
    return sendPage(
      reply,
      <Layout req={req} title={UI.audit}>
        {verify &&
          (verify.ok ? (
            <Notice>{lang === 'vi' ? `Chuỗi băm toàn vẹn: ${verify.entries} mục.` : `Hash chain intact: ${verify.entries} entries.`}</Notice>
          ) : (
            <div class="error-summary" role="alert">
              {lang === 'vi' ? `Chuỗi băm bị phá vỡ tại mục ${verify.break?.seq} (${verify.break?.reason}).` : `Hash chain broken at entry ${verify.break?.seq} (${verify.break?.reason}).`}
            </div>
          ))}
        <form method="get" action="/admin/audit">
          <input type="hidden" name="verify" value="1" />
          <button type="submit" class="secondary">
            {lang === 'vi' ? 'Kiểm tra toàn vẹn' : 'Verify integrity'}
          </button>
        </form>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>{lang === 'vi' ? 'Thời điểm' : 'When'}</th>
                <th>{lang === 'vi' ? 'Người thực hiện' : 'Who'}</th>
                <th>{lang === 'vi' ? 'Từ' : 'From'}</th>
                <th>{lang === 'vi' ? 'Hành động' : 'Action'}</th>
                <th>{lang === 'vi' ? 'Đối tượng' : 'Record'}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr>
                  <td>{e.seq}</td>
                  <td>{formatDateTime(e.occurredAt, lang)}</td>
                  <td>{e.actorLabel}</td>
                  <td>{e.ip ?? ''}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.targetType} {e.targetId ?? ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Layout>,
    );
  });
}

export async function registerAdminPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  registerUnitsPages(app, ctx);
  registerUsersPages(app, ctx);
  registerJobsPages(app, ctx);
  registerAuditPages(app, ctx);
}
