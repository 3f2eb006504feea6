// A procedure's internal process may set how the clock treats a supplement during processing (restart, the
// default of Decree 61/2018, or pause) and the wait for taxes and fees; the dossier pins the policy at reception.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../../src/app/actor.js';
import { getProcedure, setProcess } from '../../src/app/catalogue.js';
import { act, receiveAtDesk, userActor, type DossierView } from '../../src/app/dossiers/index.js';
import { seedDemo } from '../../src/seed/seed.js';
import { formatVnInstant } from '../../src/domain/calendar/index.js';
import { createTestDb, engine, type TestDb } from '../support/db.js';
import { fullChecklist } from '../support/dossiers.js';

let t: TestDb;
const A: Record<string, UserActor> = {};
const LAWYER = '1.002099'; // 5 working days at Sở Tư pháp through the provincial centre
const set = (iso: string) => (t.clock.now = new Date(iso));

const documentsOf = (code: string) => fullChecklist(t.ctx, code);

/** Receives Thu 3 Dec 09:00 (due Thu 10 Dec 09:00), asks for a supplement Fri 09:00, gets it Mon 7 Dec 09:00. */
async function roundTrip(key: string): Promise<DossierView> {
  set('2026-12-03T02:00:00Z');
  let d = (await receiveAtDesk(t.ctx, A.tiepnhan!, { procedureCode: LAWYER, channel: 'counter', applicant: { kind: 'citizen', fullName: 'Lý Văn Hải', idNumber: '036190055555' }, documents: await documentsOf(LAWYER), idempotencyKey: key })).dossier;
  set('2026-12-03T03:00:00Z');
  d = await act(t.ctx, A.tiepnhan!, d.id, { type: 'forward', payload: { toStepIndex: 1, assigneeId: A.chuyenvien!.userId }, expectedVersion: d.version });
  set('2026-12-04T02:00:00Z');
  d = await act(t.ctx, A.chuyenvien!, d.id, { type: 'request_supplement', payload: { items: ['Bản sao chứng chỉ hành nghề'], reason: 'Bản sao không rõ' }, expectedVersion: d.version });
  set('2026-12-07T02:00:00Z');
  return act(t.ctx, A.tiepnhan!, d.id, { type: 'supplement_received', payload: { note: 'Đã nộp bản sao rõ' }, expectedVersion: d.version });
}

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.ctx);
  for (const u of ['quantri', 'tiepnhan', 'chuyenvien']) A[u] = await userActor(t.ctx, u);
});
afterAll(async () => t?.drop());

describe(`clock policies set per procedure on ${engine}`, () => {
  it('restarts the limit after a complete supplement by default', async () => {
    const d = await roundTrip('policy-restart');
    expect(d.pinned!.supplementPolicy).toBe('restart');
    expect(formatVnInstant(d.state.clock!.currentDueAt!)).toBe('2026-12-14T09:00:00+07:00');
  });

  it('pauses it when the procedure’s process says so, for dossiers received from then on', async () => {
    const p = await getProcedure(t.ctx, A.quantri!, LAWYER);
    await setProcess(t.ctx, A.quantri!, LAWYER, { ...p.process!.body, supplementPolicy: 'pause', paymentPolicy: 'run' }, { revision: p.revision });
    const d = await roundTrip('policy-pause');
    expect([d.pinned!.supplementPolicy, d.pinned!.paymentPolicy]).toEqual(['pause', 'run']);
    // One working day of waiting (Fri 09:00 → Mon 09:00) moves the appointment by one working day.
    expect(formatVnInstant(d.state.clock!.currentDueAt!)).toBe('2026-12-11T09:00:00+07:00');
  });

  it('refuses an unknown policy, naming the field', async () => {
    const p = await getProcedure(t.ctx, A.quantri!, LAWYER);
    await expect(setProcess(t.ctx, A.quantri!, LAWYER, { ...p.process!.body, paymentPolicy: 'sometimes' }, { revision: p.revision })).rejects.toMatchObject({ fields: [{ path: 'paymentPolicy' }] });
  });
});
