// The procedure catalogue on a real database (PGlite or PostgreSQL): lifecycle by decision, authorisation,
// processes against the units of the demo province, and the diacritics- and typo-tolerant search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
process.env.MOTCUA_SCRYPT_LOG_N ??= '10';
import type { Actor, UserActor } from '../../src/app/actor.js';
import { verifyAuditChain } from '../../src/app/audit.js';
import {
  abolishProcedure,
  amendProcedure,
  canManageCatalogue,
  createProcedure,
  getProcedure,
  getProcedureVersion,
  listFields,
  previewProcess,
  publishProcedure,
  replaceProcedure,
  searchProcedures,
  setProcess,
  updateDraft,
} from '../../src/app/catalogue.js';
import { DEMO_CATALOGUE_SIZE } from '../../src/seed/demo-catalogue.js';
import { seedDemo } from '../../src/seed/seed.js';
import { AppError } from '../../src/domain/errors.js';
import { normaliseSearchText } from '../../src/domain/catalogue/index.js';
import { sql } from 'kysely';
import { createTestDb, engine, type TestDb } from '../support/db.js';
import { userActor } from '../../src/app/users.js';

let t: TestDb;
const actors: Record<string, UserActor> = {};

const actorOf = (username: string): Promise<UserActor> => userActor(t.ctx, username);

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the call to be refused');
}

const paths = (e: AppError) => e.fields.map((f) => f.path);

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.ctx);
  for (const u of ['quantri', 'theodoi', 'tiepnhan.dongthanh', 'chuyenvien', 'congdan']) actors[u] = await actorOf(u);
  // A staff member of the Office of the provincial People's Committee (the demo seeds none there).
  const office = await t.ctx.db.selectFrom('units').select('id').where('code', '=', '000.00.01.H99').executeTakeFirstOrThrow();
  const { createStaffUser } = await import('../../src/app/users.js');
  const { systemActor } = await import('../../src/app/actor.js');
  await createStaffUser(t.ctx, systemActor('test'), { username: 'vanphong', fullName: 'Cán bộ Văn phòng', password: 'MotCua@2026x', memberships: [{ unitId: office.id, role: 'specialist', title: null }] });
  actors.vanphong = await actorOf('vanphong');
});
afterAll(async () => t?.drop());

const draft = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: 'Cấp giấy xác nhận thử nghiệm',
  field: 'Thử nghiệm',
  level: 'commune',
  competentUnits: ['000.00.43.H99'],
  applicants: ['Công dân Việt Nam'],
  steps: ['Bước 1: nộp hồ sơ', 'Bước 2: nhận kết quả'],
  channels: { counter: { timeLimit: { amount: 3, unit: 'working_days' }, reducedTimeLimit: { amount: 2, unit: 'working_days' }, fees: [{ name: 'Lệ phí', amountVnd: 20000 }] } },
  documents: [{ name: 'Tờ khai', originals: 1, copies: 0 }],
  results: [{ name: 'Giấy xác nhận' }],
  ...extra,
});
const decision = (number: string, date: string) => ({ number, date, effectiveDate: date });
const deskToLeader = (hours: [number, number, number, number]) => ({
  steps: [
    { name: 'Tiếp nhận', unit: 'receiving', role: 'desk', time: { amount: hours[0], unit: 'working_hours' } },
    { name: 'Thẩm định', unit: '000.00.43.H99', role: 'specialist', time: { amount: hours[1], unit: 'working_hours' }, maySendBack: true },
    { name: 'Ký duyệt', unit: '000.00.43.H99', role: 'leader', time: { amount: hours[2], unit: 'working_hours' }, maySendBack: true },
    { name: 'Trả kết quả', unit: 'receiving', role: 'desk', time: { amount: hours[3], unit: 'working_hours' } },
  ],
  approval: { number: '77/QĐ-UBND', date: '2026-03-02' },
});

