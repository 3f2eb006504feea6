import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAgencyCode, normaliseAgencyCode, parseAgencyCode } from '../../src/domain/agency-code.js';
import { auditHash, canonicalJson, verifyRun, type StoredAuditEntry } from '../../src/domain/audit.js';
import { idNumberProblem, passwordProblem, usernameProblem } from '../../src/domain/identity.js';
import { ancestorsOf, hasRoleOver, wouldCreateCycle } from '../../src/domain/org.js';
import { backoffMs } from '../../src/app/jobs.js';

describe('agency codes (QCVN 102:2016)', () => {
  it('parses levels right to left', () => {
    expect(parseAgencyCode('000.00.14.H53')).toEqual({ level1: 'H53', level2: '14', level3: '00', level4: '000' });
    expect(isAgencyCode('000.00.12.H29')).toBe(true);
    expect(isAgencyCode('G09.20')).toBe(false);
    expect(isAgencyCode('000.00.12.h29')).toBe(false);
    expect(isAgencyCode('000.0.12.H29')).toBe(false);
  });
  it('accepts the short form without the leading 000. on input and emits the full form', () => {
    expect(normaliseAgencyCode('00.12.H29')).toBe('000.00.12.H29');
    expect(normaliseAgencyCode(' 000.00.12.h29 ')).toBe('000.00.12.H29');
    expect(normaliseAgencyCode('12.H29')).toBeNull();
  });
  it('accepts every well-formed code in the shared reference data', async () => {
    const { readFile } = await import('node:fs/promises');
    const path = new URL('../../../shared/data/agency-codes-2020.json', import.meta.url);
    let rows: { code: string }[];
    try {
      rows = JSON.parse(await readFile(path, 'utf8'));
    } catch {
      return; // shared/ is absent outside the workplace
    }
    const ok = rows.filter((r) => isAgencyCode(r.code));
    expect(ok.length).toBe(453);
    expect(rows.filter((r) => !isAgencyCode(r.code)).map((r) => r.code)).toEqual([expect.stringMatching(/^\d{3}\.\d{4}\.H\d{2}$/)]);
  });
});

describe('unit tree', () => {
  const tree = new Map<number, number | null>([
    [1, null],
    [2, 1],
    [3, 2],
    [4, 1],
  ]);
  it('detects cycles, including self-parenting', () => {
    expect(wouldCreateCycle(2, 3, tree)).toBe(true);
    expect(wouldCreateCycle(2, 2, tree)).toBe(true);
    expect(wouldCreateCycle(3, 4, tree)).toBe(false);
    expect(ancestorsOf(3, tree)).toEqual([3, 2, 1]);
  });
  it('jurisdiction covers a unit and its descendants, not its siblings or parents', () => {
    const ms = [{ unitId: 2, role: 'admin' as const }];
    expect(hasRoleOver(ms, ['admin'], 3, tree)).toBe(true);
    expect(hasRoleOver(ms, ['admin'], 2, tree)).toBe(true);
    expect(hasRoleOver(ms, ['admin'], 4, tree)).toBe(false);
    expect(hasRoleOver(ms, ['admin'], 1, tree)).toBe(false);
    expect(hasRoleOver(ms, ['leader'], 3, tree)).toBe(false);
  });
  it('never reports a cycle for a move under a unit outside the subtree (property)', () => {
    // Random forests: parent index always smaller, so the input has no cycles.
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 2, maxLength: 30 }), fc.nat(), fc.nat(), (seeds, a, b) => {
        const parents = new Map<number, number | null>();
        seeds.forEach((s, i) => parents.set(i, i === 0 ? null : s % i));
        const unit = a % seeds.length;
        const target = b % seeds.length;
        const targetInSubtree = ancestorsOf(target, parents).includes(unit);
        return wouldCreateCycle(unit, target, parents) === targetInSubtree;
      }),
    );
  });
});

describe('audit chain', () => {
  const content = (seq: number, details: unknown = { a: 1 }) => ({
    seq,
    occurredAt: '2026-11-23T02:00:00.000Z',
    actorUserId: 1,
    actorLabel: 'quantri',
    unitId: null,
    ip: '127.0.0.1',
    requestId: 'r',
    action: 'unit.update',
    targetType: 'unit',
    targetId: String(seq),
    details,
  });
  const chain = (n: number): StoredAuditEntry[] => {
    const out: StoredAuditEntry[] = [];
    let prev = 'genesis';
    for (let i = 1; i <= n; i++) {
      const c = content(i, { i, nested: { z: 1, a: [1, 2] } });
      const hash = auditHash(prev, c);
      out.push({ ...c, prevHash: prev, hash });
      prev = hash;
    }
    return out;
  };
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { y: 1, x: 2 }] } })).toBe('{"a":{"c":[3,{"x":2,"y":1}],"d":2},"b":1}');
  });
  it('verifies an intact chain and finds any single change (property)', () => {
    const entries = chain(20);
    expect(verifyRun(entries, { seq: 0, hash: 'genesis' }).ok).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 19 }), fc.string({ minLength: 1 }), (i, forged) => {
        const copy = entries.map((e) => ({ ...e }));
        copy[i] = { ...copy[i]!, actorLabel: copy[i]!.actorLabel + forged };
        const r = verifyRun(copy, { seq: 0, hash: 'genesis' });
        return !r.ok && r.break.seq === i + 1;
      }),
    );
    const gap = entries.filter((e) => e.seq !== 7);
    expect(verifyRun(gap, { seq: 0, hash: 'genesis' })).toMatchObject({ ok: false, break: { seq: 8, reason: 'gap' } });
  });
});

describe('identity rules', () => {
  it('validates usernames, passwords and personal ID numbers', () => {
    expect(usernameProblem('tiepnhan.stp')).toBeNull();
    expect(usernameProblem('Bad Name')).not.toBeNull();
    expect(passwordProblem('MotCua@2026')).toBeNull();
    expect(passwordProblem('short1')).not.toBeNull();
    expect(passwordProblem('onlyletterslong')).not.toBeNull();
    expect(idNumberProblem('001090012345')).toBeNull();
    expect(idNumberProblem('00109001234')?.en).toMatch(/12 digits/);
    expect(idNumberProblem('999090012345')?.en).toMatch(/province/);
  });
});

describe('job back-off', () => {
  it('grows exponentially and is capped at an hour (property)', () => {
    expect(backoffMs(1)).toBe(30_000);
    expect(backoffMs(2)).toBe(60_000);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (n, j) => {
        const a = backoffMs(n, j);
        return a >= backoffMs(n) && a <= 3_600_000 * 1.25 && backoffMs(n + 1) >= backoffMs(n);
      }),
    );
  });
});
