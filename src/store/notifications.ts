// The notification outbox.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, NotificationOutboxTable } from './schema.js';

type Db = Kysely<Database>;
export type NotificationRow = Selectable<NotificationOutboxTable>;

export interface NewNotification {
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
  kind: string;
  dossierId?: number | null;
  userId?: number | null;
  unitId?: number | null;
  dedupeKey?: string | null;
}

/** Returns the new row's id, or null when a row with the same dedupe key exists already. */
export async function insertNotification(db: Db, n: NewNotification, now: Date): Promise<number | null> {
  const r = await db
    .insertInto('notification_outbox')
    .values({
      channel: n.channel,
      recipient: n.recipient,
      subject: n.subject,
      body: n.body,
      kind: n.kind,
      dossier_id: n.dossierId ?? null,
      user_id: n.userId ?? null,
      unit_id: n.unitId ?? null,
      dedupe_key: n.dedupeKey ?? null,
      provider: null,
      provider_ref: null,
      last_error: null,
      created_at: now,
      sent_at: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').where('dedupe_key', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

export async function getNotificationForUpdate(db: Db, id: number): Promise<NotificationRow | undefined> {
  return db.selectFrom('notification_outbox').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function markNotification(
  db: Db,
  id: number,
  outcome: { status: 'sent' | 'failed' | 'queued'; provider?: string | null; providerRef?: string | null; error?: string | null; at: Date },
): Promise<void> {
  await db
    .updateTable('notification_outbox')
    .set({
      status: outcome.status,
      attempts: sql`attempts + 1`,
      provider: outcome.provider ?? null,
      provider_ref: outcome.providerRef ?? null,
      last_error: outcome.error ?? null,
      sent_at: outcome.status === 'sent' ? outcome.at : null,
    })
    .where('id', '=', id)
    .execute();
}

export async function listNotifications(db: Db, opts: { status?: string; dossierId?: number; limit?: number } = {}): Promise<NotificationRow[]> {
  let q = db.selectFrom('notification_outbox').selectAll();
  if (opts.status) q = q.where('status', '=', opts.status as NotificationRow['status']);
  if (opts.dossierId) q = q.where('dossier_id', '=', opts.dossierId);
  return q.orderBy('id', 'desc').limit(opts.limit ?? 100).execute();
}
