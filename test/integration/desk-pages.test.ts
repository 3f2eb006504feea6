// The desk's reception pages through HTTP, as a browser without JavaScript would use them: the multipart reception
// form (preview, receive, supplement, refuse), its errors, idempotent retries, the receipt, and the online queue.
// The test clock stands at Monday 23 November 2026, 09:00 in Vietnam.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abolishProcedure, replaceProcedure } from '../../src/app/catalogue.js';
import { getDossier, saveDraft, saveFile, submitOnline, userActor } from '../../src/app/dossiers/index.js';
import { DEMO_PASSWORD } from '../../src/seed/seed.js';
import { formatAppointment } from '../../src/http/pages/desk/common.js';
import { createTestApp, formSession, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';
import { multipart, type Upload } from '../support/multipart.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.drop());

const LAWYER = '1.002099'; // Sở Tư pháp, received at the provincial centre; 3 documents, none conditional; 5 working days
const MARITAL = '1.004873'; // commune procedure (6 communes), 2 working days; its 2nd document is conditional
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const EXE = Buffer.from('MZ\x90\x00\x03\x00\x00\x00not really a pdf', 'binary');

type Session = Awaited<ReturnType<typeof formSession>>;


const cookieOf = (s: Session) => [...s.jar].map(([k, v]) => `${k}=${v}`).join('; ');
const attr = (html: string, name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? null;

// Sign-ins are rate limited per address: one session per account for the whole file.
const sessions = new Map<string, Session>();
async function login(username: string): Promise<Session> {
  const known = sessions.get(username);
  if (known) return known;
  const s = await formSession(t);
  const r = await s.post('/login', { username, password: DEMO_PASSWORD });
  expect(r.statusCode, r.body).toBe(303);
  sessions.set(username, s);
  return s;
}

/** Opens the reception form and returns what a browser would send back with it. */
async function openForm(s: Session, code: string) {
  const page = await s.get(`/desk/receive/${code}`);
  expect(page.statusCode, page.body).toBe(200);
  return { html: page.body, csrf: attr(page.body, '_csrf')!, key: attr(page.body, 'idempotencyKey')! };
}

async function sendTo(s: Session, url: string, fields: Record<string, string>, files: Upload[] = []) {
  const { payload, type } = multipart(fields, files);
  const r = await t.app.inject({ method: 'POST', url, headers: { cookie: cookieOf(s), accept: 'text/html', 'content-type': type }, payload });
  r.cookies.forEach((c) => (c.value ? s.jar.set(c.name, c.value) : s.jar.delete(c.name)));
  return r;
}

const send = (s: Session, code: string, fields: Record<string, string>, files: Upload[] = []) => sendTo(s, `/desk/receive/${code}`, fields, files);

const citizen = { kind: 'citizen', fullName: 'Trần Thị Thử', idNumber: '036190012345', address: '5 đường Lê Lai, phường Đông Thành', phone: '0913 000 111', email: 'thu@example.vn' };
const allTicked = { doc0: '1', doc1: '1', doc2: '1' };

const countDossiers = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossiers`.execute(t.ctx.db)).rows[0]!.n;
const rowOf = (id: number) => t.ctx.db.selectFrom('dossiers').select(['id', 'code', 'version', 'documents', 'competent_unit_id', 'receiving_unit_id', 'channel']).where('id', '=', id).executeTakeFirstOrThrow();
const statusOf = async (id: number) => (await t.ctx.db.selectFrom('dossier_projection').select('status').where('dossier_id', '=', id).executeTakeFirstOrThrow()).status;
const unitIdOf = async (code: string) => (await t.ctx.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
const receiptId = (location: string | undefined) => Number(/^\/desk\/receipts\/(\d+)/.exec(location ?? '')?.[1]);
const strongIn = (html: string, id: string) => new RegExp(`<strong id="${id}">([^<]*)</strong>`).exec(html)?.[1] ?? null;
/** The error shown next to a field (its id is `f-<name>-err`). */
const errorNextTo = (html: string, name: string) => new RegExp(`id="f-${name}-err">([^<]*)<`).exec(html)?.[1] ?? null;

describe(`desk reception pages on ${engine}`, () => {
  it('are for desk officials: anonymous users go to the login, citizens and specialists get 403', async () => {
    const anon = await formSession(t);
    const r = await anon.get('/desk');
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/login?next=%2Fdesk');
    const form = await anon.get(`/desk/receive/${LAWYER}`);
    expect(form.headers.location).toBe(`/login?next=${encodeURIComponent(`/desk/receive/${LAWYER}`)}`);
    for (const u of ['congdan', 'chuyenvien']) {
      const s = await login(u);
      const f = await s.get('/desk');
      expect(f.statusCode, u).toBe(403);
      expect(f.body).toContain('Không có quyền');
      expect((await s.get(`/desk/receive/${LAWYER}`)).statusCode).toBe(403);
    }
  });

  it('the start page finds procedures by name without diacritics and links to their reception form', async () => {
    const s = await login('tiepnhan');
    const start = await s.get('/desk');
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('Trung tâm Phục vụ hành chính công tỉnh');
    // Without a query it lists what this desk receives: the departments' procedures.
    expect(start.body).toContain(`href="/desk/receive/${LAWYER}"`);
    const found = await s.get('/desk?q=tinh+trang+hon+nhan');
    expect(found.body).toContain(`href="/desk/receive/${MARITAL}"`);
    expect(found.body).toContain('Cấp Giấy xác nhận tình trạng hôn nhân');
    // English second.
    await s.get('/lang/en?next=/desk');
    const en = await s.get(`/desk/receive/${MARITAL}`);
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Receive a dossier: Cấp Giấy xác nhận tình trạng hôn nhân');
    expect(en.body).toContain('Preview the appointment');
    await s.get('/lang/vi?next=/desk');
  });

  it('previews the appointment, then receives with the scan uploaded at preview; the receipt shows the code and the same appointment', async () => {
    const s = await login('tiepnhan');
    const before = await countDossiers();
    const { csrf, key, html } = await openForm(s, LAWYER);
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain('Tiếp nhận');
    const base = { _csrf: csrf, idempotencyKey: key, ...citizen, ...allTicked };

    const preview = await send(s, LAWYER, { ...base, intent: 'preview' }, [{ field: 'docfile0', name: 'giay-de-nghi.pdf', type: 'application/pdf', bytes: PDF }]);
    expect(preview.statusCode, preview.body).toBe(200);
    const previewDue = strongIn(preview.body, 'desk-due');
    // 5 working days from Monday 09:00: the next Monday at 09:00.
    expect(previewDue).toContain('30/11/2026');
    expect(previewDue).toContain('09:00');
    expect(preview.body).toContain('Đã tải lên: giay-de-nghi.pdf');
    expect(preview.body).toContain('value="Trần Thị Thử"');
    expect(attr(preview.body, 'idempotencyKey')).toBe(key);
    const kept = attr(preview.body, 'docFileIds0')!;
    expect(kept).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await countDossiers()).toBe(before);

    const r = await send(s, LAWYER, { ...base, docFileIds0: kept, docCopies2: '2', intent: 'receive' });
    expect(r.statusCode, r.body).toBe(303);
    const id = receiptId(r.headers.location);
    expect(r.headers.location).toBe(`/desk/receipts/${id}`);
    expect(await countDossiers()).toBe(before + 1);
    const row = await rowOf(id);
    expect(row.code).toMatch(/^000\.00\.31\.H99-261123-\d{4}$/);
    expect(row.channel).toBe('counter');
    const docs = row.documents as unknown as { provided: boolean; copies: number; fileIds: string[] }[];
    expect(docs[0]!.fileIds).toEqual([kept]);
    expect(docs.every((d) => d.provided)).toBe(true);
    expect(docs[2]!.copies).toBe(2);

    const receipt = await s.get(r.headers.location!);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.body).toContain(`Đã tiếp nhận hồ sơ ${row.code}`);
    expect(strongIn(receipt.body, 'desk-due')).toBe(previewDue);
    const view = await getDossier(t.ctx, await userActor(t.ctx, 'tiepnhan'), id);
    expect(formatAppointment(view.state.clock!.currentDueAt, 'vi')).toBe(previewDue);
    expect(receipt.body).toContain(`href="/dossiers/${id}/forms/01"`);
    expect(receipt.body).toContain(`href="/dossiers/${id}/forms/01.pdf"`);
    expect(receipt.body).toContain('In Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)');
    expect(receipt.body).toContain(`href="/dossiers/${id}"`);
    expect(receipt.body).toContain('Tiếp nhận hồ sơ khác');

    // The same form sent again (a double click, a retry after a lost response) gives the same dossier.
    const again = await send(s, LAWYER, { ...base, docFileIds0: kept, docCopies2: '2', intent: 'receive' });
    expect(again.statusCode).toBe(303);
    expect(receiptId(again.headers.location)).toBe(id);
    expect(again.headers.location).toContain('again=1');
    expect(await countDossiers()).toBe(before + 1);
    expect((await s.get(again.headers.location!)).body).toContain('không tạo thêm hồ sơ mới');
    // The same key with something else changed is another request: refused, nothing written.
    const changed = await send(s, LAWYER, { ...base, docFileIds0: kept, docCopies2: '3', intent: 'receive' });
    expect(changed.statusCode).toBe(422);
    expect(changed.body).toContain('Khóa chống gửi trùng');
    expect(await countDossiers()).toBe(before + 1);
  });

  it('an invalid ID number comes back next to the CCCD field with everything typed kept, and nothing is written', async () => {
    const s = await login('tiepnhan');
    const before = await countDossiers();
    const { csrf, key } = await openForm(s, LAWYER);
    const r = await send(s, LAWYER, { _csrf: csrf, idempotencyKey: key, ...citizen, idNumber: '12345', ...allTicked, docCopies1: '3', intent: 'receive' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('role="alert"');
    expect(errorNextTo(r.body, 'idNumber')).toContain('12 chữ số');
    expect(r.body).toMatch(/aria-invalid="true" aria-describedby="f-idNumber-hint f-idNumber-err"/);
    expect(r.body).toContain('href="#f-idNumber"');
    expect(r.body).toContain('value="Trần Thị Thử"');
    expect(r.body).toContain('value="12345"');
    expect(r.body).toMatch(/name="docCopies1"[^>]*value="3"/);
    expect(r.body).toMatch(/name="doc2" value="1" checked/);
    expect(await countDossiers()).toBe(before);
  });

  it('a missing required document is named next to that document, and nothing is written', async () => {
    const s = await login('tiepnhan');
    const before = await countDossiers();
    const { csrf, key } = await openForm(s, LAWYER);
    const r = await send(s, LAWYER, { _csrf: csrf, idempotencyKey: key, ...citizen, doc0: '1', doc1: '1', intent: 'receive' });
    expect(r.statusCode).toBe(400);
    expect(errorNextTo(r.body, 'doc2')).toContain('Giấy tờ chứng minh trụ sở của chi nhánh');
    expect(errorNextTo(r.body, 'doc0')).toBeNull();
    expect(r.body).toContain('href="#f-doc2"');
    expect(await countDossiers()).toBe(before);
  });

  it('a program disguised as a PDF is refused next to that document’s file field', async () => {
    const s = await login('tiepnhan');
    const before = await countDossiers();
    const files = await t.ctx.db.selectFrom('stored_files').select('id').execute();
    const { csrf, key } = await openForm(s, LAWYER);
    const r = await send(s, LAWYER, { _csrf: csrf, idempotencyKey: key, ...citizen, ...allTicked, intent: 'receive' }, [{ field: 'docfile1', name: 'quyet-dinh.pdf', type: 'application/pdf', bytes: EXE }]);
    expect(r.statusCode).toBe(400);
    expect(errorNextTo(r.body, 'docfile1')).toMatch(/^quyet-dinh\.pdf: .*(PDF|JPEG|PNG)/);
    expect(await countDossiers()).toBe(before);
    expect(await t.ctx.db.selectFrom('stored_files').select('id').execute()).toHaveLength(files.length);
  });

  it('asks for a supplement before reception (form 02): a dossier without a code, waiting for the applicant', async () => {
    const s = await login('tiepnhan');
    const before = await countDossiers();
    const { csrf, key } = await openForm(s, LAWYER);
    const base = { _csrf: csrf, idempotencyKey: key, ...citizen, doc0: '1' };
    const noReason = await send(s, LAWYER, { ...base, items: 'Quyết định thành lập chi nhánh', intent: 'supplement' });
    expect(noReason.statusCode).toBe(400);
    expect(errorNextTo(noReason.body, 'reason')).toBeTruthy();
    expect(await countDossiers()).toBe(before);

    // Items left blank: the required documents not ticked are asked for.
    const r = await send(s, LAWYER, { ...base, items: '', reason: 'Thiếu giấy tờ theo quy định', intent: 'supplement' });
    expect(r.statusCode, r.body).toBe(303);
    const id = receiptId(r.headers.location);
    expect(await countDossiers()).toBe(before + 1);
    expect(await statusOf(id)).toBe('supplement_before_reception');
    expect((await rowOf(id)).code).toBeNull();
    const receipt = await s.get(r.headers.location!);
    expect(receipt.body).toContain('Đã yêu cầu bổ sung hồ sơ');
    expect(receipt.body).toContain(`href="/dossiers/${id}/forms/02"`);
    expect(receipt.body).toContain('<li>Quyết định thành lập chi nhánh</li>');
    expect(receipt.body).toContain('<li>Giấy tờ chứng minh trụ sở của chi nhánh</li>');
    expect(receipt.body).not.toContain('<li>Giấy đề nghị đăng ký hoạt động của chi nhánh theo mẫu</li>');
    expect(receipt.body).not.toContain('forms/01');
    // It is now on the start page's list of dossiers waiting for a supplement.
    expect((await s.get('/desk')).body).toContain(`href="/dossiers/${id}/forms/02"`);
  });

  it('refuses reception (form 03) with the reasons', async () => {
    const s = await login('tiepnhan');
    const before = await countDossiers();
    const { csrf, key } = await openForm(s, LAWYER);
    const base = { _csrf: csrf, idempotencyKey: key, ...citizen };
    const empty = await send(s, LAWYER, { ...base, reasons: '  ', intent: 'refuse' });
    expect(empty.statusCode).toBe(400);
    expect(errorNextTo(empty.body, 'reasons')).toBeTruthy();
    const r = await send(s, LAWYER, { ...base, reasons: 'Không thuộc thẩm quyền giải quyết của Sở Tư pháp', intent: 'refuse' });
    expect(r.statusCode, r.body).toBe(303);
    const id = receiptId(r.headers.location);
    expect(await countDossiers()).toBe(before + 1);
    expect(await statusOf(id)).toBe('refused');
    const receipt = await s.get(r.headers.location!);
    expect(receipt.body).toContain('Đã từ chối tiếp nhận hồ sơ');
    expect(receipt.body).toContain(`href="/dossiers/${id}/forms/03"`);
    expect(receipt.body).toContain(`href="/dossiers/${id}/forms/03.pdf"`);
  });

  it('receives a commune procedure for any commune of the province ("phi địa giới"), once the commune is chosen', async () => {
    const s = await login('tiepnhan');
    const before = await countDossiers();
    const { csrf, key, html } = await openForm(s, MARITAL);
    expect(html).toContain('<select id="f-competentUnitCode" name="competentUnitCode"');
    expect(html).toContain('Ủy ban nhân dân xã An Phú');
    expect(html).toContain('(không bắt buộc)');
    // The conditional document may be left unticked.
    const base = { _csrf: csrf, idempotencyKey: key, ...citizen, doc0: '1', doc2: '1' };
    const none = await send(s, MARITAL, { ...base, competentUnitCode: '', intent: 'receive' });
    expect(none.statusCode).toBe(400);
    expect(errorNextTo(none.body, 'competentUnitCode')).toContain('Chọn cơ quan');
    expect(await countDossiers()).toBe(before);
    const r = await send(s, MARITAL, { ...base, competentUnitCode: '000.00.43.H99', intent: 'receive' });
    expect(r.statusCode, r.body).toBe(303);
    const row = await rowOf(receiptId(r.headers.location));
    expect(row.competent_unit_id).toBe(await unitIdOf('000.00.43.H99'));
    expect(row.receiving_unit_id).toBe(await unitIdOf('000.00.31.H99'));
  });

  it('a replaced or abolished procedure is not received, and the page says what replaces it', async () => {
    const admin = await userActor(t.ctx, 'quantri');
    const s = await login('tiepnhan');
    const { csrf, key } = await openForm(s, '1.000627');
    await replaceProcedure(t.ctx, admin, '1.000627', '1.002153', { number: '99/QĐ-UBND', date: '2026-11-20' });
    const before = await countDossiers();
    const r = await send(s, '1.000627', { _csrf: csrf, idempotencyKey: key, ...citizen, doc0: '1', doc1: '1', intent: 'receive' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('đã được thay thế bởi thủ tục 1.002153');
    expect(await countDossiers()).toBe(before);
    const page = await s.get('/desk/receive/1.000627');
    expect(page.body).toContain('href="/desk/receive/1.002153"');
    expect(page.body).not.toContain('name="idempotencyKey"');

    const other = await openForm(s, '1.013834');
    await abolishProcedure(t.ctx, admin, '1.013834', { number: '100/QĐ-UBND', date: '2026-11-20' });
    const a = await send(s, '1.013834', { _csrf: other.csrf, idempotencyKey: other.key, ...citizen, doc0: '1', doc1: '1', doc2: '1', intent: 'receive' });
    expect(a.statusCode).toBe(400);
    expect(a.body).toContain('đã bị bãi bỏ theo Quyết định 100/QĐ-UBND');
    expect(await countDossiers()).toBe(before);
  });

  it('receives, sends back or refuses dossiers submitted online to this desk', async () => {
    const citizenActor = await userActor(t.ctx, 'congdan');
    const docs = ['Giấy đề nghị đăng ký hoạt động của chi nhánh theo mẫu', 'Quyết định thành lập chi nhánh', 'Giấy tờ chứng minh trụ sở của chi nhánh'];
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const documents = [];
      for (const name of docs) documents.push({ name, fileIds: [(await saveFile(t.ctx, citizenActor, { name: `${i}.pdf`, bytes: PDF, declaredType: 'application/pdf' })).id] });
      const draft = await saveDraft(t.ctx, citizenActor, { procedureCode: LAWYER, documents });
      ids.push((await submitOnline(t.ctx, citizenActor, { draftId: draft.id, idempotencyKey: `online-${i}` })).dossier.id);
    }
    const s = await login('tiepnhan');
    const start = await s.get('/desk');
    for (const id of ids) expect(start.body).toContain(`action="/desk/online/${id}/receive"`);
    expect(start.body).toContain('Đỗ Thị Mai');
    const csrf = attr(start.body, '_csrf')!;

    const received = await s.post(`/desk/online/${ids[0]}/receive`, { expectedVersion: '1' }, csrf);
    expect(received.statusCode, received.body).toBe(303);
    expect(receiptId(received.headers.location)).toBe(ids[0]);
    expect(await statusOf(ids[0]!)).toBe('received');
    const row = await rowOf(ids[0]!);
    expect(row.code).toMatch(/^000\.00\.31\.H99-261123-\d{4}$/);
    expect((await s.get(received.headers.location!)).body).toContain(`Đã tiếp nhận hồ sơ ${row.code}`);
    expect((await s.get('/desk')).body).not.toContain(`action="/desk/online/${ids[0]}/receive"`);

    // A form from before someone else acted is stale: 409, nothing written.
    const stale = await s.post(`/desk/online/${ids[1]}/receive`, { expectedVersion: '0' }, csrf);
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('role="alert"');
    expect(await statusOf(ids[1]!)).toBe('submitted');

    const page = await s.get(`/desk/online/${ids[1]}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Quyết định thành lập chi nhánh');
    expect(page.body).toContain('1.pdf');
    const noItems = await s.post(`/desk/online/${ids[1]}/supplement`, { expectedVersion: '1', items: '', reason: 'Bản quét không đọc được' }, csrf);
    expect(noItems.statusCode).toBe(400);
    expect(errorNextTo(noItems.body, 'items')).toBeTruthy();
    expect(noItems.body).toContain('Bản quét không đọc được');
    const sup = await s.post(`/desk/online/${ids[1]}/supplement`, { expectedVersion: '1', items: 'Quyết định thành lập chi nhánh (bản quét rõ nét)', reason: 'Bản quét không đọc được' }, csrf);
    expect(sup.statusCode, sup.body).toBe(303);
    expect(await statusOf(ids[1]!)).toBe('supplement_before_reception');
    expect((await s.get(sup.headers.location!)).body).toContain(`href="/dossiers/${ids[1]}/forms/02"`);

    const ref = await s.post(`/desk/online/${ids[2]}/refuse`, { expectedVersion: '1', reasons: 'Hồ sơ nộp trùng' }, csrf);
    expect(ref.statusCode, ref.body).toBe(303);
    expect(await statusOf(ids[2]!)).toBe('refused');
    expect((await s.get(ref.headers.location!)).body).toContain(`href="/dossiers/${ids[2]}/forms/03"`);
  });
  it('receives the same dossier when the applicant comes back after form 02, with its checklist checked again', async () => {
    const s = await login('tiepnhan');
    const { csrf, key } = await openForm(s, LAWYER);
    const sent = await send(s, LAWYER, { _csrf: csrf, idempotencyKey: key, ...citizen, doc0: '1', items: '', reason: 'Thiếu giấy tờ theo quy định', intent: 'supplement' }, [
      { field: 'docfile0', name: 'de-nghi.pdf', type: 'application/pdf', bytes: PDF },
    ]);
    expect(sent.statusCode, sent.body).toBe(303);
    const id = receiptId(sent.headers.location);
    expect((await s.get(sent.headers.location!)).body).toContain(`href="/desk/returning/${id}"`);
    expect((await s.get('/desk')).body).toContain(`href="/desk/returning/${id}"`);
    const before = await countDossiers();
    const scan = ((await rowOf(id)).documents as unknown as { fileIds: string[] }[])[0]!.fileIds[0]!;
    expect(scan).toBeTruthy();

    const start = t.clock.now;
    // The applicant comes back the same afternoon, at 14:00.
    t.clock.now = new Date('2026-11-23T07:00:00Z');
    try {
      const page = await s.get(`/desk/returning/${id}`);
      expect(page.statusCode, page.body).toBe(200);
      expect(page.body).toContain('Trần Thị Thử');
      expect(page.body).toContain('<li>Quyết định thành lập chi nhánh</li>');
      expect(page.body).toContain('<li>Giấy tờ chứng minh trụ sở của chi nhánh</li>');
      expect(page.body).toContain('Thiếu giấy tờ theo quy định');
      // The competent unit chosen at the counter, before the state knows it.
      expect(page.body).toMatch(/Cơ quan giải quyết<\/dt>\s*<dd>Sở Tư pháp<\/dd>/);
      expect(page.body).toContain('enctype="multipart/form-data"');
      expect(page.body).toContain('Đã tải lên: de-nghi.pdf');
      expect(attr(page.body, 'docFileIds0')).toBe(scan);
      // Every paper is checked again: nothing comes ticked.
      expect(page.body).not.toMatch(/name="doc\d" value="1" checked/);
      const version = attr(page.body, 'expectedVersion')!;
      expect(version).toBe(String((await rowOf(id)).version));
      const token = attr(page.body, '_csrf')!;
      const base = { _csrf: token, expectedVersion: version, docFileIds0: scan, comment: 'Đã đủ', intent: 'receive' };

      // A required document left unticked: named next to it, the ticks kept, nothing written.
      const missing = await sendTo(s, `/desk/returning/${id}`, { ...base, doc0: '1', doc1: '1', docCopies1: '2' });
      expect(missing.statusCode).toBe(400);
      expect(errorNextTo(missing.body, 'doc2')).toContain('Giấy tờ chứng minh trụ sở của chi nhánh');
      expect(errorNextTo(missing.body, 'doc0')).toBeNull();
      expect(missing.body).toMatch(/name="doc1" value="1" checked/);
      expect(missing.body).toMatch(/name="docCopies1"[^>]*value="2"/);
      expect(missing.body).toContain('>Đã đủ</textarea>');
      expect(await statusOf(id)).toBe('supplement_before_reception');
      expect((await rowOf(id)).code).toBeNull();
      expect(String((await rowOf(id)).version)).toBe(version);

      // A form from before another action on the dossier: 409, nothing written.
      const stale = await sendTo(s, `/desk/returning/${id}`, { ...base, ...allTicked, expectedVersion: String(Number(version) - 1) });
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('role="alert"');
      expect(stale.body).toContain('người khác thay đổi');
      expect(await statusOf(id)).toBe('supplement_before_reception');

      const r = await sendTo(s, `/desk/returning/${id}`, { ...base, ...allTicked });
      expect(r.statusCode, r.body).toBe(303);
      expect(r.headers.location).toBe(`/desk/receipts/${id}`);
      expect(await countDossiers()).toBe(before);
      expect(await statusOf(id)).toBe('received');
      const row = await rowOf(id);
      expect(row.code).toMatch(/^000\.00\.31\.H99-261123-\d{4}$/);
      const docs = row.documents as unknown as { provided: boolean; fileIds: string[] }[];
      expect(docs.map((d) => d.provided)).toEqual([true, true, true]);
      expect(docs[0]!.fileIds).toEqual([scan]);
      const receipt = await s.get(r.headers.location!);
      expect(receipt.body).toContain(`Đã tiếp nhận hồ sơ ${row.code}`);
      expect(receipt.body).toContain(`href="/dossiers/${id}/forms/01"`);
      // 5 working days from 14:00 (not from the morning's form 02): next Monday at 14:00.
      const due = strongIn(receipt.body, 'desk-due')!;
      expect(due).toContain('30/11/2026');
      expect(due).toContain('14:00');
      const view = await getDossier(t.ctx, await userActor(t.ctx, 'tiepnhan'), id);
      expect(formatAppointment(view.state.clock!.currentDueAt, 'vi')).toBe(due);
      expect(view.state.receivedAt?.toISOString()).toBe('2026-11-23T07:00:00.000Z');
      expect((await s.get('/desk')).body).not.toContain(`href="/desk/returning/${id}"`);
      // The page now says so, and offers no form.
      const done = await s.get(`/desk/returning/${id}`);
      expect(done.body).toContain('không còn chờ bổ sung');
      expect(done.body).not.toContain(`action="/desk/returning/${id}"`);
    } finally {
      t.clock.now = start;
    }
  });

  it('the returning page can ask for a supplement again, or refuse', async () => {
    const s = await login('tiepnhan');
    const { csrf, key } = await openForm(s, LAWYER);
    const sent = await send(s, LAWYER, { _csrf: csrf, idempotencyKey: key, ...citizen, doc0: '1', reason: 'Thiếu giấy tờ', intent: 'supplement' });
    const id = receiptId(sent.headers.location);
    const page = await s.get(`/desk/returning/${id}`);
    const base = { _csrf: attr(page.body, '_csrf')!, expectedVersion: attr(page.body, 'expectedVersion')! };

    const noReason = await sendTo(s, `/desk/returning/${id}`, { ...base, ...allTicked, items: 'Bản sao quyết định có chứng thực', intent: 'supplement' });
    expect(noReason.statusCode).toBe(400);
    expect(errorNextTo(noReason.body, 'reason')).toBeTruthy();
    expect(noReason.body).toContain('Bản sao quyết định có chứng thực');
    const again = await sendTo(s, `/desk/returning/${id}`, { ...base, ...allTicked, items: 'Bản sao quyết định có chứng thực', reason: 'Bản sao chưa chứng thực', intent: 'supplement' });
    expect(again.statusCode, again.body).toBe(303);
    expect(await statusOf(id)).toBe('supplement_before_reception');
    const second = await s.get(`/desk/returning/${id}`);
    expect(second.body).toContain('<li>Bản sao quyết định có chứng thực</li>');
    expect(second.body).not.toContain('<li>Quyết định thành lập chi nhánh</li>');

    const refused = await sendTo(s, `/desk/returning/${id}`, { _csrf: base._csrf, expectedVersion: attr(second.body, 'expectedVersion')!, reasons: 'Người nộp không bổ sung được giấy tờ', intent: 'refuse' });
    expect(refused.statusCode, refused.body).toBe(303);
    expect(await statusOf(id)).toBe('refused');
    expect((await s.get(refused.headers.location!)).body).toContain(`href="/dossiers/${id}/forms/03"`);
  });
});
