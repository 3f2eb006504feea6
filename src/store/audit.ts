import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { AuditContent, StoredAuditEntry } from '../domain/audit.js';
import type { AuditLogTable, Database } from './schema.js';

type Db = Kysely<Database>;

/**
 * One link of the chain, ready to be written by the database: the entry's fields, and its canonical JSON split
 * around the value of `seq` (which only the locked head knows), so that SQL completes the hash exactly as
 * auditHash does: sha256(prevHash + "\n" + hashPrefix + seq + hashSuffix).
 */
export interface AuditLink extends Omit<AuditContent, 'seq'> {
  hashPrefix: string;
  hashSuffix: string;
}

/**
 * Two CTEs for a WITH list: `audit_next` moves the head one link on (the UPDATE takes the head's row lock; a
 * concurrent writer waits for it and then works on the committed head, so the chain stays linear across processes)
 * and `audit_new` inserts the entry from it, RETURNING seq. Nothing is written when `gate` is false: a statement can
 * make the audit entry depend on its other writes. The lock is held until the transaction ends, so a statement
 * carrying these should be the transaction's last.
 */
export function auditLinkCtes(e: AuditLink, gate: RawBuilder<unknown> = sql`true`): RawBuilder<unknown> {
  return sql`audit_next AS (
    UPDATE audit_head SET prev_hash = hash, seq = seq + 1,
      hash = encode(sha256(convert_to(hash || ${`\n${e.hashPrefix}`}::text || (seq + 1)::text || ${e.hashSuffix}::text, 'UTF8')), 'hex')
    WHERE id = 1 AND ${gate}
    RETURNING seq, hash, prev_hash
  ), audit_new AS (
    INSERT INTO audit_log (seq, occurred_at, actor_user_id, actor_label, unit_id, ip, request_id, action, target_type, target_id, details, prev_hash, hash)
    SELECT seq, ${e.occurredAt}::timestamptz, ${e.actorUserId}::bigint, ${e.actorLabel}::text, ${e.unitId}::bigint, ${e.ip}::text, ${e.requestId}::text,
      ${e.action}::text, ${e.targetType}::text, ${e.targetId}::text, ${JSON.stringify(e.details ?? {})}::jsonb, prev_hash, hash
    FROM audit_next
    RETURNING seq
  )`;
}

/**
 * A CTE `audit_new` for a WITH list that queues the entry in audit_pending (when `gate` holds): no lock now; the
 * deferred trigger of migration 0006 links it into the chain at COMMIT, inside the server, so the head's lock lasts
 * only as long as the commit itself however many round trips the transaction still makes. Same chain, same hash as
 * auditLinkCtes.
 */
export function auditAtCommitCte(e: AuditLink, gate: RawBuilder<unknown> = sql`true`): RawBuilder<unknown> {
  return sql`audit_new AS (
    INSERT INTO audit_pending (occurred_at, actor_user_id, actor_label, unit_id, ip, request_id, action, target_type, target_id, details, hash_prefix, hash_suffix)
    SELECT ${e.occurredAt}::timestamptz, ${e.actorUserId}::bigint, ${e.actorLabel}::text, ${e.unitId}::bigint, ${e.ip}::text, ${e.requestId}::text,
      ${e.action}::text, ${e.targetType}::text, ${e.targetId}::text, ${JSON.stringify(e.details ?? {})}::jsonb, ${e.hashPrefix}::text, ${e.hashSuffix}::text
    WHERE ${gate}
    RETURNING id
  )`;
}

/** Queues one entry for linking at commit (see auditAtCommitCte), in one statement. */
export async function queueAuditLink(db: Db, e: AuditLink): Promise<void> {
  await sql`WITH ${auditAtCommitCte(e)} SELECT 1 FROM audit_new`.execute(db);
}

/** Appends one link in one statement (one round trip); returns its seq. */
export async function appendAuditLink(db: Db, e: AuditLink): Promise<number> {
  const r = await sql<{ seq: number }>`WITH ${auditLinkCtes(e)} SELECT seq FROM audit_new`.execute(db);
  return Number(r.rows[0]!.seq);
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
  /** Only entries within these units (see listAudit); undefined = every entry. */
  unitIds?: number[];
  beforeSeq?: number;
  limit: number;
}

export async function listAudit(db: Db, f: AuditFilter): Promise<StoredAuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.targetType) q = q.where('target_type', '=', f.targetType);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.actorUserId !== undefined) q = q.where('actor_user_id', '=', f.actorUserId);
  if (f.unitIds) {
    // Entries about these units, and unit-less entries (sign-ins, tokens) by staff who work in them.
    const ids = f.unitIds.length ? f.unitIds : [-1];
    q = q.where((eb) =>
      eb.or([
        eb('unit_id', 'in', ids),
        eb.and([eb('unit_id', 'is', null), eb('actor_user_id', 'in', eb.selectFrom('memberships').select('user_id').where('unit_id', 'in', ids))]),
      ]),
    );
  }
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
