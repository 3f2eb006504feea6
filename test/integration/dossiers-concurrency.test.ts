// Dossiers under concurrency and failure: idempotent receptions, codes drawn by many desks at once, two actions
// racing on one dossier, a crash inside the reception's transaction, and the checks on uploaded files.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../../src/app/actor.js';
import { systemActor } from '../../src/app/actor.js';
import {
  act,
  getDossier,
  readFile,
  receiveAtDesk,
  saveFile,
  setDossierCodeGenerator,
  userActor,
  verifyProjections,
  type DocumentInput,
} from '../../src/app/dossiers/index.js';
import { storedFilePath } from '../../src/app/dossiers/files.js';
import { appendAudit, appendAuditAtCommit, verifyAuditChain } from '../../src/app/audit.js';
import { seedDemo } from '../../src/seed/seed.js';
import { createStaffUser } from '../../src/app/users.js';
import { parseDossierCode, standardDossierCodes } from '../../src/domain/dossier/index.js';
import { AppError } from '../../src/domain/errors.js';
import { createTestDb, engine, type TestDb } from '../support/db.js';

let t: TestDb;
let uploads: string;
const A: Record<string, UserActor> = {};
const LAWYER = '1.002099';
let docs: DocumentInput[];

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the call to be refused');
}

const n = async (q: string) => (await sql<{ n: number }>`${sql.raw(q)}`.execute(t.ctx.db)).rows[0]!.n;
const applicant = (i: number) => ({ kind: 'citizen' as const, fullName: `Trần Thị Đồng Thời ${i}`, idNumber: `0361950${String(10000 + i)}`, phone: `09140${String(10000 + i)}` });
const receive = (actor: UserActor, key: string, i = 1, code = LAWYER) =>
  receiveAtDesk(t.ctx, actor, { procedureCode: code, channel: 'counter', applicant: applicant(i), documents: docs, idempotencyKey: key });
const sequenceOf = (code: string | null) => parseDossierCode(code!)!.sequence;

beforeAll(async () => {
  uploads = mkdtempSync(join(tmpdir(), 'motcua-uploads-'));
  t = await createTestDb({ uploadDir: uploads });
  await seedDemo(t.ctx);
  const centre = await t.ctx.db.selectFrom('units').select('id').where('code', '=', '000.00.31.H99').executeTakeFirstOrThrow();
  await createStaffUser(t.ctx, systemActor('test'), { username: 'tiepnhan2', fullName: 'Cán bộ tiếp nhận thứ hai', password: 'MotCua@2026x', memberships: [{ unitId: centre.id, role: 'desk', title: null }] });
  for (const u of ['tiepnhan', 'tiepnhan2', 'chuyenvien', 'lanhdao', 'congdan', 'doanhnghiep']) A[u] = await userActor(t.ctx, u);
  const v = await t.ctx.db
    .selectFrom('procedures as p')
    .innerJoin('procedure_versions as v', 'v.id', 'p.current_version_id')
    .select('v.body')
    .where('p.code', '=', LAWYER)
    .executeTakeFirstOrThrow();
  docs = (v.body as unknown as { documents: { name: string }[] }).documents.map((d) => ({ name: d.name, provided: true }));
  t.clock.now = new Date('2026-11-24T02:00:00Z'); // Tue 24 Nov 09:00: no demo reception that day
});
afterAll(async () => {
  await t?.drop();
  rmSync(uploads, { recursive: true, force: true });
});

