// A citizen applies online: finds the procedure, uploads documents, saves a draft, comes back, submits.
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { act, getDossier, userActor } from '../../src/app/dossiers/index.js';
import { DEMO_PASSWORD } from '../../src/seed/seed.js';
import { SCREENSHOTS, withBrowserApp } from '../support/browser.js';
import type { TestApp } from '../support/app.js';

let t: TestApp;
let browser: Browser;
let base: string;
withBrowserApp((x) => ({ t, browser, base } = x));

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const EXE = Buffer.from('MZ\x90\x00\x03\x00\x00\x00fake program', 'binary');

describe('browser: online submission', () => {
  it('a citizen uploads, saves a draft, is refused a disguised program, and submits', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/login?next=/procedures/1.000894`);
    await page.getByLabel('Tên đăng nhập').fill('congdan');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
    await page.getByLabel('Nơi giải quyết').selectOption({ label: 'Ủy ban nhân dân phường Đông Thành' });
    await page.locator('#doc-0').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Đã lưu');
    await expect(page.locator('main').textContent()).resolves.toContain('Đã tải lên 1 tệp');
    await page.screenshot({ path: `${SCREENSHOTS}apply-draft-phone.png`, fullPage: true });

    await page.goto(`${base}/my/dossiers`);
    await page.getByRole('link', { name: 'Đăng ký kết hôn' }).click();
    await page.locator('#doc-1').setInputFiles({ name: 'cccd.pdf', mimeType: 'application/pdf', buffer: EXE });
    await page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/PDF|JPG|PNG|loại tệp/i);
    await page.screenshot({ path: `${SCREENSHOTS}apply-bad-file-phone.png`, fullPage: true });

    await page.goto(`${base}/my/dossiers`);
    await page.getByRole('link', { name: 'Đăng ký kết hôn' }).click();
    await page.locator('#doc-1').setInputFiles({ name: 'cccd.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
    const text = await page.locator('main').textContent();
    expect(text, text ?? '').toContain('Hồ sơ đã được nộp');
    await expect(page.locator('main').textContent()).resolves.toContain('Mới đăng ký');
    await page.screenshot({ path: `${SCREENSHOTS}apply-submitted-phone.png`, fullPage: true });
    const files = await t.ctx.db.selectFrom('stored_files').select(['media_type', 'size_bytes']).execute();
    expect(files).toHaveLength(2);
    expect(files.every((f) => f.media_type === 'application/pdf')).toBe(true);
    await context.close();
  });

  it('the ward desk receives it from its queue; asked for a supplement, the citizen answers online', async () => {
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const d = await desk.newPage();
    await d.goto(`${base}/login?next=/desk`);
    await d.getByLabel('Tên đăng nhập').fill('tiepnhan.dongthanh');
    await d.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await d.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(d.locator('main').textContent()).resolves.toContain('Đăng ký kết hôn');
    await d.getByRole('button', { name: 'Tiếp nhận hồ sơ của Đỗ Thị Mai' }).click();
    const heading = (await d.locator('h1').textContent())!;
    expect(heading).toMatch(/^Đã tiếp nhận hồ sơ 000\.00\.41\.H99-261123-\d{4}$/);
    const code = heading.replace('Đã tiếp nhận hồ sơ ', '');
    await desk.close();

    // The ward's specialist finds a document unreadable (through the use cases: the processing pages have their own test).
    const row = await t.ctx.db.selectFrom('dossiers').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    let v = await getDossier(t.ctx, await userActor(t.ctx, 'tiepnhan.dongthanh'), row.id);
    const specialist = await userActor(t.ctx, 'chuyenvien.dongthanh');
    v = await act(t.ctx, await userActor(t.ctx, 'tiepnhan.dongthanh'), row.id, { type: 'forward', payload: { toStepIndex: 1, assigneeId: specialist.userId }, expectedVersion: v.version });
    await act(t.ctx, specialist, row.id, { type: 'request_supplement', payload: { items: ['Bản chụp CCCD rõ nét hai mặt'], reason: 'Bản chụp bị mờ' }, expectedVersion: v.version });

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/login?next=/my/dossiers`);
    await page.getByLabel('Tên đăng nhập').fill('congdan');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('link', { name: code }).click();
    await expect(page.locator('main').textContent()).resolves.toContain('Bản chụp CCCD rõ nét hai mặt');
    await page.screenshot({ path: `${SCREENSHOTS}citizen-supplement-request-phone.png`, fullPage: true });
    await page.getByLabel('Nội dung bổ sung').fill('Gửi lại bản chụp CCCD');
    await page.getByLabel(/Tệp đính kèm/).setInputFiles({ name: 'cccd-ro.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Gửi bổ sung' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Đã gửi phần bổ sung');
    await page.screenshot({ path: `${SCREENSHOTS}citizen-supplement-sent-phone.png`, fullPage: true });
    const after = await getDossier(t.ctx, specialist, row.id);
    expect(after.state).toMatchObject({ waitingFor: null, status: 'assigned', assigneeId: specialist.userId });
    await context.close();
  });
});
