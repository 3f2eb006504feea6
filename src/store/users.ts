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
