import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffMs, enqueueJob, workOnce, type JobHandler } from '../../src/app/jobs.js';
import { Worker } from '../../src/jobs/worker.js';
import { createTestDb, engine, type TestDb } from '../support/db.js';

const run = promisify(execFile);
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.drop());

const pingRuns = async () =>
  (await t.handle.pool.query<{ target_id: string; n: string }>(`SELECT target_id, count(*) AS n FROM audit_log WHERE action = 'job.ping' GROUP BY target_id`, [])).rows;

describe(`jobs on ${engine}`, () => {
  it('retries a failing job with back-off, then marks it dead', async () => {
    let calls = 0;
    const handlers: Record<string, JobHandler> = {
      'test.fail': async () => {
        calls++;
        throw new Error('boom');
      },
    };
    const id = await enqueueJob(t.ctx, 'test.fail', {}, { maxAttempts: 2 });
    expect(await workOnce(t.ctx, 'w1', handlers)).toBe(1);
    let job = await t.ctx.db.selectFrom('jobs').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'queued', attempts: 1, last_error: 'boom' });
    expect(job.run_at.getTime() - t.clock.now.getTime()).toBeGreaterThanOrEqual(backoffMs(1));
    expect(await workOnce(t.ctx, 'w1', handlers)).toBe(0); // not due yet
    t.clock.now = new Date(job.run_at.getTime() + 1);
    await workOnce(t.ctx, 'w1', handlers);
    job = await t.ctx.db.selectFrom('jobs').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'dead', attempts: 2 });
    expect(calls).toBe(2);
  });

  it('dedupe keys make scheduling idempotent', async () => {
    const a = await enqueueJob(t.ctx, 'sessions.purge', {}, { dedupeKey: 'purge:test' });
    const b = await enqueueJob(t.ctx, 'sessions.purge', {}, { dedupeKey: 'purge:test' });
    expect(a).toBeTypeOf('number');
    expect(b).toBeNull();
  });

  it('two concurrent workers in one process never run a job twice', async () => {
    for (let i = 0; i < 40; i++) await enqueueJob(t.ctx, 'system.ping', { i });
    const w1 = new Worker(t.ctx, { batch: 3 });
    const w2 = new Worker(t.ctx, { batch: 3 });
    await Promise.all([w1.drain(), w2.drain()]);
    const runs = await pingRuns();
    expect(runs).toHaveLength(40);
    expect(runs.every((r) => Number(r.n) === 1)).toBe(true);
  });

  it.runIf(engine === 'postgres')('two worker processes on one PostgreSQL never run the same job twice', async () => {
    const cli = new URL('../../dist/src/cli/main.js', import.meta.url);
    expect(existsSync(cli), 'dist/ is missing: `npm test` builds it first (or run `npm run build`)').toBe(true);
    const before = (await pingRuns()).length;
    const ids: number[] = [];
    for (let i = 0; i < 300; i++) ids.push((await enqueueJob(t.ctx, 'system.ping', { i }, { runAt: new Date(Date.now() - 60_000) }))!); // the child processes use the real clock
    const env = { ...process.env, DATABASE_URL: t.url!, LOG_LEVEL: 'silent' };
    const worker = () => run(process.execPath, ['bin/motcua.js', 'worker', '--until-idle'], { env, cwd: new URL('../..', import.meta.url).pathname });
    const [a, b] = await Promise.all([worker(), worker()]);
    const ra = JSON.parse(a.stdout.trim().split('\n').pop()!);
    const rb = JSON.parse(b.stdout.trim().split('\n').pop()!);
    console.log(`[postgres] worker processes processed ${ra.processed} + ${rb.processed} jobs`);
    expect(ra.processed + rb.processed).toBe(300);
    const runs = await pingRuns();
    expect(runs.length - before).toBe(300);
    expect(runs.every((r) => Number(r.n) === 1)).toBe(true);
    const states = await t.ctx.db.selectFrom('jobs').select(['status', 'locked_by']).where('id', 'in', ids).execute();
    expect(states.every((s) => s.status === 'done')).toBe(true);
    expect(new Set(states.map((s) => s.locked_by)).size).toBe(2);
  });
});
