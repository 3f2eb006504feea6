// The staff pages for processing dossiers: inboxes, the dossier page with only the allowed actions, posting actions
// (state changes, stale versions, bad payloads) and the dossier's files, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, getDossier, inbox, userActor } from '../../src/app/dossiers/index.js';
import { DEMO_PASSWORD } from '../../src/seed/seed.js';
import { createTestApp, formSession, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';
import { multipart } from '../support/multipart.js';

let t: TestApp;
type Session = Awaited<ReturnType<typeof formSession>>;
const S: Record<string, Session> = {};

beforeAll(async () => {
  t = await createTestApp();
  // One session per account for the whole file: the sign-in form is rate limited per address.
  for (const u of ['chuyenvien', 'lanhdao', 'congdan', 'lanhdao.sxd', 'tiepnhan.dongthanh', 'theodoi']) {
    const s = await formSession(t);
    const r = await s.post('/login', { username: u, password: DEMO_PASSWORD });
    expect(r.statusCode, `${u} signs in`).toBe(303);
    S[u] = s;
  }
});
afterAll(async () => t?.drop());

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const versionOn = (html: string) => Number(/name="expectedVersion" value="(\d+)"/.exec(html)?.[1]);
const codeOf = (html: string) => /<h1>Hồ sơ ([^<]+)<\/h1>/.exec(html)?.[1];

/** The demo dossier of an applicant (demo.ts gives each one its own applicant). */
async function demoId(applicantName: string): Promise<number> {
  const r = await t.ctx.db.selectFrom('dossier_projection').select('dossier_id').where('applicant_name', '=', applicantName).executeTakeFirstOrThrow();
  return r.dossier_id;
}

async function postAction(s: Session, id: number, type: string, fields: Record<string, string>) {
  const page = await s.get(`/dossiers/${id}`);
  expect(page.statusCode).toBe(200);
  return s.post(`/dossiers/${id}/actions/${type}`, { expectedVersion: String(versionOn(page.body)), ...fields }, csrfOf(page.body));
}

const actionCount = async (id: number) => (await t.ctx.db.selectFrom('dossier_actions').select('seq').where('dossier_id', '=', id).execute()).length;


const cookieOf = (s: Session) => [...s.jar].map(([k, v]) => `${k}=${v}`).join('; ');

describe(`dossier pages on ${engine}`, () => {
  it("lists the specialist's assigned dossiers with their remaining working time", async () => {
    const me = await userActor(t.ctx, 'chuyenvien');
    const expected = await inbox(t.ctx, me, { scope: 'mine', filter: 'todo' });
    expect(expected.items.length).toBeGreaterThanOrEqual(3);
    const r = await S.chuyenvien!.get('/inbox?scope=mine');
    expect(r.statusCode).toBe(200);
    for (const d of expected.items) {
      expect(r.body).toContain(d.code!);
      expect(r.body).toContain(`href="/dossiers/${d.id}"`);
    }
    expect(r.body).toContain(`Cần xử lý <span class="dos-count">(${expected.total})</span>`);
    expect(r.body).toMatch(/còn (\d+ ngày ?)?(\d+ giờ ?)?(\d+ phút )?làm việc/);
    // Someone else's dossier is not in "mine".
    const other = await demoId('Đặng Minh Khoa');
    expect(r.body).not.toContain(`href="/dossiers/${other}"`);
  });

  it("shows the leader's late dossiers, the one without an apology in red, and the tab counts", async () => {
    const me = await userActor(t.ctx, 'lanhdao');
    const late = await inbox(t.ctx, me, { scope: 'unit', filter: 'late' });
    expect(late.items.some((d) => d.lateWithoutApology)).toBe(true);
    const r = await S.lanhdao!.get('/inbox?scope=unit&filter=late');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(`Quá hạn <span class="dos-count">(${late.total})</span>`);
    for (const d of late.items) expect(r.body).toContain(d.code!);
    expect(r.body).toContain('class="dos-row-breach"');
    expect(r.body).toContain('Quá hạn, chưa xin lỗi');
    expect(r.body).toMatch(/quá hạn (\d+ ngày ?)?(\d+ giờ)?/);
    const soon = await inbox(t.ctx, me, { scope: 'unit', filter: 'due_soon' });
    expect(r.body).toContain(`Sắp đến hạn <span class="dos-count">(${soon.total})</span>`);
    // A search narrows the list to one applicant.
    const q = await S.lanhdao!.get(`/inbox?scope=unit&filter=all&q=${encodeURIComponent('Minh Chính')}`);
    expect(q.body).toContain('Công ty Luật TNHH Minh Chính');
    expect(q.body).not.toContain('Lê Thị Hạnh');
  });

  it('inboxes are for staff; a provincial monitor starts on the whole province', async () => {
    expect((await S.congdan!.get('/inbox')).statusCode).toBe(403);
    const monitor = await S.theodoi!.get('/inbox');
    expect(monitor.statusCode).toBe(200);
    const me = await userActor(t.ctx, 'theodoi');
    const province = me.memberships[0]!.unitId;
    const all = await inbox(t.ctx, me, { scope: 'unit', unitId: province, includeSubunits: true, filter: 'todo' });
    expect(all.total).toBeGreaterThanOrEqual(5);
    expect(monitor.body).toContain(`Cần xử lý <span class="dos-count">(${all.total})</span>`);
    for (const d of all.items) expect(monitor.body).toContain(`href="/dossiers/${d.id}"`);
    expect(monitor.body).toMatch(new RegExp(`<option value="${province}" selected>`));
    const anon = await (await formSession(t)).get('/inbox');
    expect(anon.statusCode).toBe(303);
  });

  it('the dossier page shows only the actions the official may take', async () => {
    const id = await demoId('Lê Thị Hạnh');
    const view = await getDossier(t.ctx, await userActor(t.ctx, 'chuyenvien'), id);
    const r = await S.chuyenvien!.get(`/dossiers/${id}`);
    expect(r.statusCode).toBe(200);
    expect(codeOf(r.body)).toBe(view.code);
    expect(r.body).toContain('Lê Thị Hạnh');
    expect(r.body).toContain(view.procedure.name);
    expect(r.body).toContain(`/dossiers/${id}/actions/forward"`);
    expect(r.body).toContain(`/dossiers/${id}/actions/request_supplement"`);
    expect(r.body).not.toContain(`/dossiers/${id}/actions/sign"`);
    expect(r.body).not.toContain(`/dossiers/${id}/actions/approve"`);
    expect(r.body).not.toContain(`/dossiers/${id}/actions/apologise"`);
    expect(versionOn(r.body)).toBe(view.version);
    // The control slip, the timeline and the forms.
    expect(r.body).toContain('Quá trình xử lý (phiếu kiểm soát)');
    expect(r.body).toContain('Giao chuyên viên thẩm định');
    expect(r.body).toContain(`/dossiers/${id}/forms/01`);
    expect(r.body).toContain(`/dossiers/${id}/forms/06`);

    // The leader of the same unit may apologise on it (before its due instant), not the specialist.
    const leader = await S.lanhdao!.get(`/dossiers/${id}`);
    expect(leader.body).toContain(`/dossiers/${id}/actions/apologise"`);
    expect(leader.body).not.toContain(`/dossiers/${id}/actions/forward"`);

    // The late dossier waits at the leader's step: approval is offered, and a late apology (recorded as late).
    const lateId = await demoId('Nguyễn Thu Trang');
    const late = await S.lanhdao!.get(`/dossiers/${lateId}`);
    expect(late.body).toContain(`/dossiers/${lateId}/actions/approve"`);
    expect(late.body).toContain(`/dossiers/${lateId}/actions/apologise"`);
    expect(late.body).toContain('Quá hạn, chưa xin lỗi');

    // A citizen who is not the applicant, and a department that has nothing to do with it.
    expect((await S.congdan!.get(`/dossiers/${id}`)).statusCode).toBe(404);
    const outside = await S['lanhdao.sxd']!.get(`/dossiers/${id}`);
    expect(outside.statusCode).toBe(403);
    expect(outside.body).not.toContain('Lê Thị Hạnh');
    expect((await S.chuyenvien!.get('/dossiers/999999')).statusCode).toBe(404);
  });

  it('posting an action changes the dossier and comes back with a notice', async () => {
    const id = await demoId('Lê Thị Hạnh');
    const before = await getDossier(t.ctx, await userActor(t.ctx, 'chuyenvien'), id);
    expect(before.state.currentStepIndex).toBe(1);
    const r = await postAction(S.chuyenvien!, id, 'forward', { toStepIndex: '2', assigneeId: '', comment: 'Đủ điều kiện, trình lãnh đạo' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/dossiers/${id}?done=forward`);
    const after = await getDossier(t.ctx, await userActor(t.ctx, 'chuyenvien'), id);
    expect(after.version).toBe(before.version + 1);
    expect(after.state.currentStepIndex).toBe(2);
    const last = after.state.timeline.at(-1)!;
    expect(last.type).toBe('forward');
    expect(last.comment).toBe('Đủ điều kiện, trình lãnh đạo');
    const page = await S.chuyenvien!.get(r.headers.location as string);
    expect(page.body).toContain('Đã thực hiện: Chuyển bước tiếp theo.');
    expect(page.body).not.toContain(`/dossiers/${id}/actions/forward"`);
    // Now the leader approves through the form.
    const approve = await postAction(S.lanhdao!, id, 'approve', {});
    expect(approve.statusCode).toBe(303);
    expect((await getDossier(t.ctx, await userActor(t.ctx, 'lanhdao'), id)).state.status).toBe('awaiting_signature');
  });

  it('a stale version gives the 409 page and writes nothing', async () => {
    const id = await demoId('Công ty Luật TNHH Minh Chính');
    const page = await S.chuyenvien!.get(`/dossiers/${id}`);
    const seen = versionOn(page.body);
    // Meanwhile the leader reassigns the dossier.
    const leader = await userActor(t.ctx, 'lanhdao');
    const specialist = await userActor(t.ctx, 'chuyenvien');
    await act(t.ctx, leader, id, { type: 'assign', payload: { assigneeId: specialist.userId }, expectedVersion: seen, comment: 'Giao lại' });
    const n = await actionCount(id);
    const r = await S.chuyenvien!.post(`/dossiers/${id}/actions/forward`, { expectedVersion: String(seen), toStepIndex: '2' }, csrfOf(page.body));
    expect(r.statusCode).toBe(409);
    expect(r.body).toContain('hồ sơ đã được người khác cập nhật');
    expect(r.body).toContain(`href="/dossiers/${id}"`);
    expect(await actionCount(id)).toBe(n);
    expect((await getDossier(t.ctx, specialist, id)).state.currentStepIndex).toBe(1);
  });

  it('a bad payload gives 400 with the message at the field and the input kept', async () => {
    // A dossier still within its supplement window (three working days after the department got it).
    const inWindow = await demoId('Lê Thị Hạnh');
    const n0 = await actionCount(inWindow);
    const r = await postAction(S.chuyenvien!, inWindow, 'request_supplement', { items: '  ', reason: 'Thiếu hợp đồng thuê trụ sở' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('role="alert"');
    expect(r.body).toContain('href="#f-request_supplement-items"');
    expect(r.body).toMatch(/id="f-request_supplement-items-err">Liệt kê đầy đủ, một lần, từng giấy tờ cần bổ sung/);
    expect(r.body).toContain('Thiếu hợp đồng thuê trụ sở</textarea>');
    expect(r.body).toMatch(/<details class="dos-action" id="act-request_supplement" open>/);
    expect(await actionCount(inWindow)).toBe(n0);

    const id = await demoId('Võ Đức Long');
    const n = await actionCount(id);

    const c = await postAction(S.chuyenvien!, id, 'consult', { toUnitId: '', question: 'Xác minh trụ sở', limitDays: 'ba' });
    expect(c.statusCode).toBe(400);
    expect(c.body).toContain('id="f-consult-toUnitId-err"');
    expect(c.body).toContain('id="f-consult-limitDays-err"');
    expect(await actionCount(id)).toBe(n);

    // Refused by the domain for this official: the page says why, nothing is written.
    const sign = await postAction(S.chuyenvien!, id, 'sign', {});
    expect(sign.statusCode).toBe(409);
    expect(sign.body).toContain('Hồ sơ chưa được phê duyệt');
    expect(await actionCount(id)).toBe(n);
    const unknown = await postAction(S.chuyenvien!, id, 'fly_away', {});
    expect(unknown.statusCode).toBe(404);
    // An action's address opened directly leads to its form.
    const back = await S.chuyenvien!.get(`/dossiers/${id}/actions/consult`);
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe(`/dossiers/${id}#act-consult`);
  });

  it('the desk hands over an electronic result uploaded with the form; the file is served to those who may read it', async () => {
    const id = await demoId('Đặng Minh Khoa');
    const desk = S['tiepnhan.dongthanh']!;
    const page = await desk.get(`/dossiers/${id}`);
    expect(page.body).toContain(`/dossiers/${id}/actions/return_result"`);
    const token = csrfOf(page.body);
    const version = String(versionOn(page.body));
    const send = (fields: Record<string, string>, files: Parameters<typeof multipart>[1]) => {
      const m = multipart({ _csrf: token, expectedVersion: version, ...fields }, files);
      return t.app.inject({ method: 'POST', url: `/dossiers/${id}/actions/return_result`, headers: { cookie: cookieOf(desk), accept: 'text/html', 'content-type': m.type }, payload: m.payload });
    };
    // Online without the electronic result: refused at the upload field.
    const missing = await send({ method: 'online' }, []);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('id="f-return_result-electronicFiles-err"');
    // A program disguised as a PDF.
    const disguised = await send({ method: 'online' }, [{ field: 'electronicFiles', name: 'ket-qua.pdf', type: 'application/pdf', bytes: Buffer.from('MZ\x90\x00 not a pdf', 'binary') }]);
    expect(disguised.statusCode).toBe(400);
    expect(disguised.body).toContain('id="f-return_result-electronicFiles-err"');

    const pdf = Buffer.from('%PDF-1.7\n% giấy xác nhận tình trạng hôn nhân\n%%EOF\n');
    const ok = await send({ method: 'online', comment: 'Gửi bản điện tử' }, [{ field: 'electronicFiles', name: 'Giấy xác nhận.pdf', type: 'application/pdf', bytes: pdf }]);
    expect(ok.statusCode, ok.body).toBe(303);
    const after = await getDossier(t.ctx, await userActor(t.ctx, 'tiepnhan.dongthanh'), id);
    expect(after.state.status).toBe('returned');
    expect(after.state.returnMethod).toBe('online');
    const fileId = after.state.timeline.at(-1)!.attachments[0]!;
    expect(fileId).toBeTruthy();

    const shown = await desk.get(`/dossiers/${id}`);
    expect(shown.body).toContain(`/dossiers/${id}/files/${fileId}`);
    const file = await desk.get(`/dossiers/${id}/files/${fileId}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    // Named by the server (code, the action it came with, the real type), shown inline to staff in a sandbox.
    const name = `${after.code}_Tra-ket-qua.pdf`;
    expect(String(file.headers['content-disposition'])).toBe(`inline; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`${after.code}_Trả-kết-quả.pdf`)}`);
    expect(file.headers['content-security-policy']).toBe('sandbox');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.equals(pdf)).toBe(true);
    // Not through another dossier's address, not for an outsider, not for a stranger.
    const otherId = await demoId('Bùi Thanh Tâm');
    expect((await desk.get(`/dossiers/${otherId}/files/${fileId}`)).statusCode).toBe(404);
    expect((await S['lanhdao.sxd']!.get(`/dossiers/${id}/files/${fileId}`)).statusCode).toBe(403);
    expect((await S.congdan!.get(`/dossiers/${id}/files/${fileId}`)).statusCode).toBe(404);
  });
  it('reads in English too', async () => {
    const s = await formSession(t);
    await s.post('/login', { username: 'lanhdao', password: DEMO_PASSWORD });
    await s.get('/lang/en?next=/inbox');
    const list = await s.get('/inbox?scope=unit&filter=late');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('<html lang="en">');
    expect(list.body).toContain('Late, no apology');
    expect(list.body).toMatch(/\d+ (working days? ?)?(\d+ h )?overdue/);
    const id = await demoId('Nguyễn Thu Trang');
    const page = await s.get(`/dossiers/${id}`);
    expect(page.body).toContain('Process the dossier');
    expect(page.body).toContain('Processing steps (control slip)');
  });
});
