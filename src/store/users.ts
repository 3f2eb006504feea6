import { sql, type Kysely, type Selectable } from 'kysely';
import type { Role } from '../domain/org.js';
import type { Database, MembershipsTable, UsersTable } from './schema.js';

type Db = Kysely<Database>;
export type UserRow = Selectable<UsersTable>;
export type MembershipRow = Selectable<MembershipsTable>;

export async function getUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
}

export async function getUser(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getUserForUpdate(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Inside a transaction: takes a lock on a personal ID number until commit (two registrations of the same number wait
 * for each other) and returns the id of the account already holding it, if any.
 */
export async function lockAndFindIdNumberHolder(db: Db, idNumber: string): Promise<number | undefined> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`id_number:${idNumber}`}))`.execute(db);
  const r = await db.selectFrom('users').select('id').where('id_number', '=', idNumber).executeTakeFirst();
  return r?.id;
}

/** The same for a business's tax code: one applicant account per enterprise. */
export async function lockAndFindTaxCodeHolder(db: Db, taxCode: string): Promise<number | undefined> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`tax_code:${taxCode}`}))`.execute(db);
  const r = await db.selectFrom('users').select('id').where('tax_code', '=', taxCode).where('kind', '=', 'business').executeTakeFirst();
  return r?.id;
}

export async function membershipsOf(db: Db, userId: number): Promise<MembershipRow[]> {
  return db.selectFrom('memberships').selectAll().where('user_id', '=', userId).orderBy('unit_id').orderBy('role').execute();
}

export async function membershipsOfUsers(db: Db, userIds: number[]): Promise<MembershipRow[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom('memberships').selectAll().where('user_id', 'in', userIds).execute();
}

export interface NewUser {
  username: string;
  kind: UsersTable['kind'];
  full_name: string;
  email: string | null;
  phone: string | null;
  id_number: string | null;
  organisation_name: string | null;
  tax_code: string | null;
  password_hash: string;
}

export async function insertUser(db: Db, u: NewUser, now: Date): Promise<UserRow> {
  return db
    .insertInto('users')
    .values({ ...u, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateUser(
  db: Db,
  id: number,
  patch: Partial<Omit<NewUser, 'username' | 'kind'>> & { active?: boolean },
  now: Date,
): Promise<UserRow> {
  return db
    .updateTable('users')
    .set({ ...patch, updated_at: now, version: sql`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function recordLoginSuccess(db: Db, id: number, now: Date): Promise<void> {
  await db.updateTable('users').set({ last_login_at: now }).where('id', '=', id).execute();
}

export async function replaceMemberships(
  db: Db,
  userId: number,
  memberships: { unit_id: number; role: Role; title: string | null }[],
  now: Date,
): Promise<void> {
  await db.deleteFrom('memberships').where('user_id', '=', userId).execute();
  if (memberships.length)
    await db
      .insertInto('memberships')
      .values(memberships.map((m) => ({ ...m, user_id: userId, created_at: now })))
      .execute();
}

export interface UserListFilter {
  unitIds?: number[]; // staff with a membership in one of these units
  kind?: UsersTable['kind'];
  q?: string;
  includeInactive?: boolean;
  limit: number;
  offset: number;
}

export async function listUsers(db: Db, f: UserListFilter): Promise<UserRow[]> {
  let q = db.selectFrom('users').selectAll();
  if (f.unitIds) {
    const ids = f.unitIds;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('memberships').select('user_id').whereRef('memberships.user_id', '=', 'users.id').where('unit_id', 'in', ids.length ? ids : [-1])),
    );
  }
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (!f.includeInactive) q = q.where('active', '=', true);
  if (f.q) {
    const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb(sql`lower(full_name)`, 'like', like), eb('username', 'like', like)]));
  }
  return q.orderBy('username').limit(f.limit).offset(f.offset).execute();
}

export async function countUsers(db: Db): Promise<number> {
  const r = await db.selectFrom('users').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return r.n;
}

/** Ids, usernames and names of people, as views name them. */
export async function peopleRows(db: Db, ids: readonly number[]): Promise<Pick<UserRow, 'id' | 'username' | 'full_name'>[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('users').select(['id', 'username', 'full_name']).where('id', 'in', [...ids]).execute();
}

export async function userKindAndActive(db: Db, id: number): Promise<Pick<UserRow, 'id' | 'kind' | 'active'> | undefined> {
  return db.selectFrom('users').select(['id', 'kind', 'active']).where('id', '=', id).executeTakeFirst();
}

export async function userContacts(db: Db, ids: readonly number[]): Promise<Pick<UserRow, 'id' | 'email' | 'phone'>[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('users').select(['id', 'email', 'phone']).where('id', 'in', [...ids]).execute();
}

/** Each person's titles in their units, by unit id. */
export async function membershipTitles(db: Db, userIds: readonly number[]): Promise<Pick<MembershipRow, 'user_id' | 'unit_id' | 'title'>[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom('memberships').select(['user_id', 'unit_id', 'title']).where('user_id', 'in', [...userIds]).orderBy('unit_id').execute();
}

/** Active staff holding one of `roles` in one of `unitIds`, each once, by name. */
export async function activeStaffWithRoles(db: Db, unitIds: readonly number[], roles: readonly Role[]): Promise<Pick<UserRow, 'id' | 'username' | 'full_name'>[]> {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.username', 'u.full_name'])
    .where('m.role', 'in', [...roles])
    .where('m.unit_id', 'in', [...unitIds])
    .where('u.active', '=', true)
    .where('u.kind', '=', 'staff')
    .groupBy(['u.id', 'u.username', 'u.full_name'])
    .orderBy('u.full_name')
    .execute();
}

/** A person and their memberships in one query: one row per membership (or one with nulls); none if no such user. */
export async function userWithMemberships(db: Db, id: number): Promise<{ kind: UserRow['kind']; active: boolean; unit_id: number | null; role: Role | null }[]> {
  return db.selectFrom('users as u').leftJoin('memberships as m', 'm.user_id', 'u.id').select(['u.kind', 'u.active', 'm.unit_id', 'm.role']).where('u.id', '=', id).execute();
}

/** Active staff of one unit holding one of `roles`, `exceptUserId` left out: one row per membership, by name. */
export async function staffOfUnitWithRoles(
  db: Db,
  unitId: number,
  roles: readonly Role[],
  exceptUserId: number,
): Promise<{ id: number; username: string; full_name: string; role: Role }[]> {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.username', 'u.full_name', 'm.role'])
    .where('m.unit_id', '=', unitId)
    .where('m.role', 'in', [...roles])
    .where('u.active', '=', true)
    .where('u.kind', '=', 'staff')
    .where('u.id', '<>', exceptUserId)
    .orderBy('u.full_name')
    .orderBy('u.id')
    .execute();
}

/** Active people holding a membership in one of `unitIds`. */
export async function countActiveMembers(db: Db, unitIds: readonly number[]): Promise<number> {
  const r = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(sql<number>`count(DISTINCT memberships.user_id)::int`.as('n'))
    .where('memberships.unit_id', 'in', unitIds.length ? [...unitIds] : [-1])
    .where('users.active', '=', true)
    .executeTakeFirstOrThrow();
  return r.n;
}
