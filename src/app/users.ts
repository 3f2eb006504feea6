// Staff and citizen accounts, and staff memberships (unit + role).
import { AppError, fieldInvalid, forbidden, invalid, notFound, staleVersion, type FieldError } from '../domain/errors.js';
import { idNumberProblem, passwordProblem, taxCodeProblem, usernameProblem } from '../domain/identity.js';
import type { Role } from '../domain/org.js';
import { deleteUserSessions, revokeUserApiTokens } from '../store/sessions.js';
import type { UserKind } from '../store/schema.js';
import { getUnit } from '../store/units.js';
import {
  getUser,
  getUserByUsername,
  getUserForUpdate,
  insertUser,
  lockAndFindIdNumberHolder,
  lockAndFindTaxCodeHolder,
  listUsers,
  membershipsOf,
  membershipsOfUsers,
  replaceMemberships,
  updateUser,
  type UserRow,
} from '../store/users.js';
import { requireStaff, type Actor, type UserActor } from './actor.js';
import { appendAudit } from './audit.js';
import { isProvinceWide, jurisdiction, jurisdictionChecker } from './authz.js';
import type { AppContext } from './context.js';
import { hashPassword } from './passwords.js';
import { inTransaction, isUniqueViolation } from './tx.js';

export interface MembershipInput {
  unitId: number;
  role: Role;
  title?: string | null;
}

export interface UserView {
  id: number;
  username: string;
  kind: UserKind;
  fullName: string;
  email: string | null;
  phone: string | null;
  idNumber: string | null;
  organisationName: string | null;
  taxCode: string | null;
  active: boolean;
  lastLoginAt: string | null;
  version: number;
  memberships: { unitId: number; role: Role; title: string | null }[];
}

function toView(u: UserRow, ms: { unit_id: number; role: Role; title: string | null }[]): UserView {
  return {
    id: u.id,
    username: u.username,
    kind: u.kind,
    fullName: u.full_name,
    email: u.email,
    phone: u.phone,
    idNumber: u.id_number,
    organisationName: u.organisation_name,
    taxCode: u.tax_code,
    active: u.active,
    lastLoginAt: u.last_login_at ? u.last_login_at.toISOString() : null,
    version: u.version,
    memberships: ms.map((m) => ({ unitId: m.unit_id, role: m.role, title: m.title })),
  };
}

const USER = { vi: 'người dùng', en: 'User' };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkProfile(p: { email?: string | null; phone?: string | null; fullName?: string }): FieldError[] {
  const errs: FieldError[] = [];
  if (p.fullName !== undefined && (p.fullName.trim().length < 2 || p.fullName.length > 200))
    errs.push({ path: 'fullName', message: { vi: 'Họ tên gồm 2–200 ký tự', en: 'Full name must be 2–200 characters' } });
  if (p.email && !EMAIL.test(p.email)) errs.push({ path: 'email', message: { vi: 'Địa chỉ thư điện tử không hợp lệ', en: 'Invalid e-mail address' } });
  if (p.phone && !/^(\+84|0)\d{9,10}$/.test(p.phone.replace(/[\s.-]/g, '')))
    errs.push({ path: 'phone', message: { vi: 'Số điện thoại không hợp lệ', en: 'Invalid phone number' } });
  return errs;
}

