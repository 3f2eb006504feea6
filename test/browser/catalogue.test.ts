// Procedure search and detail for citizens, and the provincial office's step editor, in Debian's Chromium.
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/seed.js';
import { SCREENSHOTS, withBrowserApp } from '../support/browser.js';
import type { TestApp } from '../support/app.js';

let t: TestApp;
let browser: Browser;
let base: string;
withBrowserApp((x) => ({ t, browser, base } = x));

describe('browser: procedure catalogue', () => {
  it('a citizen finds birth registration typed without diacritics and reads what to bring (phone, no JavaScript)', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Thủ tục hành chính' }).first().click();
    await page.getByLabel('Tìm theo tên hoặc mã').fill('dang ky khai sinh');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    const first = page.locator('ol.results li').first();
    await expect(first.textContent()).resolves.toContain('Đăng ký khai sinh');
    await page.screenshot({ path: `${SCREENSHOTS}procedures-search-phone.png`, fullPage: true });
    await first.getByRole('link').click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Đăng ký khai sinh');
    await expect(page.locator('main').textContent()).resolves.toContain('Giấy chứng sinh');
    await page.screenshot({ path: `${SCREENSHOTS}procedure-detail-phone.png`, fullPage: true });

    await page.goto(`${base}/procedures?q=1.001193`);
    await expect(page.locator('ol.results li').first().textContent()).resolves.toContain('1.001193');
    await page.goto(`${base}/procedures?q=zzqxw`);
    await expect(page.locator('#result-count').textContent()).resolves.toBe('0 thủ tục');
    await context.close();
  });

  it('the province administrator checks a process against the limit before approving it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/login?next=/admin/procedures`);
    await page.getByLabel('Tên đăng nhập').fill('quantri');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${base}/admin/procedures`);
    await page.screenshot({ path: `${SCREENSHOTS}admin-procedures.png`, fullPage: false });
    await page.goto(`${base}/admin/procedures/1.000894`);
    const editor = page.locator('table.steps');
    await expect(editor.count()).resolves.toBe(1);
    const rows = await page.locator('table.steps tbody tr').count();
    // Make the first step far too long, check, and see the refusal against the reduced limit.
    await page.locator('#s0-amount').fill('40');
    await page.locator('#s0-tu').selectOption('working_hours');
    await page.getByRole('button', { name: 'Kiểm tra tổng thời gian' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('vượt');
    await expect(page.locator('#process-total .badge.err').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENSHOTS}admin-process-over-limit.png`, fullPage: true });
    await page.locator('#s0-amount').fill('1');
    await page.getByRole('button', { name: 'Kiểm tra tổng thời gian' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Quy trình hợp lệ');
    await page.getByRole('button', { name: 'Phê duyệt quy trình' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Đã lưu');
    expect(await page.locator('table.steps tbody tr').count()).toBe(rows);
    await context.close();
  });
});
