// Issue 10 part B items 4-6 through the API: approval only at the approval step, finish only from the last
// processing step (the result then enters the final desk step by itself), a "Duyệt và ký thay" delegate finishing
// at the approval step, refusals as 409 with the reason in Vietnamese and English and nothing written, and the
// working-time scores per unit in the dossier's state.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDelegation, userActor } from '../../src/app/dossiers/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';
import { fullChecklist } from '../support/dossiers.js';

let t: TestApp;
const cookies: Record<string, string> = {};
const LAWYER = '1.002099'; // Sở Tư pháp through the provincial centre
const APPLICANT = { kind: 'citizen', fullName: 'Trần Minh Quân', idNumber: '036195012399', phone: '0913 555 828', address: 'Số 11 đường Trần Phú' };

let ipSeq = 0;
async function call(method: 'GET' | 'POST', url: string, as: string, payload?: unknown) {
  const headers: Record<string, string> = { cookie: (cookies[as] ??= await t.loginAs(as)) };
  ipSeq++;
  return t.app.inject({ method, url, headers, payload: payload as never, remoteAddress: `10.78.${Math.floor(ipSeq / 250)}.${ipSeq % 250}` });
}
const actionsOf = async (id: number) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier_actions WHERE dossier_id = ${id}`.execute(t.ctx.db)).rows[0]!.n;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.drop();
});

interface View {
  id: number;
  code: string;
  version: number;
  pinned: { steps: { index: number; role: string; unitId: number }[]; interAgencyDispatch: string };
  state: Record<string, any>;
}

async function receive(key: string): Promise<View> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/dossiers',
    headers: { cookie: (cookies.tiepnhan ??= await t.loginAs('tiepnhan')), 'idempotency-key': key },
    payload: { procedureCode: LAWYER, channel: 'counter', applicant: APPLICANT, documents: await fullChecklist(t.ctx, LAWYER) } as never,
    remoteAddress: '10.79.0.1',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().dossier;
}

async function act(v: View, as: string, type: string, payload: Record<string, unknown> = {}) {
  const r = await call('POST', `/api/v1/dossiers/${v.id}/actions`, as, { type, payload, expectedVersion: v.version });
  return r;
}
async function ok(v: View, as: string, type: string, payload: Record<string, unknown> = {}): Promise<View> {
  const r = await act(v, as, type, payload);
  expect(r.statusCode, `${type} by ${as}: ${r.body}`).toBe(200);
  return r.json();
}
async function refused(v: View, as: string, type: string, payload: Record<string, unknown>, status: number, en: RegExp) {
  const before = await actionsOf(v.id);
  const r = await act(v, as, type, payload);
  expect(r.statusCode, r.body).toBe(status);
  const e = r.json().error;
  expect(e.message.vi).toEqual(expect.any(String));
  expect(e.message.en).toMatch(en);
  expect(await actionsOf(v.id)).toBe(before);
}

describe(`process compliance over HTTP on ${engine}`, () => {
  it('approves only at the approval step, finishes only from the last processing step, then the result is at the final desk step', async () => {
    let v = await receive('compliance-1');
    const steps = v.pinned.steps;
    const approval = steps.map((s) => s.role).lastIndexOf('leader');
    const final = steps[steps.length - 1]!.role === 'desk' ? steps.length - 1 : null;
    expect(approval).toBeGreaterThan(0);
    const chuyenvien = await userActor(t.ctx, 'chuyenvien');
    v = await ok(v, 'tiepnhan', 'forward', { toStepIndex: 1, assigneeId: chuyenvien.userId });
    // Walk to the approval step; on the way, approval and finishing are refused.
    while (v.state.currentStepIndex < approval) {
      const i = v.state.currentStepIndex as number;
      const holder = steps[i]!.role === 'leader' ? 'lanhdao' : 'chuyenvien';
      await refused(v, 'lanhdao', 'approve', {}, 409, /approval step/);
      await refused(v, holder, 'finish', {}, 409, /last processing step/);
      v = await ok(v, holder, 'forward', { toStepIndex: i + 1 });
    }
    if (final !== null && final === approval + 1) await refused(v, 'lanhdao', 'forward', { toStepIndex: final }, 409, /finish instead/);
    v = await ok(v, 'lanhdao', 'approve');
    v = await ok(v, 'lanhdao', 'sign', { documentNumber: '15/QĐ-STP' });
    v = await ok(v, 'lanhdao', 'finish');
    expect(v.state.phase).toBe('finished');
    if (final !== null) {
      expect(v.state.currentStepIndex).toBe(final);
      const last = v.state.steps[v.state.steps.length - 1];
      expect(last).toMatchObject({ stepIndex: final, receivedAt: v.state.finishedAt, handedOverAt: null, outcome: null, score: null });
    }
    // Finished within minutes: working time was left, for the dossier and for every unit.
    expect(v.state.scores).toEqual({ indicator1: 2, indicator2: 2 });
    expect(v.state.unitScores.length).toBeGreaterThan(0);
    expect(v.state.unitScores.every((u: { late: boolean; score: number }) => !u.late && u.score === 2)).toBe(true);
    v = await ok(v, 'tiepnhan', 'return_result', { method: 'counter' });
    if (final !== null) expect(v.state.steps[v.state.steps.length - 1]).toMatchObject({ handedOverHow: 'return' });
  });

  it('lets a "Duyệt và ký thay" delegate approve, sign and finish at the approval step', async () => {
    let v = await receive('compliance-2');
    const steps = v.pinned.steps;
    const approval = steps.map((s) => s.role).lastIndexOf('leader');
    const chuyenvien = await userActor(t.ctx, 'chuyenvien');
    const lanhdao = await userActor(t.ctx, 'lanhdao');
    await createDelegation(t.ctx, lanhdao, {
      toUserId: chuyenvien.userId,
      unitId: steps[approval]!.unitId,
      scope: 'approve_and_sign',
      procedureCodes: [LAWYER],
      validFrom: new Date(t.ctx.clock().getTime() - 3_600_000),
      validTo: new Date(t.ctx.clock().getTime() + 7 * 86_400_000),
    });
    v = await ok(v, 'tiepnhan', 'forward', { toStepIndex: 1, assigneeId: chuyenvien.userId });
    while (v.state.currentStepIndex < approval) {
      const i = v.state.currentStepIndex as number;
      v = await ok(v, steps[i]!.role === 'leader' ? 'lanhdao' : 'chuyenvien', 'forward', { toStepIndex: i + 1 });
    }
    v = await ok(v, 'chuyenvien', 'approve');
    v = await ok(v, 'chuyenvien', 'sign', { documentNumber: '16/QĐ-STP' });
    v = await ok(v, 'chuyenvien', 'finish');
    expect(v.state.phase).toBe('finished');
    const acts = v.state.timeline.filter((x: { delegation: unknown }) => x.delegation).map((x: { type: string }) => x.type);
    expect(acts).toEqual(['approve', 'sign', 'finish']);
  });
});
