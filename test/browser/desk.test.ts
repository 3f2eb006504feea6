// The desk official receives a dossier at the counter in Debian's Chromium, without JavaScript: picks the procedure,
// types the applicant, ticks the documents, attaches a scan, previews the appointment, receives, prints the receipt.
// The test clock stands at Monday 23 November 2026, 09:00 in Vietnam.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/seed.js';
import { SCREENSHOTS, withBrowserApp } from '../support/browser.js';
import type { TestApp } from '../support/app.js';

let t: TestApp;
let browser: Browser;
let base: string;
withBrowserApp((x) => ({ t, browser, base } = x));

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('browser: desk reception', () => {
  it('tiepnhan receives a commune dossier for another ward, with a scan and the appointment previewed; then one on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/login?next=/desk`);
    await page.getByLabel('Tên đăng nhập').fill('tiepnhan');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Tiếp nhận hồ sơ');
    await page.screenshot({ path: `${SCREENSHOTS}desk-start.png`, fullPage: true });

    await page.getByLabel('Tên hoặc mã thủ tục').fill('xac nhan tinh trang hon nhan');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.getByRole('link', { name: 'Cấp Giấy xác nhận tình trạng hôn nhân' }).click();
    await expect(page.locator('h1').textContent()).resolves.toContain('Cấp Giấy xác nhận tình trạng hôn nhân');

    await page.getByLabel('Cơ quan có thẩm quyền giải quyết').selectOption({ label: 'Ủy ban nhân dân phường Đông Thành' });
    await page.getByRole('radio', { name: 'Công dân' }).check();
    await page.getByLabel('Họ và tên người nộp').fill('Lê Văn Khách');
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill('036090001234');
    await page.getByLabel('Địa chỉ').fill('12 đường Bà Triệu, phường Tây Sơn');
    await page.getByLabel('Số điện thoại').fill('0912 345 678');
    await page.locator('#f-doc0').check();
    await page.locator('#f-doc2').check();
    await page.locator('#f-docfile0').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Xem ngày hẹn' }).click();

    // 2 working days from Monday 09:00.
    const due = await page.locator('#desk-due').textContent();
    expect(due).toContain('25/11/2026');
    expect(due).toContain('09:00');
    await expect(page.locator('main').textContent()).resolves.toContain('Đã tải lên: to-khai.pdf');
    await expect(page.getByLabel('Họ và tên người nộp').inputValue()).resolves.toBe('Lê Văn Khách');
    await expect(page.locator('#f-doc2').isChecked()).resolves.toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}desk-reception-form.png`, fullPage: true });

    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    const heading = await page.locator('h1').textContent();
    expect(heading).toMatch(/^Đã tiếp nhận hồ sơ 000\.00\.31\.H99-261123-\d{4}$/);
    await expect(page.locator('#desk-due').textContent()).resolves.toBe(due);
    const code = heading!.replace('Đã tiếp nhận hồ sơ ', '');
    await expect(page.getByRole('link', { name: 'In Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)' }).getAttribute('href')).resolves.toMatch(/^\/dossiers\/\d+\/forms\/01$/);
    await page.screenshot({ path: `${SCREENSHOTS}desk-receipt.png`, fullPage: true });

    // The printed receipt (form 01): the printable page, and the PDF whose text must say what the desk promised.
    await page.getByRole('link', { name: 'In Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)' }).click();
    await expect(page.locator('body').textContent()).resolves.toContain(code);
    await page.screenshot({ path: `${SCREENSHOTS}desk-form01.png`, fullPage: true });
    const pdfResponse = await page.request.get(`${page.url()}.pdf`);
    expect(pdfResponse.headers()['content-type']).toBe('application/pdf');
    const pdfPath = `${SCREENSHOTS}desk-form01.pdf`;
    writeFileSync(pdfPath, await pdfResponse.body());
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain(code);
    expect(text).toContain('Lê Văn Khách');
    expect(text).toContain('Cấp Giấy xác nhận tình trạng hôn nhân');
    expect(text).toContain('25/11/2026');
    // The QR code carries the public tracking link, printed under it too; a citizen's phone opens it without an account.
    const qrUrl = new URL(/https?:\/\/\S+\/tra-cuu\/\S+\?t=[\w-]+/.exec(text.replace(/\s+(?=\S*\?t=)/g, ''))![0]);
    const citizenPhone = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const tracking = await citizenPhone.newPage();
    await tracking.goto(`${base}${qrUrl.pathname}${qrUrl.search}`);
    const shown = (await tracking.locator('main').textContent())!;
    expect(shown).toContain(code);
    expect(shown).toContain('L.V.K.');
    expect(shown).not.toContain('Lê Văn Khách');
    expect(shown).toContain('25/11/2026');
    await tracking.screenshot({ path: `${SCREENSHOTS}tracking-from-qr-phone.png`, fullPage: true });
    await citizenPhone.close();

    const row = await t.ctx.db.selectFrom('dossiers').select(['documents', 'competent_unit_id']).where('code', '=', code).executeTakeFirstOrThrow();
    const ward = await t.ctx.db.selectFrom('units').select('id').where('code', '=', '000.00.41.H99').executeTakeFirstOrThrow();
    expect(row.competent_unit_id).toBe(ward.id);
    const docs = row.documents as unknown as { provided: boolean; fileIds: string[] }[];
    expect(docs.map((d) => d.provided)).toEqual([true, false, true]);
    expect(docs[0]!.fileIds).toHaveLength(1);

    // The same desk on a phone: an organisation's dossier for a department.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false, storageState: await context.storageState() });
    await context.close();
    const p = await phone.newPage();
    await p.goto(`${base}/desk/receive/1.002099`);
    await p.getByRole('radio', { name: 'Tổ chức, doanh nghiệp' }).check();
    await p.getByLabel('Họ và tên người nộp').fill('Phạm Minh Đức');
    await p.getByLabel('Tên tổ chức, doanh nghiệp').fill('Công ty Luật TNHH Hòa Giang');
    await p.getByLabel('Mã số doanh nghiệp, mã số thuế').fill('5300123456');
    for (const i of [0, 1, 2]) await p.locator(`#f-doc${i}`).check();
    await p.getByRole('button', { name: 'Xem ngày hẹn' }).click();
    await expect(p.locator('#desk-due').textContent()).resolves.toContain('30/11/2026');
    await p.screenshot({ path: `${SCREENSHOTS}desk-reception-form-phone.png`, fullPage: true });
    await p.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await expect(p.locator('h1').textContent()).resolves.toMatch(/^Đã tiếp nhận hồ sơ 000\.00\.31\.H99-261123-\d{4}$/);
    await p.screenshot({ path: `${SCREENSHOTS}desk-receipt-phone.png`, fullPage: true });
    await phone.close();
  });
  it('form 02 at the counter, then the applicant comes back: the same dossier is checked again and received', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/login?next=/desk/receive/1.002099`);
    await page.getByLabel('Tên đăng nhập').fill('tiepnhan');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByLabel('Họ và tên người nộp').fill('Nguyễn Thị Quay Lại');
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill('036190098765');
    await page.locator('#f-doc0').check();
    await page.locator('#f-docfile0').setInputFiles({ name: 'de-nghi.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByLabel('Lý do', { exact: true }).fill('Thiếu giấy tờ theo quy định');
    await page.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Đã yêu cầu bổ sung hồ sơ');
    const id = Number(/\/desk\/receipts\/(\d+)/.exec(page.url())![1]);

    // Back at the start page later: the dossier is on the list, with a way to receive it.
    await page.goto(`${base}/desk`);
    await page.getByRole('link', { name: 'Người nộp đã quay lại: tiếp nhận hồ sơ của Nguyễn Thị Quay Lại' }).click();
    await expect(page.locator('h1').textContent()).resolves.toContain('Tiếp nhận hồ sơ đã bổ sung');
    await expect(page.locator('main').textContent()).resolves.toContain('Quyết định thành lập chi nhánh');
    await expect(page.locator('main').textContent()).resolves.toContain('Đã tải lên: de-nghi.pdf');

    // One paper still missing: the error stands next to it, the ticks stay.
    await page.locator('#f-doc0').check();
    await page.locator('#f-doc1').check();
    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await expect(page.locator('#f-doc2-err').textContent()).resolves.toContain('Giấy tờ chứng minh trụ sở của chi nhánh');
    await expect(page.locator('#f-doc1').isChecked()).resolves.toBe(true);
    await page.locator('#f-doc2').check();
    await page.locator('#f-docfile2').setInputFiles({ name: 'tru-so.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.screenshot({ path: `${SCREENSHOTS}desk-returning.png`, fullPage: true });
    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();

    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Đã tiếp nhận hồ sơ 000\.00\.31\.H99-261123-\d{4}$/);
    expect(page.url()).toBe(`${base}/desk/receipts/${id}`);
    await expect(page.locator('#desk-due').textContent()).resolves.toContain('30/11/2026');
    const row = await t.ctx.db.selectFrom('dossiers').select(['documents']).where('id', '=', id).executeTakeFirstOrThrow();
    const docs = row.documents as unknown as { provided: boolean; fileIds: string[] }[];
    expect(docs.map((d) => d.provided)).toEqual([true, true, true]);
    expect(docs.map((d) => d.fileIds.length)).toEqual([1, 0, 1]);
    await context.close();
  });
});