describe(`idempotent reception on ${engine}`, () => {
  it('returns the first dossier for a retried key: one row, one code, no gap after it', async () => {
    const before = await n('SELECT count(*)::int AS n FROM dossiers');
    const first = await receive(A.tiepnhan!, 'idem-1');
    const again = await receive(A.tiepnhan!, 'idem-1');
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect([again.dossier.id, again.dossier.code]).toEqual([first.dossier.id, first.dossier.code]);
    expect(await n('SELECT count(*)::int AS n FROM dossiers')).toBe(before + 1);
    const next = await receive(A.tiepnhan!, 'idem-2', 2);
    expect(sequenceOf(next.dossier.code)).toBe(sequenceOf(first.dossier.code) + 1);
    // The key belongs to the user: another desk may use the same string.
    const other = await receive(A.tiepnhan2!, 'idem-1', 3);
    expect(other.created).toBe(true);
    expect(other.dossier.id).not.toBe(first.dossier.id);
  });

  it('creates one dossier when the same key arrives three times at once', async () => {
    const before = await n('SELECT count(*)::int AS n FROM dossiers');
    const results = await Promise.all([1, 2, 3].map(() => receive(A.tiepnhan!, 'idem-concurrent')));
    expect(new Set(results.map((r) => r.dossier.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await n('SELECT count(*)::int AS n FROM dossiers')).toBe(before + 1);
  });

  it('refuses a key reused for another procedure or another body (422), never answering with the first dossier', async () => {
    const e = await refusal(receive(A.tiepnhan!, 'idem-1', 1, '1.002153'));
    expect([e.kind, e.code, e.fields.map((f) => f.path)]).toEqual(['unprocessable', 'idempotency_key_reused', ['idempotencyKey']]);
    const other = await refusal(receive(A.tiepnhan!, 'idem-1', 2));
    expect([e.kind, e.code]).toEqual([other.kind, other.code]);
  });
});

describe(`dossier codes under concurrency on ${engine}`, () => {
  it('gives 20 receptions at two desks at the same moment 20 distinct consecutive codes', async () => {
    const desks = [A.tiepnhan!, A.tiepnhan2!];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => receive(desks[i % 2]!, `burst-${i}`, 100 + i)));
    const codes = results.map((r) => r.dossier.code!);
    expect(new Set(codes).size).toBe(20);
    for (const c of codes) expect(c).toMatch(/^000\.00\.31\.H99-261124-\d{4}$/);
    const seqs = codes.map(sequenceOf).sort((a, b) => a - b);
    expect(seqs[19]! - seqs[0]!).toBe(19);
    const books = results.map((r) => r.dossier.state.trackingBookNumber!);
    expect(new Set(books).size).toBe(20);
    const counter = await t.ctx.db.selectFrom('dossier_code_counters').select('last').where('sequence_key', '=', '000.00.31.H99-261124').executeTakeFirstOrThrow();
    expect(counter.last).toBe(seqs[19]);
  });

  it('leaves no half-dossier and no gap when the reception fails inside its transaction', async () => {
    const counter = async () => (await t.ctx.db.selectFrom('dossier_code_counters').select('last').where('sequence_key', '=', '000.00.31.H99-261124').executeTakeFirstOrThrow()).last;
    const before = [await n('SELECT count(*)::int AS n FROM dossiers'), await n('SELECT count(*)::int AS n FROM dossier_actions'), await n('SELECT count(*)::int AS n FROM audit_log'), await counter()];
    let calls = 0;
    setDossierCodeGenerator(t.ctx, {
      ...standardDossierCodes,
      format: (r) => {
        // The first call checks the action before any number is drawn; the second runs inside the transaction.
        if (++calls === 2) throw new Error('simulated crash after the counter was incremented');
        return standardDossierCodes.format(r);
      },
    });
    try {
      await expect(receive(A.tiepnhan!, 'crash-1')).rejects.toThrow('simulated crash');
    } finally {
      setDossierCodeGenerator(t.ctx, standardDossierCodes);
    }
    expect([await n('SELECT count(*)::int AS n FROM dossiers'), await n('SELECT count(*)::int AS n FROM dossier_actions'), await n('SELECT count(*)::int AS n FROM audit_log'), await counter()]).toEqual(before);
    const next = await receive(A.tiepnhan!, 'crash-1');
    expect(sequenceOf(next.dossier.code)).toBe(before[3]! + 1);
  });
});

