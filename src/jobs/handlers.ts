import { systemActor } from '../app/actor.js';
import { appendAudit } from '../app/audit.js';
import type { AppContext } from '../app/context.js';
import type { JobHandler } from '../app/jobs.js';
import { purgeExpiredSessions } from '../app/maintenance.js';
import { deliverNotification, type NotificationChannel } from '../app/notifications.js';
import { sendDailyReminders } from '../app/reminders.js';
import { inTransaction } from '../app/tx.js';
import { channelsFromConfig } from './channels/index.js';

// One set of channel adapters per context (SMTP connections are pooled inside nodemailer's transport).
const channelCache = new WeakMap<AppContext, Record<'email' | 'sms', NotificationChannel>>();
export function channelsOf(ctx: AppContext): Record<'email' | 'sms', NotificationChannel> {
  let c = channelCache.get(ctx);
  if (!c) channelCache.set(ctx, (c = channelsFromConfig(ctx.config)));
  return c;
}
export function useChannels(ctx: AppContext, channels: Record<'email' | 'sms', NotificationChannel>): void {
  channelCache.set(ctx, channels);
}

export const handlers: Record<string, JobHandler> = {
  /** Proves a worker is alive and which one answered; the audit entry is the answer. */
  'system.ping': async (ctx: AppContext, job, workerId) => {
    await inTransaction(ctx, async (trx, now) => {
      await appendAudit(trx, systemActor(`worker:${workerId}`), now, {
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
  'notifications.deliver': async (ctx, job) => {
    await deliverNotification(ctx, Number(job.payload.id), channelsOf(ctx));
  },
  'dossiers.remind': async (ctx) => {
    await sendDailyReminders(ctx);
  },
};
