// The job worker loop. Any number of processes may run it against one PostgreSQL: claiming uses
// FOR UPDATE SKIP LOCKED, periodic jobs are scheduled with dedupe keys.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../app/context.js';
import { enqueueJob, requeueStaleJobs, workOnce, type JobHandler } from '../app/jobs.js';
import { calendarForUnit } from '../app/calendar.js';
import { isWorkingDay, vnDateOf, vnInstant } from '../domain/calendar/index.js';
import { handlers as defaultHandlers } from './handlers.js';

export interface WorkerOptions {
  pollMs?: number;
  batch?: number;
  staleAfterMs?: number;
  handlers?: Record<string, JobHandler>;
  onError?: (e: unknown) => void;
}

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** Periodic work, scheduled by whichever process gets there first in each period. */
async function schedulePeriodic(ctx: AppContext): Promise<void> {
  const now = ctx.clock();
  const hour = now.toISOString().slice(0, 13);
  await enqueueJob(ctx, 'sessions.purge', {}, { dedupeKey: `sessions.purge:${hour}` });
  // The daily reminder: once per working day, at the configured local time (or at once when a worker starts later).
  const today = vnDateOf(now);
  if (isWorkingDay(await calendarForUnit(ctx, null), today)) {
    const at = vnInstant(today, ctx.config.reminderTime);
    await enqueueJob(ctx, 'dossiers.remind', { date: today }, { dedupeKey: `dossiers.remind:${today}`, runAt: at > now ? at : now });
  }
}

export class Worker {
  readonly id = newWorkerId();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = true;
  private lastMaintenance = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly opts: WorkerOptions = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref?.();
  }

  /** Runs until no due job is left; returns how many were processed. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await workOnce(this.ctx, this.id, this.opts.handlers ?? defaultHandlers, this.opts.batch ?? 5);
      total += n;
      if (n === 0) return total;
    }
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      const now = this.ctx.clock().getTime();
      if (now - this.lastMaintenance > 60_000) {
        this.lastMaintenance = now;
        await requeueStaleJobs(this.ctx, this.opts.staleAfterMs ?? 10 * 60_000);
        await schedulePeriodic(this.ctx);
      }
      await this.drain();
    } catch (e) {
      this.opts.onError?.(e);
    } finally {
      this.running = false;
      this.schedule(this.opts.pollMs ?? 1000);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }
}
