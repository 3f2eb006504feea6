// Demo dossiers for the demo province: a handful in every interesting state (received, being processed, due soon,
// late with and without an apology, waiting for a supplement, result ready, returned, form 02 at the counter),
// created through the ordinary use cases on a clock moved back in time, so their actions, codes and deadlines are
// exactly what the desk would have produced.
import type { ActionType } from '../domain/dossier/index.js';
import { addWorkingMinutes } from '../domain/calendar/index.js';
import type { UserActor } from '../app/actor.js';
import { userActor } from '../app/users.js';
import type { AppContext } from '../app/context.js';
import { act } from '../app/dossiers/processing.js';
import { procedureForChannel, resolveCalendars, unitSnapshot } from '../app/dossiers/pinning.js';
import { receiveAtDesk, requestSupplementBeforeReception } from '../app/dossiers/reception.js';
import type { ApplicantInput, DossierView } from '../app/dossiers/types.js';

/** The acting user as a use case sees them (for the seed, scripts and tests). */

const PEOPLE: ApplicantInput[] = [
  { kind: 'citizen', fullName: 'Trần Văn Bình', idNumber: '036190000201', phone: '0912000201', address: 'Số 12 đường Lê Lai, phường Đông Thành' },
  { kind: 'citizen', fullName: 'Lê Thị Hạnh', idNumber: '036195000202', phone: '0912000202', address: 'Tổ 3, phường Tây Sơn' },
  { kind: 'organisation', fullName: 'Phạm Quang Huy', organisationName: 'Công ty Luật TNHH Minh Chính', taxCode: '9900200203', phone: '02093850203', address: '45 đường Trần Phú, phường Tây Sơn' },
  { kind: 'citizen', fullName: 'Nguyễn Thu Trang', idNumber: '036198000204', phone: '0912000204', address: 'Thôn Trung, xã An Phú' },
  { kind: 'citizen', fullName: 'Võ Đức Long', idNumber: '036187000205', phone: '0912000205', address: 'Số 8 đường Bà Triệu, phường Tây Sơn' },
  { kind: 'citizen', fullName: 'Hoàng Ngọc Vy', idNumber: '036199000206', phone: '0912000206', address: 'Số 3 đường Lê Lợi, phường Đông Thành' },
  { kind: 'citizen', fullName: 'Đặng Minh Khoa', idNumber: '036192000207', phone: '0912000207', address: 'Thôn Đồng Tâm, xã Tân Lập' },
  { kind: 'citizen', fullName: 'Bùi Thanh Tâm', idNumber: '036194000208', phone: '0912000208', address: 'Số 20 đường Hai Bà Trưng, phường Tây Sơn' },
  { kind: 'organisation', fullName: 'Dương Hữu Phúc', organisationName: 'Trung tâm Tư vấn pháp luật Hòa Giang', phone: '02093850209', address: '7 đường Quang Trung, phường Đông Thành' },
  { kind: 'citizen', fullName: 'Ngô Bích Nga', idNumber: '036191000210', phone: '0912000210', address: 'Số 5 đường Lê Lai, phường Đông Thành' },
];

/** Branch of a law practice (Sở Tư pháp via the provincial centre): 5 working days (reduced from 7). */
const LAWYER_BRANCH = '1.002099';
/** Marital status certificate (commune): 2 working days (reduced from 3). */
const MARITAL_STATUS = '1.004873';

export interface DemoDossiersResult {
  dossiers: number;
}

