// Officials process dossiers through the pages, without JavaScript: a dossier from the desk to its return (assigned
// by the leader, proposed by the specialist, approved and signed, finished, handed over), a supplement round trip,
// an inter-agency dossier whose agencies each hand in their part, and an apology with a new appointment.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { login } from '../../src/app/auth.js';
import { getDossier, receiveAtDesk, userActor, type DossierView } from '../../src/app/dossiers/index.js';
import { DEMO_PASSWORD } from '../../src/seed/seed.js';
import { localValue } from '../../src/http/vn-time.js';
import { SCREENSHOTS, withBrowserApp } from '../support/browser.js';
import type { TestApp } from '../support/app.js';
import { fullChecklist } from '../support/dossiers.js';

let t: TestApp;
let browser: Browser;
let base: string;
const contexts: BrowserContext[] = [];
withBrowserApp((x) => ({ t, browser, base } = x));
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A page signed in as `username`: the session is opened by the use case, since the sign-in form is rate limited. */
async function as(username: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
  contexts.push(context);
  const s = await login(t.ctx, { ip: '10.9.9.9', requestId: null, userAgent: null }, username, DEMO_PASSWORD);
  await context.addCookies([{ name: 'motcua_session', value: s.token, url: base }]);
  return context.newPage();
}

/** Time passes between hand-overs, so the control slip has something to show. */
const later = (minutes: number) => (t.clock.now = new Date(t.clock.now.getTime() + minutes * 60_000));

/** Opens an action's form, lets `fill` complete it, submits, and checks that the page came back with its notice. */
async function perform(page: Page, type: string, fill?: (form: ReturnType<Page['locator']>) => Promise<void>) {
  const box = page.locator(`#act-${type}`);
  await expect(box.count(), `the ${type} form is offered`).resolves.toBe(1);
  if ((await box.getAttribute('open')) === null) await box.locator('summary').click();
  if (fill) await fill(box);
  await Promise.all([page.waitForNavigation(), box.locator('button[type=submit]').click()]);
  if (!page.url().includes(`done=${type}`)) throw new Error(`${type} was refused: ${await page.locator('#error-summary').textContent()}`);
  await expect(page.getByRole('status').textContent()).resolves.toContain('Đã thực hiện');
  later(20);
}

async function demoId(applicantName: string): Promise<number> {
  const r = await t.ctx.db.selectFrom('dossier_projection').select('dossier_id').where('applicant_name', '=', applicantName).executeTakeFirstOrThrow();
  return r.dossier_id;
}

const documentsOf = (code: string) => fullChecklist(t.ctx, code);

async function receiveNew(procedureCode: string, key: string, competentUnitCode?: string): Promise<DossierView> {
  const desk = await userActor(t.ctx, 'tiepnhan');
  const r = await receiveAtDesk(t.ctx, desk, {
    procedureCode,
    channel: 'counter',
    applicant: { kind: 'organisation', fullName: 'Trịnh Văn Sơn', organisationName: 'Công ty TNHH Sông Hồng Xanh', taxCode: '0101234567', phone: '0913555111', address: '9 đường Lê Lợi, phường Đông Thành' },
    documents: await documentsOf(procedureCode),
    idempotencyKey: key,
    competentUnitCode,
  });
  return r.dossier;
}

const staff = async (username: string) => userActor(t.ctx, username);
const state = async (id: number) => (await getDossier(t.ctx, await staff('quantri'), id)).state;

