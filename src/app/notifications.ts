// Notifications: use cases queue messages in the outbox inside their own transaction (with a delivery job), so a
// message exists exactly when the change that caused it committed. Delivery is the worker's, through channel
// adapters (src/jobs/channels) behind the NotificationChannel port below.
import type { Kysely, Transaction } from 'kysely';
import { insertJob } from '../store/jobs.js';
import { getNotificationForUpdate, insertNotification, listNotifications, markNotification, type NewNotification, type NotificationRow } from '../store/notifications.js';
import type { Database } from '../store/schema.js';
import type { Actor } from './actor.js';
import { requireStaff } from './actor.js';
import type { AppContext } from './context.js';
import { forbidden, messageOf } from '../domain/errors.js';
import { transaction } from '../store/db.js';

export interface OutgoingMessage {
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
}

/** A delivery channel: SMTP e-mail, an SMS gateway, or the log (when none is configured). */
export interface NotificationChannel {
  readonly name: string;
  send(message: OutgoingMessage): Promise<{ providerRef: string | null }>;
}

const E164ISH = /^\+?\d{9,15}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Queues a message and its delivery job in the caller's transaction; invalid or empty recipients are skipped. */
export async function queueNotification(trx: Transaction<Database> | Kysely<Database>, now: Date, n: NewNotification): Promise<number | null> {
  const recipient = n.recipient.trim().replace(/[\s.-]/g, n.channel === 'sms' ? '' : '$&');
  if (n.channel === 'sms' ? !E164ISH.test(recipient) : !EMAIL.test(recipient)) return null;
  const id = await insertNotification(trx, { ...n, recipient }, now);
  if (id !== null) await insertJob(trx, { kind: 'notifications.deliver', payload: { id }, run_at: now, max_attempts: 6, dedupe_key: null, created_at: now });
  return id;
}

/**
 * Sends one queued message. Throws when the channel fails, so the job framework retries with back-off; the row
 * keeps the last error. A row already sent is not sent again (a retried job after a crash past the send).
 */
export async function deliverNotification(ctx: AppContext, id: number, channels: Record<'email' | 'sms', NotificationChannel>): Promise<'sent' | 'skipped'> {
  const row = await transaction(ctx.db, (trx) => getNotificationForUpdate(trx, id));
  if (!row || row.status === 'sent') return 'skipped';
  const channel = channels[row.channel];
  try {
    const r = await channel.send({ channel: row.channel, recipient: row.recipient, subject: row.subject, body: row.body });
    await markNotification(ctx.db, id, { status: 'sent', provider: channel.name, providerRef: r.providerRef, at: ctx.clock() });
    return 'sent';
  } catch (e) {
    await markNotification(ctx.db, id, { status: 'failed', provider: channel.name, error: messageOf(e).slice(0, 500), at: ctx.clock() });
    throw e;
  }
}

export async function outboxForAdmin(ctx: AppContext, actor: Actor, opts: { status?: string; dossierId?: number } = {}): Promise<NotificationRow[]> {
  const a = requireStaff(actor);
  if (!a.memberships.some((m) => m.role === 'admin' || m.role === 'monitor')) throw forbidden();
  return listNotifications(ctx.db, { ...opts, limit: 200 });
}
