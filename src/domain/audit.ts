// The audit chain: each entry's hash covers its content and the previous entry's hash, so changing or
// removing any entry breaks every later link.
import { createHash } from 'node:crypto';

export interface AuditContent {
  seq: number;
  occurredAt: string; // ISO instant, UTC
  actorUserId: number | null;
  actorLabel: string;
  unitId: number | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  details: unknown;
}

/** JSON with object keys sorted, so the same content always hashes the same whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

export interface ChainBreak {
  seq: number;
  reason: 'hash_mismatch' | 'prev_mismatch' | 'gap' | 'head_mismatch';
}

export interface StoredAuditEntry extends AuditContent {
  prevHash: string;
  hash: string;
}

/** Checks one ordered run of entries that follows `prevHash`/`prevSeq`. Returns the first break, if any. */
export function verifyRun(
  entries: readonly StoredAuditEntry[],
  prev: { seq: number; hash: string },
): { ok: true; last: { seq: number; hash: string } } | { ok: false; break: ChainBreak } {
  let last = prev;
  for (const e of entries) {
    if (e.seq !== last.seq + 1) return { ok: false, break: { seq: e.seq, reason: 'gap' } };
    if (e.prevHash !== last.hash) return { ok: false, break: { seq: e.seq, reason: 'prev_mismatch' } };
    const { prevHash: _p, hash, ...content } = e;
    if (auditHash(last.hash, content) !== hash) return { ok: false, break: { seq: e.seq, reason: 'hash_mismatch' } };
    last = { seq: e.seq, hash };
  }
  return { ok: true, last };
}