function throwIf(errs: FieldError[]): void {
  if (errs.length) throw invalid('validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, errs);
}

/** The admin must hold jurisdiction over every unit named in the memberships being granted or removed. */
async function checkMembershipScope(ctx: AppContext, actor: Actor, memberships: MembershipInput[], path = 'memberships'): Promise<void> {
  const can = await jurisdictionChecker(ctx.db, actor, ['admin']);
  for (const [i, m] of memberships.entries()) {
    const unit = await getUnit(ctx.db, m.unitId);
    if (!unit) throw fieldInvalid(`${path}.${i}.unitId`, { vi: 'Đơn vị không tồn tại', en: 'The unit does not exist' });
    if (!can(m.unitId))
      throw forbidden({ vi: `Đơn vị ${unit.name} nằm ngoài phạm vi quản trị của bạn`, en: `Unit ${unit.name} is outside your administration scope` });
  }
}

export interface StaffInput {
  username: string;
  fullName: string;
  email?: string | null;
  phone?: string | null;
  password: string;
  memberships: MembershipInput[];
}

export async function createStaffUser(ctx: AppContext, actor: Actor, input: StaffInput): Promise<UserView> {
  if (actor.kind !== 'system') requireStaff(actor);
  const username = input.username.trim().toLowerCase();
  const errs = checkProfile(input);
  const u = usernameProblem(username);
  if (u) errs.push({ path: 'username', message: u });
  const p = passwordProblem(input.password);
  if (p) errs.push({ path: 'password', message: p });
  if (input.memberships.length === 0)
    errs.push({ path: 'memberships', message: { vi: 'Cán bộ phải thuộc ít nhất một đơn vị với một vai trò', en: 'A staff member needs at least one unit and role' } });
  throwIf(errs);
  await checkMembershipScope(ctx, actor, input.memberships);
  const hash = await hashPassword(input.password);
  return inTransaction(ctx, async (trx, now) => {
    if (await getUserByUsername(trx, username)) throw duplicateUsername(username);
    let row: UserRow;
    try {
      row = await insertUser(
        trx,
        { username, kind: 'staff', full_name: input.fullName.trim(), email: input.email || null, phone: input.phone || null, id_number: null, organisation_name: null, tax_code: null, password_hash: hash },
        now,
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicateUsername(username);
      throw e;
    }
    const ms = dedupe(input.memberships).map((m) => ({ unit_id: m.unitId, role: m.role, title: m.title?.trim() || null }));
    await replaceMemberships(trx, row.id, ms, now);
    await appendAudit(trx, actor, now, {
      action: 'user.create',
      targetType: 'user',
      targetId: row.id,
      unitId: ms[0]?.unit_id ?? null,
      details: { username, kind: 'staff', memberships: ms },
    });
    return toView(row, ms);
  });
}

const idNumberTaken = () =>
  new AppError(
    'conflict',
    'id_number_taken',
    {
      vi: 'Số định danh cá nhân này đã có tài khoản. Nếu đó là tài khoản của bạn, hãy đăng nhập bằng tài khoản đó; quên mật khẩu hoặc tài khoản bị khóa thì mang CCCD đến Bộ phận Một cửa để được cấp lại mật khẩu.',
      en: 'This personal ID number already has an account. If it is yours, sign in with it; if you forgot the password or the account is locked, bring your ID card to a one-stop-shop desk to have the password reset.',
    },
    [{ path: 'idNumber', message: { vi: 'Số định danh cá nhân đã được dùng cho một tài khoản khác', en: 'This ID number is already used by another account' } }],
  );

const taxCodeTaken = () =>
  new AppError(
    'conflict',
    'tax_code_taken',
    {
      vi: 'Mã số doanh nghiệp này đã có tài khoản. Người đại diện theo pháp luật đăng nhập bằng tài khoản đó; quên mật khẩu thì mang giấy giới thiệu của doanh nghiệp đến Bộ phận Một cửa để được cấp lại mật khẩu.',
      en: 'This enterprise code already has an account. The legal representative signs in with it; if the password is lost, bring a letter of introduction from the enterprise to a one-stop-shop desk to have it reset.',
    },
    [{ path: 'taxCode', message: { vi: 'Mã số doanh nghiệp đã được dùng cho một tài khoản khác', en: 'This enterprise code is already used by another account' } }],
  );

const duplicateUsername = (username: string) =>
  invalid('duplicate_username', { vi: `Tên đăng nhập ${username} đã được dùng`, en: `Username ${username} is already taken` }, [
    { path: 'username', message: { vi: 'Tên đăng nhập đã tồn tại', en: 'Username already exists' } },
  ]);

function dedupe(ms: MembershipInput[]): MembershipInput[] {
  const seen = new Set<string>();
  return ms.filter((m) => {
    const k = `${m.unitId}:${m.role}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export interface CitizenInput {
  username: string;
  fullName: string;
  email?: string | null;
  phone?: string | null;
  password: string;
  kind: 'citizen' | 'business';
  idNumber?: string | null;
  organisationName?: string | null;
  taxCode?: string | null;
}

/** Self-registration of a citizen or business account (also used by the demo seed). */
export async function registerApplicant(ctx: AppContext, actor: Actor, input: CitizenInput): Promise<UserView> {
  const username = input.username.trim().toLowerCase();
  const errs = checkProfile(input);
  const u = usernameProblem(username);
  if (u) errs.push({ path: 'username', message: u });
  const p = passwordProblem(input.password);
  if (p) errs.push({ path: 'password', message: p });
  if (input.kind === 'citizen') {
    const idp = idNumberProblem(input.idNumber ?? '');
    if (idp) errs.push({ path: 'idNumber', message: idp });
  } else {
    const t = taxCodeProblem(input.taxCode ?? '');
    if (t) errs.push({ path: 'taxCode', message: t });
    if (!input.organisationName?.trim())
      errs.push({ path: 'organisationName', message: { vi: 'Cần tên tổ chức, doanh nghiệp', en: 'Organisation name is required' } });
  }
  throwIf(errs);
  const hash = await hashPassword(input.password);
  const idNumber = input.kind === 'citizen' ? (input.idNumber ?? null) : null;
  return inTransaction(ctx, async (trx, now) => {
    if (await getUserByUsername(trx, username)) throw duplicateUsername(username);
    if (idNumber !== null) {
      // One account per person: two registrations of the same number at once wait for each other here.
      if (await lockAndFindIdNumberHolder(trx, idNumber)) throw idNumberTaken();
    }
    if (input.kind === 'business' && input.taxCode && (await lockAndFindTaxCodeHolder(trx, input.taxCode))) throw taxCodeTaken();
    const row = await insertUser(
      trx,
      {
        username,
        kind: input.kind,
        full_name: input.fullName.trim(),
        email: input.email || null,
        phone: input.phone || null,
        id_number: idNumber,
        organisation_name: input.kind === 'business' ? (input.organisationName?.trim() ?? null) : null,
        tax_code: input.kind === 'business' ? (input.taxCode ?? null) : null,
        password_hash: hash,
      },
      now,
    );
    await appendAudit(trx, actor.kind === 'anonymous' ? actor : actor, now, { action: 'user.register', targetType: 'user', targetId: row.id, details: { username, kind: input.kind } });
    return toView(row, []);
  });
}

/**
 * Users an admin may see. A province administrator: everyone (applicants and staff without a unit included). An
 * administrator of a unit below (a ward, a department): staff with a membership in their unit or below it, and no
 * applicant account (citizens and businesses are managed by the province's administrators).
 */
export async function listUsersForAdmin(ctx: AppContext, actor: Actor, f: { q?: string; kind?: UserKind; includeInactive?: boolean; page?: number }) {
  const a = requireStaff(actor);
  const scope = await jurisdiction(ctx.db, a, ['admin']);
  if (scope.length === 0) throw forbidden();
  const provinceWide = await isProvinceWide(ctx.db, a, ['admin']);
  const applicants = f.kind === 'citizen' || f.kind === 'business';
  if (applicants && !provinceWide) return [];
  const page = Math.max(1, f.page ?? 1);
  const rows = await listUsers(ctx.db, {
    unitIds: provinceWide ? undefined : scope,
    kind: f.kind ?? 'staff',
    q: f.q,
    includeInactive: f.includeInactive,
    limit: 50,
    offset: (page - 1) * 50,
  });
  const ms = await membershipsOfUsers(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => toView(r, ms.filter((m) => m.user_id === r.id)));
}

/**
 * An admin may manage (read, edit, reset the password of, reactivate) a staff account when every one of its
 * memberships is in the admin's jurisdiction. A staff account left without any unit (retired) and every applicant
 * account belong to the province's administrators only, so no ward administrator can take one over.
 */
async function requireManage(ctx: AppContext, actor: Actor, userId: number) {
  if (actor.kind !== 'system') requireStaff(actor);
  const user = await getUser(ctx.db, userId);
  if (!user) throw notFound(USER);
  const ms = await membershipsOf(ctx.db, userId);
  const can = await jurisdictionChecker(ctx.db, actor, ['admin']);
  if (user.kind === 'staff' && ms.length > 0) {
    if (!ms.every((m) => can(m.unit_id))) throw outsideScope();
  } else if (!(await isProvinceWide(ctx.db, actor, ['admin']))) throw outsideScope();
  return { user, ms };
}

const outsideScope = () =>
  forbidden({
    vi: 'Tài khoản này nằm ngoài phạm vi quản trị của bạn (tài khoản công dân, doanh nghiệp và tài khoản không còn thuộc đơn vị nào do quản trị cấp tỉnh quản lý)',
    en: 'This account is outside your administration scope (applicant accounts and accounts left without a unit are managed by the province’s administrators)',
  });

export async function getUserForAdmin(ctx: AppContext, actor: Actor, id: number): Promise<UserView> {
  const { user, ms } = await requireManage(ctx, actor, id);
  return toView(user, ms);
}

export interface UserPatch {
  version: number;
  fullName?: string;
  email?: string | null;
  phone?: string | null;
  active?: boolean;
  password?: string;
  memberships?: MembershipInput[];
}

export async function updateUserUseCase(ctx: AppContext, actor: Actor, id: number, patch: UserPatch): Promise<UserView> {
  const { ms: before } = await requireManage(ctx, actor, id);
  const errs = checkProfile(patch);
  if (patch.password !== undefined) {
    const p = passwordProblem(patch.password);
    if (p) errs.push({ path: 'password', message: p });
  }
  throwIf(errs);
  if (patch.memberships) await checkMembershipScope(ctx, actor, patch.memberships);
  if (actor.kind === 'user' && actor.userId === id && patch.active === false)
    throw invalid('self_deactivation', { vi: 'Bạn không thể tự khóa tài khoản của mình', en: 'You cannot deactivate your own account' });
  const hash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
  return inTransaction(ctx, async (trx, now) => {
    const current = await getUserForUpdate(trx, id);
    if (!current) throw notFound(USER);
    if (current.version !== patch.version) throw staleVersion();
    if (patch.memberships && current.kind === 'staff' && patch.memberships.length === 0 && patch.active !== false)
      throw fieldInvalid('memberships', { vi: 'Cán bộ đang hoạt động phải thuộc ít nhất một đơn vị', en: 'An active staff member needs at least one unit and role' });
    const changes: Record<string, unknown> = {};
    if (patch.fullName !== undefined) changes.full_name = patch.fullName.trim();
    if (patch.email !== undefined) changes.email = patch.email || null;
    if (patch.phone !== undefined) changes.phone = patch.phone || null;
    if (patch.active !== undefined) changes.active = patch.active;
    if (hash) {
      changes.password_hash = hash;
    }
    const row = await updateUser(trx, id, changes, now);
    let ms = before;
    if (patch.memberships) {
      const next = dedupe(patch.memberships).map((m) => ({ unit_id: m.unitId, role: m.role, title: m.title?.trim() || null }));
      await replaceMemberships(trx, id, next, now);
      ms = await membershipsOf(trx, id);
    }
    // A deactivated account or a reset password ends every open session at once and revokes every API token for
    // good: reactivating the account later does not bring an old token back (it must be created again).
    let revokedTokens = 0;
    if (patch.active === false || hash) {
      await deleteUserSessions(trx, id);
      revokedTokens = await revokeUserApiTokens(trx, id, now);
    }
    const { password_hash: _h, ...auditable } = changes;
    await appendAudit(trx, actor, now, {
      action: patch.active === false && current.active ? 'user.deactivate' : 'user.update',
      targetType: 'user',
      targetId: id,
      unitId: ms[0]?.unit_id ?? null,
      details: {
        changes: auditable,
        passwordReset: hash ? true : undefined,
        revokedApiTokens: revokedTokens || undefined,
        memberships: patch.memberships ? { before: before.map((m) => ({ unitId: m.unit_id, role: m.role })), after: ms.map((m) => ({ unitId: m.unit_id, role: m.role })) } : undefined,
      },
    });
    return toView(row, ms);
  });
}

/**
 * The actor of a signed-in user, for work done in a user's name without a session: the demo seed, benchmarks and
 * tests. Never reached from a request.
 */
export async function userActor(ctx: AppContext, username: string): Promise<UserActor> {
  const u = await getUserByUsername(ctx.db, username);
  if (!u) throw notFound({ vi: `Người dùng ${username}`, en: `User ${username}` });
  const ms = await membershipsOf(ctx.db, u.id);
  return {
    kind: 'user',
    userId: u.id,
    username: u.username,
    fullName: u.full_name,
    userKind: u.kind,
    memberships: ms.map((m) => ({ unitId: m.unit_id, role: m.role })),
    via: 'session',
    ip: null,
    requestId: null,
  };
}
