// The public due-date calculator and the administrators' year calendar, in Debian's Chromium.
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/seed.js';
import { SCREENSHOTS, withBrowserApp } from '../support/browser.js';
import type { TestApp } from '../support/app.js';

let t: TestApp;
let browser: Browser;
let base: string;
withBrowserApp((x) => ({ t, browser, base } = x));

describe('browser: working calendar', () => {
  it('anyone computes a due date across Tết and sees why (phone, no JavaScript)', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Tính ngày hẹn trả' }).first().click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Tính ngày hẹn trả');
    await page.getByLabel('Ngày tiếp nhận').fill('2026-02-10');
    await page.getByLabel('Giờ tiếp nhận').fill('10:00');
    await page.getByLabel('Thời hạn giải quyết').fill('5');
    await page.getByLabel('Đơn vị thời hạn').selectOption('working_days');
    await page.getByRole('button', { name: 'Tính ngày hẹn trả' }).click();
    await expect(page.locator('#due').textContent()).resolves.toContain('10:00 Thứ Ba, 24/02/2026');
    const tet = page.locator('table.explain tr', { hasText: '17/02/2026' });
    await expect(tet.textContent()).resolves.toContain('Tết Nguyên đán Bính Ngọ (mùng 1)');
    await expect(tet.textContent()).resolves.toContain('✗ Không');
    await page.screenshot({ path: `${SCREENSHOTS}deadline-tet-phone.png`, fullPage: true });

    await page.getByLabel('Thời hạn giải quyết').fill('-3');
    await page.getByRole('button', { name: 'Tính ngày hẹn trả' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Thời hạn phải lớn hơn 0');
    await expect(page.locator('#f-amount').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.screenshot({ path: `${SCREENSHOTS}deadline-error-phone.png`, fullPage: true });
    await context.close();
  });

  it('an administrator reads the year grid, adds and edits a local closure, and the calculator follows it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/login?next=/admin/calendar`);
    await page.getByLabel('Tên đăng nhập').fill('quantri');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${base}/admin/calendar`);
    await page.goto(`${base}/admin/calendar?unit=&year=2026`);
    await expect(page.locator('td[data-date="2026-02-17"]').getAttribute('class')).resolves.toBe('day holiday');
    await expect(page.locator('td[data-date="2026-01-10"]').getAttribute('class')).resolves.toBe('day worksat');
    await expect(page.locator('td[data-date="2026-02-17"]').textContent()).resolves.toContain('Tết Nguyên đán Bính Ngọ (mùng 1)');
    await page.screenshot({ path: `${SCREENSHOTS}admin-calendar-2026.png`, fullPage: true });

    await page.getByLabel('Đơn vị').selectOption({ label: 'Phường Đông Thành (000.00.41.H99)' });
    await page.getByLabel('Năm').first().fill('2026');
    await page.getByRole('button', { name: 'Xem' }).click();
    await page.locator('#f-date').fill('2026-12-07');
    await page.locator('#f-kind').selectOption('closure');
    await page.locator('#f-reason').fill('Đóng cửa do bão theo Quyết định 12/QĐ-UBND');
    await page.getByRole('button', { name: 'Thêm vào lịch' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Đã lưu');
    await expect(page.locator('td[data-date="2026-12-07"]').getAttribute('class')).resolves.toBe('day closure');

    const row = page.locator('form.row-form').first();
    await row.locator('input[name="reason"]').fill('Đóng cửa do bão số 9 theo Quyết định 12/QĐ-UBND');
    await row.getByRole('button', { name: 'Lưu' }).click();
    await expect(page.locator('td[data-date="2026-12-07"]').getAttribute('title')).resolves.toBe('Đóng cửa do bão số 9 theo Quyết định 12/QĐ-UBND');
    await page.locator('td[data-date="2026-12-07"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}admin-calendar-ward-closure.png`, fullPage: true });

    // A duplicate is refused with the reason next to the field.
    await page.locator('#f-date').fill('2026-12-07');
    await page.locator('#f-reason').fill('Trùng ngày');
    await page.getByRole('button', { name: 'Thêm vào lịch' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Ngày đã có mục');

    await page.goto(`${base}/deadline?date=2026-12-04&time=09:00&amount=2&unit=working_days&unit_code=000.00.41.H99`);
    await expect(page.locator('#due').textContent()).resolves.toContain('09:00 Thứ Tư, 09/12/2026');
    await expect(page.locator('table.explain tr', { hasText: '07/12/2026' }).textContent()).resolves.toContain('bão số 9');
    await page.screenshot({ path: `${SCREENSHOTS}deadline-ward-closure.png`, fullPage: true });

    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'calendar.%').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['calendar.entry.create', 'calendar.entry.update']);
    await context.close();
  });
});