/** Creates the demo dossiers; call it once, after the demo units, accounts and catalogue. */
export async function seedDemoDossiers(ctx: AppContext): Promise<DemoDossiersResult> {
  const end = ctx.clock();
  const sim = { now: end };
  // The same database and caches, on a clock that the seed moves.
  const c: AppContext = { ...ctx, clock: () => new Date(sim.now) };
  const units = await unitSnapshot(c);
  const centre = units.byCode.get('000.00.31.H99')!;
  const cal = (await resolveCalendars(c, units, [centre.id])).of(centre.id);
  /** `minutes` of working time before the end of the seed. */
  const back = (minutes: number) => addWorkingMinutes(end, -minutes, cal);
  const later = (t: Date, minutes: number) => {
    const x = addWorkingMinutes(t, minutes, cal);
    return x.getTime() > end.getTime() ? end : x;
  };

  const who = async (u: string) => userActor(c, u);
  const desk = await who('tiepnhan');
  const specialist = await who('chuyenvien');
  const leader = await who('lanhdao');
  const wardDesk = await who('tiepnhan.dongthanh');
  const wardSpecialist = await who('chuyenvien.dongthanh');
  const wardLeader = await who('lanhdao.dongthanh');

  const documentsOf = async (code: string) => (await procedureForChannel(c, code, 'counter')).body.documents.map((d) => ({ name: d.name, provided: true }));
  const lawyerDocs = await documentsOf(LAWYER_BRANCH);
  const maritalDocs = await documentsOf(MARITAL_STATUS);
  let n = 0;

  async function receive(at: Date, procedureCode: string, actor: UserActor, person: ApplicantInput, competentUnitCode?: string): Promise<DossierView> {
    sim.now = at;
    n++;
    const r = await receiveAtDesk(c, actor, {
      procedureCode,
      channel: 'counter',
      applicant: person,
      documents: procedureCode === LAWYER_BRANCH ? lawyerDocs : maritalDocs,
      competentUnitCode,
      idempotencyKey: `demo-${n}`,
    });
    return r.dossier;
  }
  async function step(d: DossierView, at: Date, actor: UserActor, type: ActionType, payload: Record<string, unknown> = {}, comment?: string): Promise<DossierView> {
    sim.now = at;
    return act(c, actor, d.id, { type, payload, expectedVersion: d.version, comment });
  }
  /** Desk hands the dossier to Sở Tư pháp, whose leader assigns the specialist. */
  async function toSpecialist(d: DossierView, at: Date): Promise<DossierView> {
    d = await step(d, later(at, 30), desk, 'forward', { toStepIndex: 1 }, 'Chuyển Sở Tư pháp');
    return step(d, later(at, 60), leader, 'assign', { assigneeId: specialist.userId }, 'Giao chuyên viên thẩm định');
  }

  // 1. Just received at the centre.
  await receive(back(45), LAWYER_BRANCH, desk, PEOPLE[0]!);

  // 2. Being examined by the specialist, comfortably in time.
  let t = back(2 * 480);
  await toSpecialist(await receive(t, LAWYER_BRANCH, desk, PEOPLE[1]!), t);

  // 3. Due within one working day, still with the specialist: received 4.5 working days ago on a 5-day limit.
  t = back(4 * 480 + 240);
  let d = await toSpecialist(await receive(t, LAWYER_BRANCH, desk, PEOPLE[2]!), t);

  // 4. Late without an apology: received 7 working days ago.
  t = back(7 * 480);
  d = await toSpecialist(await receive(t, LAWYER_BRANCH, desk, PEOPLE[3]!), t);
  await step(d, later(t, 4 * 480), specialist, 'forward', { toStepIndex: 2 }, 'Trình lãnh đạo');

  // 5. An apology in time (more than one working day before the due instant) moved the appointment two working
  // days on; the dossier still counts late against the original appointment.
  t = back(6 * 480);
  d = await toSpecialist(await receive(t, LAWYER_BRANCH, desk, PEOPLE[4]!), t);
  const due = d.state.clock!.currentDueAt;
  await step(d, addWorkingMinutes(due, -(480 + 120), cal), leader, 'apologise', {
    lateUnitId: d.state.currentUnitId,
    reason: 'Cần xác minh trụ sở chi nhánh tại địa phương',
    newDueAt: addWorkingMinutes(due, 2 * 480, cal),
  });

  // 6. Waiting for a supplement asked by the specialist.
  t = back(480 + 240);
  d = await toSpecialist(await receive(t, LAWYER_BRANCH, desk, PEOPLE[5]!), t);
  await step(d, later(t, 240), specialist, 'request_supplement', {
    items: ['Bản sao hợp đồng thuê trụ sở chi nhánh có chứng thực'],
    reason: 'Giấy tờ chứng minh trụ sở chưa thể hiện thời hạn thuê',
  });

  // 7 and 8. A ward's marital status certificate, processed in the ward: one result ready, one handed over.
  for (const [i, handOver] of [
    [6, false],
    [7, true],
  ] as const) {
    t = back(3 * 480 - i * 60);
    d = await receive(t, MARITAL_STATUS, wardDesk, PEOPLE[i]!);
    d = await step(d, later(t, 30), wardDesk, 'forward', { toStepIndex: 1, assigneeId: wardSpecialist.userId });
    d = await step(d, later(t, 300), wardSpecialist, 'forward', { toStepIndex: 2 }, 'Đủ điều kiện cấp');
    d = await step(d, later(t, 420), wardLeader, 'approve');
    d = await step(d, later(t, 430), wardLeader, 'sign', { documentNumber: `${100 + i}/XN-UBND` });
    // Finished at the approval step; the result comes back to the final desk step by itself.
    d = await step(d, later(t, 480), wardLeader, 'finish');
    if (handOver) await step(d, later(t, 600), wardDesk, 'return_result', { method: 'counter' });
  }

  // 9. Brought to the centre incomplete: form 02, not received yet.
  sim.now = back(90);
  n++;
  await requestSupplementBeforeReception(c, desk, {
    procedureCode: LAWYER_BRANCH,
    channel: 'counter',
    applicant: PEOPLE[8]!,
    documents: lawyerDocs.slice(0, 1),
    idempotencyKey: `demo-${n}`,
    items: lawyerDocs.slice(1).map((x) => x.name),
    reason: 'Hồ sơ còn thiếu giấy tờ theo quy định',
  });

  return { dossiers: n };
}