describe('browser: processing dossiers', () => {
  it('the late unit’s leader apologises and sets a new appointment', async () => {
    const id = await demoId('Công ty Luật TNHH Minh Chính');
    const before = await state(id);
    expect(before.flags.dueWithinOneWorkingDay).toBe(true);
    const page = await as('lanhdao');
    await page.goto(`${base}/inbox?scope=unit&filter=due_soon`);
    await expect(page.locator('table.dos-inbox').textContent()).resolves.toContain(before.dossierCode!);
    await page.getByRole('link', { name: before.dossierCode!, exact: true }).click();
    const newDue = new Date(before.clock!.currentDueAt.getTime() + 2 * 24 * 3600_000);
    await perform(page, 'apologise', async (form) => {
      await form.getByLabel('Lý do chậm').fill('Cần xác minh trụ sở chi nhánh với Ủy ban nhân dân phường');
      await form.getByLabel('Thời gian hẹn trả mới').fill(localValue(newDue));
    });
    const after = await state(id);
    expect(after.apology).not.toBeNull();
    expect(after.apology!.newDueAt.getTime()).toBe(Math.floor(newDue.getTime() / 60_000) * 60_000);
    expect(after.clock!.currentDueAt.getTime()).toBe(after.apology!.newDueAt.getTime());
    expect(after.clock!.originalDueAt.getTime()).toBe(before.clock!.originalDueAt.getTime());
    await expect(page.locator('#dos-apology').textContent()).resolves.toContain('Cần xác minh trụ sở');
    await expect(page.locator('main').textContent()).resolves.toContain('Đã xin lỗi, hẹn lại');
    // Only once: the form is gone.
    await expect(page.locator('#act-apologise').count()).resolves.toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}apology.png`, fullPage: true });
  });

  it('a dossier goes from the desk to its return: assigned, proposed, approved, signed, finished, handed over', async () => {
    const d = await receiveNew('1.002099', 'browser-processing-1');
    const desk = await as('tiepnhan');
    await desk.goto(`${base}/dossiers/${d.id}`);
    await perform(desk, 'forward', async (form) => {
      await form.getByLabel('Ý kiến, ghi chú').fill('Chuyển Sở Tư pháp thẩm định');
    });
    expect((await state(d.id)).currentStepIndex).toBe(1);

    const leader = await as('lanhdao');
    await leader.goto(`${base}/inbox?scope=unit&filter=todo`);
    await leader.getByRole('link', { name: d.code!, exact: true }).click();
    await perform(leader, 'assign', async (form) => {
      await form.getByLabel('Người được phân công').selectOption({ label: 'Lê Minh Tuấn (chuyenvien)' });
    });
    await expect(leader.locator('#dos-assignee').textContent()).resolves.toBe('Lê Minh Tuấn');

    // The specialist signs in through the form, finds the dossier in their inbox and proposes the result.
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    contexts.push(ctx);
    const specialist = await ctx.newPage();
    await specialist.goto(`${base}/login?next=/inbox`);
    await specialist.getByLabel('Tên đăng nhập').fill('chuyenvien');
    await specialist.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await specialist.getByRole('button', { name: 'Đăng nhập' }).click();
    await specialist.waitForURL(`${base}/inbox`);
    await specialist.getByRole('link', { name: 'Của tôi' }).click();
    const row = specialist.locator('table.dos-inbox tr', { hasText: d.code! });
    await expect(row.textContent()).resolves.toMatch(/còn \d+ ngày( \d+ giờ)? làm việc/);
    await expect(specialist.locator('table.dos-inbox').textContent()).resolves.toContain('Đã xin lỗi, hẹn lại');
    await specialist.screenshot({ path: `${SCREENSHOTS}inbox.png`, fullPage: true });
    await row.getByRole('link').click();
    await expect(specialist.locator('h1').textContent()).resolves.toBe(`Hồ sơ ${d.code}`);
    await expect(specialist.locator('#act-sign').count()).resolves.toBe(0);
    await specialist.screenshot({ path: `${SCREENSHOTS}dossier-page.png`, fullPage: true });
    await perform(specialist, 'forward', async (form) => {
      await form.getByLabel('Ý kiến, ghi chú').fill('Hồ sơ đủ điều kiện; dự thảo Giấy đăng ký hoạt động của chi nhánh kèm theo');
      await form.getByLabel('Tệp đính kèm (không bắt buộc)').setInputFiles({ name: 'du-thao.pdf', mimeType: 'application/pdf', buffer: PDF });
    });

    await leader.goto(`${base}/dossiers/${d.id}`);
    await perform(leader, 'approve');
    await perform(leader, 'sign', async (form) => {
      await form.getByLabel('Số, ký hiệu văn bản kết quả').fill('125/GĐK-STP');
    });
    let s = await state(d.id);
    expect([s.approved, s.signed, s.status]).toEqual([true, true, 'signed']);
    await expect(leader.locator('main').textContent()).resolves.toContain('Đã duyệt, đã ký');
    await leader.screenshot({ path: `${SCREENSHOTS}dossier-approved.png`, fullPage: true });
    // Issue 10: the leader finishes at the approval step (the last processing step); the result then comes back to
    // the desk's final step by itself (before, the leader forwarded to the desk, which finished).
    await perform(leader, 'finish', async (form) => {
      await form.getByLabel('Kết quả điện tử (không bắt buộc)').setInputFiles({ name: 'giay-dang-ky.pdf', mimeType: 'application/pdf', buffer: PDF });
    });
    s = await state(d.id);
    expect(s.status).toBe('finished');
    expect(s.outcomeAgainstOriginal).toBe('early');
    await desk.goto(`${base}/dossiers/${d.id}`);
    await perform(desk, 'return_result', async (form) => {
      await form.getByLabel('Trả trực tiếp tại Bộ phận Một cửa').check();
    });
    s = await state(d.id);
    expect([s.status, s.nationalStatus, s.returnMethod]).toEqual(['returned', 10, 'counter']);
    expect(s.steps.map((r) => r.stepIndex)).toEqual([0, 1, 2, 3]);
    // The result file is there to download from the timeline.
    await desk.goto(`${base}/dossiers/${d.id}`);
    const link = desk.locator('.dos-timeline li', { hasText: 'Hoàn thành xử lý' }).getByRole('link').first();
    const href = await link.getAttribute('href');
    const file = await desk.request.get(`${base}${href}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('application/pdf');
  });

  it('a supplement is requested by the specialist and recorded by the desk when the applicant brings it', async () => {
    const id = await demoId('Lê Thị Hạnh');
    const specialist = await as('chuyenvien');
    await specialist.goto(`${base}/dossiers/${id}`);
    await perform(specialist, 'request_supplement', async (form) => {
      await form.getByLabel('Giấy tờ cần bổ sung, hoàn thiện').fill('Bản sao hợp đồng thuê trụ sở có chứng thực\nGiấy xác nhận của luật sư phụ trách chi nhánh');
      await form.locator('#f-request_supplement-reason').fill('Giấy tờ chứng minh trụ sở chưa thể hiện thời hạn thuê');
    });
    let s = await state(id);
    expect([s.status, s.nationalStatus, s.clock!.status]).toEqual(['awaiting_supplement', 5, 'paused']);
    expect(s.supplementRequests.at(-1)!.items).toEqual(['Bản sao hợp đồng thuê trụ sở có chứng thực', 'Giấy xác nhận của luật sư phụ trách chi nhánh']);
    await expect(specialist.locator('#dos-remaining').textContent()).resolves.toContain('Đang tạm dừng');
    await expect(specialist.locator('#act-forward').count()).resolves.toBe(0);
    await specialist.screenshot({ path: `${SCREENSHOTS}supplement-requested.png`, fullPage: true });
    await specialist.goto(`${base}/inbox?scope=mine&filter=waiting_supplement`);
    await expect(specialist.locator('table.dos-inbox').textContent()).resolves.toContain('Lê Thị Hạnh');

    later(60);
    const desk = await as('tiepnhan');
    await desk.goto(`${base}/dossiers/${id}`);
    await perform(desk, 'supplement_received', async (form) => {
      await form.getByLabel('Ghi chú về hồ sơ bổ sung').fill('Công dân nộp đủ 02 giấy tờ tại quầy');
    });
    s = await state(id);
    expect([s.status, s.waitingFor, s.clock!.status]).toEqual(['assigned', null, 'running']);
    expect(s.supplementRequests.at(-1)!.receivedAt).not.toBeNull();
  });

  it('an inter-agency dossier goes to every agency at once; each hands in its part before approval', async () => {
    const d = await receiveNew('1.013823', 'browser-inter-agency-1', '000.00.09.H99');
    expect(d.state.participants.map((p) => p.state)).toEqual(['in_progress', 'in_progress']);
    const desk = await as('tiepnhan');
    await desk.goto(`${base}/dossiers/${d.id}`);
    await expect(desk.locator('#dos-parts').textContent()).resolves.toContain('Xác định giá đất, nghĩa vụ tài chính về đất đai');
    const snnmtSpecialist = (await staff('chuyenvien.snnmt')).fullName;
    await perform(desk, 'forward', async (form) => {
      await form.getByLabel('Người nhận ở bước tiếp theo').selectOption({ label: `${snnmtSpecialist} (chuyenvien.snnmt)` });
    });

    const lead = await as('chuyenvien.snnmt');
    await lead.goto(`${base}/dossiers/${d.id}`);
    await perform(lead, 'contribute', async (form) => {
      await form.getByLabel('Kết quả, ghi chú').fill('Đã kiểm tra thực địa; đủ điều kiện giao đất');
    });
    await expect(lead.locator('#dos-parts').textContent()).resolves.toContain('Đang thực hiện');
    await lead.screenshot({ path: `${SCREENSHOTS}inter-agency.png`, fullPage: true });
    const stcSpecialist = (await staff('chuyenvien.stc')).fullName;
    await perform(lead, 'forward', async (form) => {
      await form.getByLabel('Người nhận ở bước tiếp theo').selectOption({ label: `${stcSpecialist} (chuyenvien.stc)` });
    });

    const finance = await as('chuyenvien.stc');
    await finance.goto(`${base}/inbox?scope=mine`);
    await finance.getByRole('link', { name: d.code!, exact: true }).click();
    await perform(finance, 'contribute', async (form) => {
      await form.getByLabel('Kết quả, ghi chú').fill('Giá đất và tiền thuê đất đã xác định');
    });
    await perform(finance, 'forward');
    const s = await state(d.id);
    expect(s.participants.map((p) => [p.state, p.result])).toEqual([
      ['done', 'completed'],
      ['done', 'completed'],
    ]);
    const leader = await as('lanhdao.snnmt');
    await leader.goto(`${base}/dossiers/${d.id}`);
    await expect(leader.locator('#act-approve').count()).resolves.toBe(1);
    await perform(leader, 'approve');
    expect((await state(d.id)).status).toBe('awaiting_signature');
  });
});
