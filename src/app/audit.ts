import type { Kysely, Transaction } from 'kysely';
import { randomBytes } from 'node:crypto';
import { canonicalJson, verifyRun, type AuditContent, type ChainBreak } from '../domain/audit.js';
import type { Database } from '../store/schema.js';
import { appendAuditLink, listAudit, queueAuditLink, readAuditHead, readAuditRange, type AuditLink } from '../store/audit.js';
import { forbidden } from '../domain/errors.js';
import type { Role } from '../domain/org.js';
import { actorLabel, requireStaff, type Actor, type UserActor } from './actor.js';
import { isProvinceWide, jurisdiction } from './authz.js';
import type { AppContext } from './context.js';

export interface AuditInput {
  action: string;
  targetType: string;
  targetId: string | number | null;
  unitId?: number | null;
  details?: Record<string, unknown>;
}

// Stands for `seq` while the canonical JSON is split around it: random, so no detail can contain it.
const SEQ_MARKER = `seq-${randomBytes(16).toString('hex')}`;
const SEQ_TOKEN = `"seq":${JSON.stringify(SEQ_MARKER)}`;

/**
 * The audit link for an entry, for the caller's transaction: its content, and the canonical JSON that auditHash
 * covers, split where the seq goes (the database fills it in under the head's lock). Use it to carry the audit
 * entry in a use case's own write statement (see auditAtCommitCte); appendAudit writes it alone.
 */
export function auditLinkFor(actor: Actor, now: Date, input: AuditInput): AuditLink {
  const content: Omit<AuditContent, 'seq'> = {
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
  const json = canonicalJson({ ...content, seq: SEQ_MARKER });
  const at = json.indexOf(SEQ_TOKEN);
  return { ...content, hashPrefix: `${json.slice(0, at)}"seq":`, hashSuffix: json.slice(at + SEQ_TOKEN.length) };
}

/**
 * Appends one link to the audit chain inside the caller's transaction, so the record and its audit entry
 * commit or roll back together: one statement that moves the chain head and inserts the entry. Call it last in the
 * transaction: it holds the chain head lock until commit.
 */
export async function appendAudit(trx: Transaction<Database> | Kysely<Database>, actor: Actor, now: Date, input: AuditInput): Promise<number> {
  return appendAuditLink(trx, auditLinkFor(actor, now, input));
}

/**
 * The same link, queued in the caller's transaction and put into the chain by the database when it commits
 * (migration 0006's deferred trigger). Nothing waits on the chain head before the commit, so busy use cases whose
 * transactions make more round trips after their audit entry do not hold every other writer back meanwhile. The seq
 * is known only after commit.
 */
export async function appendAuditAtCommit(trx: Transaction<Database> | Kysely<Database>, actor: Actor, now: Date, input: AuditInput): Promise<void> {
  await queueAuditLink(trx, auditLinkFor(actor, now, input));
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

const AUDIT_READERS: readonly Role[] = ['admin', 'monitor'];

/** Reading the audit log is for administrators and monitors (inspectors). */
export function requireAuditReader(actor: Actor): UserActor {
  const a = requireStaff(actor);
  if (!a.memberships.some((m) => AUDIT_READERS.includes(m.role))) throw forbidden();
  return a;
}

/**
 * The audit log as `actor` may read it, newest first. An administrator or monitor of the province reads every entry;
 * one of a unit below reads the entries about their unit and the units under it, and the unit-less entries (sign-in,
 * API tokens) of staff who work there — scoped like the user list.
 */
export async function auditLogFor(ctx: AppContext, actor: Actor, f: { targetType?: string; targetId?: string; beforeSeq?: number; limit?: number }) {
  const a = requireAuditReader(actor);
  const unitIds = (await isProvinceWide(ctx.db, a, AUDIT_READERS)) ? undefined : await jurisdiction(ctx.db, a, AUDIT_READERS);
  return listAudit(ctx.db, { ...f, unitIds, limit: Math.min(f.limit ?? 50, 500) });
}
