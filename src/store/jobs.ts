import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, JobsTable, JobStatus } from './schema.js';

type Db = Kysely<Database>;
export type JobRow = Selectable<JobsTable>;

export async function insertJob(
  db: Db,
  j: { kind: string; payload: Record<string, unknown>; run_at: Date; max_attempts: number; dedupe_key: string | null; created_at: Date },
): Promise<number | null> {
  // A dedupe key makes scheduling idempotent: many processes may ask for the same periodic job.
  const r = await db
    .insertInto('jobs')
    .values({ ...j, payload: JSON.stringify(j.payload) })
    .onConflict((oc) => oc.column('dedupe_key').where('dedupe_key', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

/**
 * Claims up to `limit` due jobs for `worker`. SKIP LOCKED lets any number of processes claim concurrently
 * without waiting on, or double-claiming, each other's rows.
 */
export async function claimJobs(db: Db, worker: string, now: Date, limit: number): Promise<JobRow[]> {
  const r = await sql<JobRow>`
    UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${worker}, locked_at = ${now}
    WHERE id IN (
      SELECT id FROM jobs WHERE status = 'queued' AND run_at <= ${now}
      ORDER BY run_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )
    RETURNING *`.execute(db);
  return r.rows;
}

export async function completeJob(db: Db, id: number, worker: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('locked_by', '=', worker)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function failJob(db: Db, id: number, worker: string, error: string, retryAt: Date | null, now: Date): Promise<void> {
  await db
    .updateTable('jobs')
    .set(
      retryAt
        ? { status: 'queued', run_at: retryAt, last_error: error, locked_by: null, locked_at: null }
        : { status: 'dead', finished_at: now, last_error: error },
    )
    .where('id', '=', id)
    .where('locked_by', '=', worker)
    .execute();
}

/** Jobs whose worker vanished (crash, kill) go back to the queue after `staleBefore`. */
export async function requeueStale(db: Db, staleBefore: Date): Promise<number> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'queued', locked_by: null, locked_at: null, last_error: 'worker lost; requeued' })
    .where('status', '=', 'running')
    .where('locked_at', '<', staleBefore)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function listJobs(db: Db, f: { status?: JobStatus; kind?: string; limit: number; offset: number }): Promise<JobRow[]> {
  let q = db.selectFrom('jobs').selectAll();
  if (f.status) q = q.where('status', '=', f.status);
  if (f.kind) q = q.where('kind', '=', f.kind);
  return q.orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
}

export async function jobCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('jobs').select(['status', sql<number>`count(*)::int`.as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export async function retryDeadJob(db: Db, id: number, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'queued', run_at: now, attempts: 0, finished_at: null, locked_by: null, locked_at: null })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function getJob(db: Db, id: number): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}
