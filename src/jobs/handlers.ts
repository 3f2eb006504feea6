import { systemActor } from '../app/actor.js';
import { appendAudit } from '../app/audit.js';
import type { AppContext } from '../app/context.js';
import type { JobHandler } from '../app/jobs.js';
import { purgeExpiredSessions } from '../app/maintenance.js';

export const handlers: Record<string, JobHandler> = {
  /** Proves a worker is alive and which one answered; the audit entry is the answer. */
  'system.ping': async (ctx: AppContext, job, workerId) => {
    await ctx.db.transaction().execute(async (trx) => {
      await appendAudit(trx, systemActor(`worker:${workerId}`), ctx.clock(), {
        action: 'job.ping',
        targetType: 'job',
        targetId: job.id,
        details: { worker: workerId, attempt: job.attempts },
      });
    });
  },
  'sessions.purge': async (ctx) => {
    await purgeExpiredSessions(ctx);
  },
};