describe(`catalogue on ${engine}`, () => {
  it('seeds the demo catalogue, published with processes, and one amended procedure', async () => {
    const r = await searchProcedures(t.ctx, null, { pageSize: 100 });
    expect(r.total).toBe(DEMO_CATALOGUE_SIZE);
    const birth = await getProcedure(t.ctx, null, '1.001193');
    expect(birth.status).toBe('published');
    expect(birth.body.name).toBe('Đăng ký khai sinh');
    expect(birth.process?.totalMinutes).toBe(480);
    expect(birth.process?.body.steps.map((s) => s.role)).toEqual(['desk', 'specialist', 'leader', 'desk']);
    expect(birth.completeness).toEqual({ complete: true, missing: [] });
    const marriage = await getProcedure(t.ctx, null, '1.000894');
    expect(marriage.status).toBe('amended');
    expect(marriage.versions.map((v) => [v.number, v.decision.number])).toEqual([
      [1, '125/QĐ-UBND'],
      [2, '18/QĐ-UBND'],
    ]);
    expect(marriage.body.channels.counter?.reducedTimeLimit).toEqual({ amount: 2, unit: 'working_days' });
    // The 16-hour process fitted the new 2-day limit, so it was carried over to version 2.
    expect(marriage.process?.procedureVersionId).toBe(marriage.version!.id);
    expect(marriage.history.map((h) => h.kind)).toEqual(['created', 'published', 'process_approved', 'amended', 'process_approved']);
  });

  it('the database normaliser agrees with the JavaScript one on Vietnamese names', async () => {
    const names = [
      'Đăng ký khai sinh',
      'ĐĂNG KÝ KẾT HÔN',
      'Cấp Giấy xác nhận tình trạng hôn nhân',
      'Thủ tục  thay đổi,\tcải chính hộ tịch',
      'Ưu đãi người có công – Ơn nghĩa',
      'Ủy ban nhân dân phường Đông Thành',
      'Giấy chứng nhận quyền sử dụng đất\u00a0(sổ đỏ)',
      'Tiếng Việt: àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ',
      'Tiếng Việt dạng tổ hợp: '.normalize('NFD') + 'Đăng ký khai sinh'.normalize('NFD'),
    ];
    for (const n of names) {
      const r = await sql<{ v: string }>`SELECT catalogue_normalise(${n}) AS v`.execute(t.ctx.db);
      expect(r.rows[0]!.v, n).toBe(normaliseSearchText(n));
    }
  });

  describe('search', () => {
    const top = async (q: string, extra = {}) => (await searchProcedures(t.ctx, null, { q, ...extra })).items[0];
    it.each([
      ['dang ky khai sinh'],
      ['đăng ký khai sinh'],
      ['Khai Sinh'],
      ['dang ky khai snh'],
      ['DANG KY KHAI SINH'],
      ['1.001193'],
    ])('"%s" finds Birth registration first', async (q) => {
      const first = await top(q);
      expect(first?.code).toBe('1.001193');
      expect(first?.name).toBe('Đăng ký khai sinh');
    });

    it('ranks an exact code above every name match, and a code prefix lists its procedures', async () => {
      expect((await top('1.001193'))?.rank).toBe(2);
      const prefix = await searchProcedures(t.ctx, null, { q: '1.0048' });
      expect(prefix.items.map((i) => i.code).sort()).toEqual(['1.004837', '1.004845', '1.004859', '1.004873', '1.004884']);
      expect(prefix.items.every((i) => i.rank === 1.5)).toBe(true);
    });

    it('ranks the closest name first and lists related ones after it', async () => {
      const r = await searchProcedures(t.ctx, null, { q: 'khai sinh' });
      expect(r.items.map((i) => i.code).slice(0, 2)).toEqual(['1.001193', '1.004884']);
      expect(r.items[0]!.rank).toBeGreaterThan(r.items[1]!.rank);
    });

    it('filters by field, level, unit and online level, and pages', async () => {
      const hotich = await searchProcedures(t.ctx, null, { field: 'Hộ tịch', pageSize: 100 });
      expect(hotich.total).toBe(10);
      const stp = await searchProcedures(t.ctx, null, { unitCode: '000.00.05.H99', pageSize: 100 });
      expect(stp.items.map((i) => i.code).sort()).toEqual(['1.000627', '1.002099', '1.002153', '1.013834', '2.000829']);
      const partial = await searchProcedures(t.ctx, null, { online: 'partial', pageSize: 100 });
      expect(partial.items.map((i) => i.code).sort()).toEqual(['1.000894', '1.001022', '1.012786', '1.012812', '1.013823']);
      const none = await searchProcedures(t.ctx, null, { online: 'none', pageSize: 100 });
      expect(none.total).toBe(6);
      const inter = await searchProcedures(t.ctx, null, { level: 'inter_agency' });
      expect(inter.items.map((i) => i.code)).toEqual(['1.013823']);
      const province = await searchProcedures(t.ctx, null, { level: 'province', pageSize: 100 });
      expect(province.total).toBe(11);
      const page2 = await searchProcedures(t.ctx, null, { field: 'Hộ tịch', pageSize: 4, page: 3 });
      expect(page2.total).toBe(10);
      expect(page2.items).toHaveLength(2);
      const beyond = await searchProcedures(t.ctx, null, { field: 'Hộ tịch', pageSize: 4, page: 9 });
      expect(beyond).toMatchObject({ total: 10, items: [] });
      const ward = await searchProcedures(t.ctx, null, { q: 'chung thuc', unitCode: '000.00.41.H99', pageSize: 100 });
      expect(ward.items.map((i) => i.code).sort()).toEqual(['2.000815', '2.000884', '2.001019', '2.001035']);
    });

    it('finds nothing for nonsense and refuses bad paging', async () => {
      expect((await searchProcedures(t.ctx, null, { q: 'xyzzy qwerty' })).total).toBe(0);
      const e = await rejection(searchProcedures(t.ctx, null, { pageSize: 1000 }));
      expect(e.kind).toBe('invalid');
      expect(paths(e)).toEqual(['pageSize']);
    });

    it('lists fields with counts for the filter', async () => {
      const fields = await listFields(t.ctx, null);
      expect(fields.find((f) => f.field === 'Hộ tịch')).toEqual({ field: 'Hộ tịch', count: 10 });
      expect(fields.find((f) => f.field === 'Chứng thực')).toEqual({ field: 'Chứng thực', count: 4 });
    });
  });

  describe('authorisation', () => {
    it('administrators and staff of the provincial office manage; a ward desk official, a monitor of the province and citizens do not', async () => {
      expect(await canManageCatalogue(t.ctx.db, actors.quantri!)).toBe(true);
      expect(await canManageCatalogue(t.ctx.db, actors.vanphong!)).toBe(true);
      expect(await canManageCatalogue(t.ctx.db, actors['tiepnhan.dongthanh']!)).toBe(false);
      expect(await canManageCatalogue(t.ctx.db, actors.theodoi!)).toBe(false);
      expect(await canManageCatalogue(t.ctx.db, actors.congdan!)).toBe(false);
      expect(await canManageCatalogue(t.ctx.db, null)).toBe(false);
    });

    it('refuses a ward desk official with a forbidden error, and an anonymous caller as unauthenticated', async () => {
      const e = await rejection(createProcedure(t.ctx, actors['tiepnhan.dongthanh']!, draft('1.900001')));
      expect(e.kind).toBe('forbidden');
      expect(e.messages.vi).toContain('Văn phòng UBND tỉnh');
      const anon: Actor = { kind: 'anonymous', ip: null, requestId: null };
      expect((await rejection(createProcedure(t.ctx, anon, draft('1.900001')))).kind).toBe('unauthenticated');
      expect((await rejection(abolishProcedure(t.ctx, actors.chuyenvien!, '1.001193', { number: '1/QĐ', date: '2026-05-01' }))).kind).toBe('forbidden');
      expect(await t.ctx.db.selectFrom('procedures').select('id').where('code', '=', '1.900001').executeTakeFirst()).toBeUndefined();
    });

    it('keeps drafts from the public', async () => {
      await createProcedure(t.ctx, actors.vanphong!, draft('1.900002'));
      expect((await rejection(getProcedure(t.ctx, null, '1.900002'))).kind).toBe('not_found');
      expect((await rejection(getProcedure(t.ctx, actors['tiepnhan.dongthanh']!, '1.900002'))).kind).toBe('not_found');
      expect((await getProcedure(t.ctx, actors.vanphong!, '1.900002')).status).toBe('draft');
      expect((await rejection(searchProcedures(t.ctx, null, { status: 'draft' }))).kind).toBe('forbidden');
      const drafts = await searchProcedures(t.ctx, actors.quantri!, { status: 'draft', q: 'thu nghiem' });
      expect(drafts.items.map((i) => i.code)).toEqual(['1.900002']);
      expect((await searchProcedures(t.ctx, null, { q: 'Cấp giấy xác nhận thử nghiệm' })).items.map((i) => i.code)).not.toContain('1.900002');
    });
  });

  describe('lifecycle', () => {
    const admin = () => actors.quantri!;

    it('refuses malformed input with every problem named, in both languages', async () => {
      const e = await rejection(
        createProcedure(t.ctx, admin(), {
          // 3.000323 is a real national code (accepted since issue 10); seven digits are not.
          ...draft('3.0003231'),
          competentUnits: ['000.00.99.H99', 'not-a-code'],
          channels: { counter: { timeLimit: { amount: 2, unit: 'working_days' }, reducedTimeLimit: { amount: 3, unit: 'working_days' }, fees: [{ name: 'Lệ phí', amountVnd: -5 }] } },
          colour: 'red',
        }),
      );
      expect(e.kind).toBe('invalid');
      expect(paths(e).sort()).toEqual(['channels.counter.fees[0].amountVnd', 'channels.counter.reducedTimeLimit', 'code', 'colour', 'competentUnits[0]', 'competentUnits[1]'].sort());
      const code = e.fields.find((f) => f.path === 'code')!;
      expect(code.message.vi).toContain('không đúng dạng mã thủ tục quốc gia');
      expect(code.message.en).toContain('is not a national procedure code');
      expect(e.fields.find((f) => f.path === 'competentUnits[0]')!.message.en).toBe('Agency code of a competent unit: no unit has the code 000.00.99.H99');
    });

    it('refuses a duplicate code', async () => {
      const e = await rejection(createProcedure(t.ctx, admin(), draft('1.001193')));
      expect(e.code).toBe('duplicate_code');
    });

    it('drafts, publishes by decision, amends to a new version and keeps the old one for pinned dossiers', async () => {
      const created = await createProcedure(t.ctx, admin(), draft('1.900010'));
      expect(created.procedure.status).toBe('draft');
      const edited = await updateDraft(t.ctx, admin(), '1.900010', { name: 'Cấp giấy xác nhận thử nghiệm (sửa)' }, { revision: created.procedure.revision });
      expect(edited.procedure.body.name).toBe('Cấp giấy xác nhận thử nghiệm (sửa)');
      expect((await rejection(updateDraft(t.ctx, admin(), '1.900010', { name: 'x' }, { revision: created.procedure.revision }))).code).toBe('stale_version');

      const e = await rejection(publishProcedure(t.ctx, admin(), '1.900010', { number: '', date: '2026-02-30', effectiveDate: '2026-03-01' }));
      expect(paths(e).sort()).toEqual(['decision.date', 'decision.number']);

      const pub = await publishProcedure(t.ctx, admin(), '1.900010', decision('40/QĐ-UBND', '2026-03-01'));
      expect(pub.procedure.status).toBe('published');
      expect(pub.procedure.version).toMatchObject({ number: 1, decision: decision('40/QĐ-UBND', '2026-03-01') });
      const v1 = pub.procedure.version!.id;
      expect((await rejection(updateDraft(t.ctx, admin(), '1.900010', { name: 'x' }))).code).toBe('invalid_transition');

      const proc = await setProcess(t.ctx, admin(), '1.900010', deskToLeader([2, 8, 4, 2]));
      expect(proc.process.totalMinutes).toBe(960);

      const same = await rejection(amendProcedure(t.ctx, admin(), '1.900010', decision('40/QĐ-UBND', '2026-03-01'), { name: 'Tên mới' }));
      expect(paths(same)).toEqual(['decision.number']);
      const nothing = await rejection(amendProcedure(t.ctx, admin(), '1.900010', decision('41/QĐ-UBND', '2026-04-01'), {}));
      expect(nothing.code).toBe('nothing_to_amend');
      const backdated = await rejection(amendProcedure(t.ctx, admin(), '1.900010', decision('41/QĐ-UBND', '2026-02-01'), { name: 'Tên mới' }));
      expect(paths(backdated)).toEqual(['decision.date']);

      // Cutting the limit to one working day: the 16-hour process no longer fits and is not carried over.
      const amended = await amendProcedure(t.ctx, admin(), '1.900010', decision('41/QĐ-UBND', '2026-04-01'), {
        channels: { counter: { timeLimit: { amount: 3, unit: 'working_days' }, reducedTimeLimit: { amount: 1, unit: 'working_days' }, fees: [{ name: 'Lệ phí', amountVnd: 20000 }] } },
      });
      expect(amended.procedure.status).toBe('amended');
      expect(amended.procedure.version!.number).toBe(2);
      expect(amended.processCarriedOver).toBe(false);
      expect(amended.processProblems.map((p) => p.path)).toEqual(['process.steps']);
      expect(amended.procedure.process).toBeNull();

      const pinned = await getProcedureVersion(t.ctx, v1);
      expect(pinned.number).toBe(1);
      expect(pinned.body.channels.counter?.reducedTimeLimit).toEqual({ amount: 2, unit: 'working_days' });
      expect(pinned.process?.totalMinutes).toBe(960);

      const rows = await t.ctx.db.selectFrom('procedure_versions').select('number').where('code', '=', '1.900010').orderBy('number').execute();
      expect(rows.map((r) => r.number)).toEqual([1, 2]);
    });

    it('versions cannot be rewritten, even by SQL', async () => {
      const e = await t.ctx.db
        .updateTable('procedure_versions')
        .set({ name: 'forged' })
        .where('code', '=', '1.001193')
        .execute()
        .then(() => null, (x: Error) => x);
      expect(e?.message).toContain('immutable');
    });

    it('replaces by another procedure in force, never by itself; abolishes; then nothing more', async () => {
      await createProcedure(t.ctx, admin(), draft('1.900020', { name: 'Thủ tục cũ' }));
      await publishProcedure(t.ctx, admin(), '1.900020', decision('50/QĐ-UBND', '2026-03-01'));
      await createProcedure(t.ctx, admin(), draft('1.900021', { name: 'Thủ tục mới' }));

      const self = await rejection(replaceProcedure(t.ctx, admin(), '1.900020', '1.900020', { number: '60/QĐ-UBND', date: '2026-05-01' }));
      expect(self.fields).toEqual([{ path: 'replacedBy', message: { vi: 'Thủ tục thay thế: thủ tục 1.900020 không thể được thay thế bởi chính nó', en: 'Replacing procedure: procedure 1.900020 cannot be replaced by itself' } }]);
      const draftTarget = await rejection(replaceProcedure(t.ctx, admin(), '1.900020', '1.900021', { number: '60/QĐ-UBND', date: '2026-05-01' }));
      expect(draftTarget.fields[0]!.message.en).toBe('Replacing procedure: procedure 1.900021 is "Draft" and cannot replace another');
      const missing = await rejection(replaceProcedure(t.ctx, admin(), '1.900020', '1.999999', { number: '60/QĐ-UBND', date: '2026-05-01' }));
      expect(missing.fields[0]!.message.en).toBe('Replacing procedure: there is no procedure with the code 1.999999');

      await publishProcedure(t.ctx, admin(), '1.900021', decision('60/QĐ-UBND', '2026-05-01'));
      const replaced = await replaceProcedure(t.ctx, admin(), '1.900020', '1.900021', { number: '60/QĐ-UBND', date: '2026-05-01' });
      expect(replaced.procedure).toMatchObject({ status: 'replaced', replacedBy: { code: '1.900021', name: 'Thủ tục mới' }, statusDecision: { number: '60/QĐ-UBND', date: '2026-05-01' } });
      expect(replaced.procedure.history.at(-1)).toMatchObject({ kind: 'replaced', replacedBy: '1.900021', decision: { number: '60/QĐ-UBND', date: '2026-05-01', effectiveDate: null } });
      // Public reads show it with its history; the default search lists only procedures in force.
      expect((await getProcedure(t.ctx, null, '1.900020')).status).toBe('replaced');
      expect((await searchProcedures(t.ctx, null, { q: 'Thủ tục cũ' })).items.map((i) => i.code)).not.toContain('1.900020');
      expect((await searchProcedures(t.ctx, null, { q: 'Thủ tục cũ', status: 'public' })).items.map((i) => i.code)).toContain('1.900020');

      const again = await rejection(abolishProcedure(t.ctx, admin(), '1.900020', { number: '61/QĐ-UBND', date: '2026-06-01' }));
      expect(again.kind).toBe('conflict');
      expect(again.messages.en).toBe('Cannot abolish procedure 1.900020 in status "Replaced": the procedure is no longer in force');

      const abolished = await abolishProcedure(t.ctx, admin(), '1.900021', { number: '62/QĐ-UBND', date: '2026-06-01' });
      expect(abolished.procedure.status).toBe('abolished');
      expect((await rejection(setProcess(t.ctx, admin(), '1.900021', deskToLeader([1, 1, 1, 1])))).code).toBe('invalid_transition');
    });
  });

  describe('processes', () => {
    const admin = () => actors.quantri!;
    beforeAll(async () => {
      await createProcedure(t.ctx, admin(), draft('1.900030'));
      await publishProcedure(t.ctx, admin(), '1.900030', decision('70/QĐ-UBND', '2026-03-01'));
    });

    it('refuses steps over the reduced limit, unknown units, roles a unit lacks, and a first step that sends back', async () => {
      const bad = deskToLeader([2, 12, 4, 2]);
      bad.steps[1]!.unit = '000.00.77.H99';
      bad.steps[2]!.unit = '000.00.01.H99'; // the provincial office has no leader account
      (bad.steps[0] as { maySendBack?: boolean }).maySendBack = true;
      const e = await rejection(setProcess(t.ctx, admin(), '1.900030', bad));
      expect(e.fields).toEqual([
        { path: 'steps[0].maySendBack', message: { vi: 'Được trả lại bước trước: bước đầu tiên không có bước trước để trả lại', en: 'May send back: the first step has no earlier step to send the dossier back to' } },
        { path: 'steps[1].unit', message: { vi: 'Đơn vị thực hiện bước: không có đơn vị nào mang mã 000.00.77.H99', en: 'Unit of the step: no unit has the code 000.00.77.H99' } },
        {
          path: 'steps[2].unit',
          message: { vi: 'Vai trò thực hiện: đơn vị 000.00.01.H99 (Văn phòng Ủy ban nhân dân tỉnh) không có cán bộ nào giữ vai trò "Lãnh đạo đơn vị"', en: 'Acting role: unit 000.00.01.H99 (Văn phòng Ủy ban nhân dân tỉnh) has no staff in the role "Unit leader"' },
        },
        {
          path: 'steps',
          message: {
            vi: 'Các bước của quy trình: Tổng thời gian các bước 2 ngày làm việc 4 giờ vượt thời hạn đã cắt giảm 2 ngày làm việc của kênh trực tiếp (tối đa 2 ngày làm việc)',
            en: 'Process steps: The steps take a total of 2 working days 4 h exceeds the reduced limit of 2 working days for the at the counter channel (at most 2 working days)',
          },
        },
      ]);
    });

    it('previews a plan with its running total and accepts one that fits exactly', async () => {
      const preview = await previewProcess(t.ctx, admin(), '1.900030', deskToLeader([2, 8, 4, 2]));
      expect(preview.errors).toEqual([]);
      expect(preview.totalMinutes).toBe(960);
      expect(preview.budgets).toEqual([{ channel: 'counter', limit: { amount: 2, unit: 'working_days' }, reduced: true, exactMinutes: 960, maxMinutes: 960, typicalMinutes: 960 }]);
      const r = await setProcess(t.ctx, admin(), '1.900030', deskToLeader([2, 8, 4, 2]));
      expect(r.process.number).toBe(1);
      expect((await rejection(setProcess(t.ctx, admin(), '1.900030', deskToLeader([2, 8, 4, 2])))).code).toBe('process_unchanged');
      const second = await setProcess(t.ctx, admin(), '1.900030', deskToLeader([1, 8, 4, 2]));
      expect(second.process.number).toBe(2);
      expect((await getProcedure(t.ctx, null, '1.900030')).process?.id).toBe(second.process.id);
    });

    it('needs exactly one lead agency for an inter-agency procedure', async () => {
      const land = await getProcedure(t.ctx, null, '1.013823');
      const process = structuredClone(land.process!.body);
      process.participants = process.participants.map((p) => ({ ...p, lead: true }));
      const e = await rejection(setProcess(t.ctx, admin(), '1.013823', process));
      expect(e.fields).toEqual([{ path: 'participants', message: { vi: 'Cơ quan chủ trì: phải có đúng một cơ quan chủ trì (đang có 2)', en: 'Lead agency: exactly one agency must lead (there are 2)' } }]);
      const none = await rejection(setProcess(t.ctx, admin(), '1.900030', { ...deskToLeader([1, 1, 1, 1]), participants: [{ agency: '000.00.05.H99', task: 'x', time: { amount: 1, unit: 'working_hours' }, lead: true }] }));
      expect(none.fields[0]!.message.en).toBe('Inter-agency participants: only an inter-agency procedure has participating agencies');
    });
  });

  it('audited every change, and the chain holds', async () => {
    const actions = await t.ctx.db.selectFrom('audit_log').select('action').where('target_type', '=', 'procedure').where('target_id', '=', '1.900010').orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(['procedure.create', 'procedure.update_draft', 'procedure.publish', 'procedure.process.set', 'procedure.amend']);
    expect((await verifyAuditChain(t.ctx)).ok).toBe(true);
  });
});
