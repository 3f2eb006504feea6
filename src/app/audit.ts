import type { Kysely, Transaction } from 'kysely';
import { auditHash, verifyRun, type AuditContent, type ChainBreak } from '../domain/audit.js';
import type { Database } from '../store/schema.js';
import { insertAuditEntry, listAudit, lockAuditHead, readAuditHead, readAuditRange } from '../store/audit.js';
import { actorLabel, type Actor } from './actor.js';
import type { AppContext } from './context.js';

export interface AuditInput {
  action: string;
  targetType: string;
  targetId: string | number | null;
  unitId?: number | null;
  details?: Record<string, unknown>;
}

/**
 * Appends one link to the audit chain inside the caller's transaction, so the record and its audit entry
 * commit or roll back together. Call it last in the transaction: it holds the chain head lock until commit.
 */
export async function appendAudit(trx: Transaction<Database> | Kysely<Database>, actor: Actor, now: Date, input: AuditInput): Promise<number> {
  const head = await lockAuditHead(trx);
  const content: AuditContent = {
    seq: head.seq + 1,
    occurredAt: now.toISOString(),
    actorUserId: actor.kind === 'user' ? actor.userId : null,
    actorLabel: actorLabel(actor),
    unitId: input.unitId ?? null,
    ip: actor.ip,
    requestId: actor.requestId,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId === null ? null : String(input.targetId),
    // Round-trip through JSON so what is hashed is exactly what jsonb stores and gives back.
    details: JSON.parse(JSON.stringify(input.details ?? {})),
  };
  const hash = auditHash(head.hash, content);
  await insertAuditEntry(trx, { ...content, prevHash: head.hash, hash });
  return content.seq;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  headSeq: number;
  break?: ChainBreak;
}

export async function verifyAuditChain(ctx: AppContext, batch = 5000): Promise<VerifyResult> {
  const head = await readAuditHead(ctx.db);
  let last = { seq: 0, hash: 'genesis' };
  let count = 0;
  for (;;) {
    const rows = await readAuditRange(ctx.db, last.seq, batch);
    if (rows.length === 0) break;
    const r = verifyRun(rows, last);
    if (!r.ok) return { ok: false, entries: count, headSeq: head.seq, break: r.break };
    count += rows.length;
    last = r.last;
  }
  // Removing the newest entries leaves a valid shorter chain: the head row is what catches that.
  if (last.seq !== head.seq || last.hash !== head.hash)
    return { ok: false, entries: count, headSeq: head.seq, break: { seq: last.seq + 1, reason: 'head_mismatch' } };
  return { ok: true, entries: count, headSeq: head.seq };
}

export async function recentAudit(ctx: AppContext, f: { targetType?: string; targetId?: string; beforeSeq?: number; limit?: number }) {
  return listAudit(ctx.db, { ...f, limit: Math.min(f.limit ?? 50, 500) });
}