describe(`two actions racing on one dossier on ${engine}`, () => {
  it('lets exactly one of two writers with the same expected version through', async () => {
    const d = (await receive(A.tiepnhan!, 'race-1', 7)).dossier;
    const auditBefore = await n('SELECT count(*)::int AS n FROM audit_log');
    const results = await Promise.allSettled([
      act(t.ctx, A.tiepnhan!, d.id, { type: 'forward', payload: { toStepIndex: 1 }, expectedVersion: 1 }),
      act(t.ctx, A.tiepnhan2!, d.id, { type: 'forward', payload: { toStepIndex: 1, assigneeId: A.chuyenvien!.userId }, expectedVersion: 1 }),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.reason).toBeInstanceOf(AppError);
    expect([(failed[0]!.reason as AppError).kind, (failed[0]!.reason as AppError).code]).toEqual(['conflict', 'stale_version']);
    const rows = await t.ctx.db.selectFrom('dossier_actions').select(['seq', 'type']).where('dossier_id', '=', d.id).orderBy('seq').execute();
    expect(rows).toEqual([
      { seq: 1, type: 'receive' },
      { seq: 2, type: 'forward' },
    ]);
    expect(await n('SELECT count(*)::int AS n FROM audit_log')).toBe(auditBefore + 1);
    expect((await getDossier(t.ctx, A.tiepnhan!, d.id)).version).toBe(2);
  });

  it('settles races of different actions and many writers the same way', async () => {
    const d = (await receive(A.tiepnhan!, 'race-2', 8)).dossier;
    const results = await Promise.allSettled([
      act(t.ctx, A.tiepnhan!, d.id, { type: 'forward', payload: { toStepIndex: 1 }, expectedVersion: 1 }),
      act(t.ctx, A.lanhdao!, d.id, { type: 'stop', payload: { reason: 'Dừng', ground: 'authority_request', documentReference: '7/CV-CA' }, expectedVersion: 1 }),
      act(t.ctx, A.tiepnhan2!, d.id, { type: 'request_withdrawal', payload: { reason: 'Công dân xin rút' }, expectedVersion: 1 }),
      act(t.ctx, A.tiepnhan!, d.id, { type: 'forward', payload: { toStepIndex: 1 }, expectedVersion: 1 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as AppError).code).toBe('stale_version');
    expect(await n(`SELECT count(*)::int AS n FROM dossier_actions WHERE dossier_id = ${d.id}`)).toBe(2);
    expect((await verifyProjections(t.ctx)).mismatches).toEqual([]);
  });
});

describe(`the audit chain under concurrent writers on ${engine}`, () => {
  const pending = () => n('SELECT count(*)::int AS n FROM audit_pending');

  it('links the entries of concurrent receptions and actions into one unbroken chain as they commit', async () => {
    const before = await verifyAuditChain(t.ctx);
    expect(before.ok).toBe(true);
    const desks = [A.tiepnhan!, A.tiepnhan2!];
    const received = (await Promise.all(Array.from({ length: 16 }, (_, i) => receive(desks[i % 2]!, `chain-${i}`, 300 + i)))).map((r) => r.dossier);
    await Promise.all(received.map((d, i) => act(t.ctx, desks[i % 2]!, d.id, { type: 'forward', payload: { toStepIndex: 1 }, expectedVersion: d.version })));
    const after = await verifyAuditChain(t.ctx);
    expect(after).toMatchObject({ ok: true, entries: before.entries + 32, headSeq: before.headSeq + 32 });
    expect(await pending()).toBe(0);
    const rows = await t.ctx.db
      .selectFrom('audit_log')
      .select(['target_id', 'action', 'actor_label', 'details'])
      .where('target_type', '=', 'dossier')
      .where('seq', '>', before.headSeq)
      .orderBy('seq')
      .execute();
    for (const [i, d] of received.entries()) {
      const mine = rows.filter((r) => r.target_id === String(d.id));
      expect(mine.map((r) => r.action)).toEqual(['dossier.receive', 'dossier.forward']);
      expect(mine.every((r) => r.actor_label === desks[i % 2]!.username)).toBe(true);
      expect(mine[0]!.details).toMatchObject({ code: d.code, seq: 1 });
    }
  });

  it('hashes in the database exactly as the verifier does, now or at commit, and links nothing that rolled back', async () => {
    const before = await verifyAuditChain(t.ctx);
    const details = { zeta: 'Đăng ký khai sinh “có yếu tố nước ngoài”', alpha: [3, { b: null, a: 'ư' }], seq: 'not the entry seq', nested: { 'khóa có dấu': 1.5 } };
    const sys = systemActor('chain-test');
    await t.ctx.db.transaction().execute(async (trx) => {
      await appendAuditAtCommit(trx, sys, new Date('2026-11-24T02:00:00.123Z'), { action: 'test.later', targetType: 'test', targetId: 'x', details });
      await appendAudit(trx, sys, new Date('2026-11-24T02:00:01Z'), { action: 'test.now', targetType: 'test', targetId: 7, unitId: null, details });
      expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_pending`.execute(trx)).rows[0]!.n).toBe(1);
    });
    await expect(
      t.ctx.db.transaction().execute(async (trx) => {
        await appendAuditAtCommit(trx, sys, new Date(), { action: 'test.rolled_back', targetType: 'test', targetId: 'y' });
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    // Many short transactions at once, each queuing one entry.
    await Promise.all(Array.from({ length: 12 }, (_, i) => t.ctx.db.transaction().execute((trx) => appendAuditAtCommit(trx, sys, new Date(), { action: 'test.burst', targetType: 'test', targetId: i, details }))));
    const after = await verifyAuditChain(t.ctx);
    expect(after).toMatchObject({ ok: true, entries: before.entries + 14 });
    expect(await pending()).toBe(0);
    const mine = await t.ctx.db.selectFrom('audit_log').select(['action', 'details']).where('seq', '>', before.headSeq).orderBy('seq').execute();
    // Within a transaction the immediate entry comes first; the queued one is linked at commit.
    expect(mine.slice(0, 2).map((r) => r.action)).toEqual(['test.now', 'test.later']);
    expect(mine.map((r) => r.action)).not.toContain('test.rolled_back');
    expect(mine[1]!.details).toEqual(details);
  });
});

describe(`uploaded files on ${engine}`, () => {
  const pdf = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n'));
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const exe = new Uint8Array(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]));

  it('refuses a program renamed .pdf, a file too large, an empty file and a lying type; stores nothing for them', async () => {
    const before = await n('SELECT count(*)::int AS n FROM stored_files');
    let e = await refusal(saveFile(t.ctx, A.congdan!, { name: 'to-khai.pdf', bytes: exe, declaredType: 'application/pdf' }));
    expect([e.kind, e.code, e.fields[0]!.path]).toEqual(['invalid', 'file_type_not_allowed', 'file']);
    const max = t.ctx.config.uploadMaxBytes;
    expect(max).toBe(10 * 1024 * 1024);
    e = await refusal(saveFile(t.ctx, A.congdan!, { name: 'big.pdf', bytes: new Uint8Array(Buffer.concat([Buffer.from(pdf), Buffer.alloc(max)])) }));
    expect(e.code).toBe('file_too_large');
    e = await refusal(saveFile(t.ctx, A.congdan!, { name: 'empty.pdf', bytes: new Uint8Array(0) }));
    expect(e.code).toBe('empty_file');
    e = await refusal(saveFile(t.ctx, A.congdan!, { name: 'anh.pdf', bytes: png, declaredType: 'application/pdf' }));
    expect(e.code).toBe('file_type_mismatch');
    e = await refusal(saveFile(t.ctx, { kind: 'anonymous', ip: null, requestId: null }, { name: 'x.pdf', bytes: pdf }));
    expect(e.kind).toBe('unauthenticated');
    expect(await n('SELECT count(*)::int AS n FROM stored_files')).toBe(before);
  });

  it('stores accepted files outside the project under the upload directory, with their SHA-256, readable by their owner', async () => {
    const f = await saveFile(t.ctx, A.congdan!, { name: '../../etc/ảnh CCCD.png', bytes: png, declaredType: 'image/png' });
    expect(f).toMatchObject({ name: 'ảnh CCCD.png', mediaType: 'image/png', sizeBytes: png.length });
    expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    const row = await t.ctx.db.selectFrom('stored_files').selectAll().where('id', '=', f.id).executeTakeFirstOrThrow();
    const path = storedFilePath(t.ctx, row.storage_key);
    expect(path.startsWith(resolve(uploads))).toBe(true);
    expect(readdirSync(join(path, '..'))).toContain(f.id);
    const back = await readFile(t.ctx, A.congdan!, f.id);
    expect(Buffer.from(back.data).equals(Buffer.from(png))).toBe(true);
    expect((await refusal(readFile(t.ctx, A.doanhnghiep!, f.id))).kind).toBe('not_found');
    expect((await refusal(readFile(t.ctx, A.tiepnhan!, f.id))).kind).toBe('forbidden');
    // A file altered on disk is detected.
    writeFileSync(path, Buffer.concat([Buffer.from(png), Buffer.from('x')]));
    expect((await refusal(readFile(t.ctx, A.congdan!, f.id))).code).toBe('file_corrupted');
  });

  it('accepts JPEG and PDF by their signatures', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
    expect((await saveFile(t.ctx, A.tiepnhan!, { name: 'scan.jpg', bytes: jpeg, declaredType: 'image/jpg' })).mediaType).toBe('image/jpeg');
    expect((await saveFile(t.ctx, A.tiepnhan!, { name: 'scan', bytes: pdf })).mediaType).toBe('application/pdf');
  });
});
