// Background jobs on a plain table. Delivery is at-least-once: a job whose worker dies is re-queued after
// the stale timeout, so handlers must be idempotent.
import { forbidden, messageOf, notFound } from '../domain/errors.js';
import type { JobStatus } from '../store/schema.js';
import { claimJobs, completeJob, failJob, getJob, insertJob, jobCounts, listJobs, requeueStale, retryDeadJob, type JobRow } from '../store/jobs.js';
import { requireStaff, type Actor } from './actor.js';
import { appendAudit } from './audit.js';
import { jurisdiction } from './authz.js';
import type { AppContext } from './context.js';
import { inTransaction } from './tx.js';

export type { JobRow };
export type JobHandler = (ctx: AppContext, job: JobRow, workerId: string) => Promise<void>;

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
  dedupeKey?: string;
}

export async function enqueueJob(ctx: AppContext, kind: string, payload: Record<string, unknown>, opts: EnqueueOptions = {}): Promise<number | null> {
  const now = ctx.clock();
  return insertJob(ctx.db, {
    kind,
    payload,
    run_at: opts.runAt ?? now,
    max_attempts: opts.maxAttempts ?? 5,
    dedupe_key: opts.dedupeKey ?? null,
    created_at: now,
  });
}

/** Exponential back-off: 30 s, 1 min, 2 min, ... capped at one hour; `jitter` in [0,1) spreads retries. */
export function backoffMs(attempt: number, jitter = 0): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
  return Math.round(base * (1 + 0.25 * jitter));
}

export async function workOnce(ctx: AppContext, workerId: string, handlers: Record<string, JobHandler>, limit = 5): Promise<number> {
  const jobs = await claimJobs(ctx.db, workerId, ctx.clock(), limit);
  for (const job of jobs) {
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await handler(ctx, job, workerId);
      await completeJob(ctx.db, job.id, workerId, ctx.clock());
    } catch (e) {
      const message = messageOf(e);
      const now = ctx.clock();
      const retryAt = job.attempts < job.max_attempts ? new Date(now.getTime() + backoffMs(job.attempts, Math.random())) : null;
      await failJob(ctx.db, job.id, workerId, message.slice(0, 2000), retryAt, now);
    }
  }
  return jobs.length;
}

export async function requeueStaleJobs(ctx: AppContext, staleAfterMs: number): Promise<number> {
  return requeueStale(ctx.db, new Date(ctx.clock().getTime() - staleAfterMs));
}

async function requireJobAdmin(ctx: AppContext, actor: Actor) {
  const a = requireStaff(actor);
  // Jobs serve the whole deployment, so only administrators (of any unit) see them.
  if (!a.memberships.some((m) => m.role === 'admin') || (await jurisdiction(ctx.db, a, ['admin'])).length === 0) throw forbidden();
  return a;
}

export async function listJobsForAdmin(ctx: AppContext, actor: Actor, f: { status?: JobStatus; kind?: string; page?: number }) {
  await requireJobAdmin(ctx, actor);
  const page = Math.max(1, f.page ?? 1);
  const [jobs, counts] = await Promise.all([listJobs(ctx.db, { ...f, limit: 50, offset: (page - 1) * 50 }), jobCounts(ctx.db)]);
  return { jobs, counts };
}

export async function retryJob(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  const a = await requireJobAdmin(ctx, actor);
  await inTransaction(ctx, async (trx, now) => {
    const job = await getJob(trx, id);
    if (!job) throw notFound({ vi: 'tác vụ', en: 'Job' });
    if (!(await retryDeadJob(trx, id, now)))
      throw forbidden({ vi: 'Chỉ chạy lại được tác vụ đã thất bại hẳn', en: 'Only a dead job can be retried' });
    await appendAudit(trx, a, now, { action: 'job.retry', targetType: 'job', targetId: id, details: { kind: job.kind } });
  });
}

/** Admin's "are the workers alive?" check: a ping job that a worker answers with an audit entry. */
export async function enqueuePing(ctx: AppContext, actor: Actor): Promise<number | null> {
  const a = await requireJobAdmin(ctx, actor);
  return inTransaction(ctx, async (trx, now) => {
    const id = await insertJob(trx, { kind: 'system.ping', payload: { requestedBy: a.username }, run_at: now, max_attempts: 3, dedupe_key: null, created_at: now });
    await appendAudit(trx, a, now, { action: 'job.enqueue', targetType: 'job', targetId: id, details: { kind: 'system.ping' } });
    return id;
  });
}
