import { sql, type Kysely, type Selectable } from 'kysely';
import type { StoredAuditEntry } from '../domain/audit.js';
import type { AuditLogTable, Database } from './schema.js';

type Db = Kysely<Database>;

/** Locks the chain head for the rest of the transaction: concurrent writers queue here, one link at a time. */
export async function lockAuditHead(trx: Db): Promise<{ seq: number; hash: string }> {
  const row = await trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
  return row;
}

export async function insertAuditEntry(trx: Db, e: StoredAuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      seq: e.seq,
      occurred_at: e.occurredAt,
      actor_user_id: e.actorUserId,
      actor_label: e.actorLabel,
      unit_id: e.unitId,
      ip: e.ip,
      request_id: e.requestId,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      details: JSON.stringify(e.details ?? {}),
      prev_hash: e.prevHash,
      hash: e.hash,
    })
    .execute();
  await trx.updateTable('audit_head').set({ seq: e.seq, hash: e.hash }).where('id', '=', 1).execute();
}

export async function readAuditHead(db: Db): Promise<{ seq: number; hash: string }> {
  return db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
}

export async function readAuditRange(db: Db, afterSeq: number, limit: number): Promise<StoredAuditEntry[]> {
  const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  return rows.map(toEntry);
}

export interface AuditFilter {
  targetType?: string;
  targetId?: string;
  actorUserId?: number;
  beforeSeq?: number;
  limit: number;
}

export async function listAudit(db: Db, f: AuditFilter): Promise<StoredAuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.targetType) q = q.where('target_type', '=', f.targetType);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.actorUserId !== undefined) q = q.where('actor_user_id', '=', f.actorUserId);
  if (f.beforeSeq !== undefined) q = q.where('seq', '<', f.beforeSeq);
  const rows = await q.orderBy('seq', 'desc').limit(f.limit).execute();
  return rows.map(toEntry);
}

export async function countAudit(db: Db): Promise<number> {
  const r = await db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return r.n;
}

function toEntry(r: Selectable<AuditLogTable>): StoredAuditEntry {
  return {
    seq: r.seq,
    occurredAt: r.occurred_at.toISOString(),
    actorUserId: r.actor_user_id,
    actorLabel: r.actor_label,
    unitId: r.unit_id,
    ip: r.ip,
    requestId: r.request_id,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
