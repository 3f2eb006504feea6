// A leader's statistics journey in Chromium: the menu, the filters (a GET form, no JavaScript needed), a figure
// opened on its dossiers, and the table by unit downloaded as Excel and read back.
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/seed.js';
import { SCREENSHOTS, withBrowserApp } from '../support/browser.js';
import type { TestApp } from '../support/app.js';

let t: TestApp;
let browser: Browser;
let base: string;
withBrowserApp((x) => ({ t, browser, base } = x));

describe('browser: statistics', () => {
  it('the province administrator reads the province’s figures, opens one, and downloads the table as Excel', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill('quantri');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${base}/`);

    await page.getByRole('link', { name: 'Thống kê' }).click();
    await page.waitForURL(/\/thong-ke/);
    await page.getByLabel('Từ ngày').fill('2026-08-01');
    await page.getByLabel('Đến ngày').fill('2026-11-30');
    await page.getByLabel('Gồm cả đơn vị trực thuộc').check();
    await page.getByRole('button', { name: 'Xem số liệu' }).click();
    await page.waitForURL(/subunits=true/);
    await expect(page.getByRole('heading', { name: 'Theo đơn vị' }).count()).resolves.toBe(1);
    await expect(page.locator('figure.chart svg').count()).resolves.toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}statistics-province.png`, fullPage: true });

    // The figure's number is the number of dossiers its link opens.
    const received = page.locator('dl.figures div').filter({ hasText: 'Tiếp nhận mới trong kỳ' }).getByRole('link');
    const shown = Number((await received.textContent())!.replace(/\D/g, ''));
    expect(shown).toBeGreaterThan(0);
    await received.click();
    await page.waitForURL(/\/thong-ke\/ho-so/);
    await expect(page.locator('h2').first().textContent()).resolves.toMatch(/^Tiếp nhận mới trong kỳ: /);
    const total = await t.ctx.db.selectFrom('dossier_projection').select((eb) => eb.fn.countAll<number>().as('n')).where('received_at', '>=', new Date('2026-07-31T17:00:00Z')).where('received_at', '<', new Date('2026-11-30T17:00:00Z')).executeTakeFirstOrThrow();
    expect(shown).toBe(Number(total.n));
    await page.screenshot({ path: `${SCREENSHOTS}statistics-drill-down.png`, fullPage: true });
    await page.getByRole('link', { name: '← Quay lại số liệu' }).click();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Excel (.xlsx)' }).click()]);
    expect(download.suggestedFilename()).toBe('thong-ke_000.00.00.H99_2026-08-01_2026-11-30.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const ws = wb.getWorksheet('Theo đơn vị')!;
    expect(ws.getRow(1).getCell(3).value).toBe('Tiếp nhận mới');
    expect(ws.getRow(ws.rowCount).getCell(2).value).toBe('Tổng cộng');
    expect(ws.getRow(ws.rowCount).getCell(3).value).toBe(shown);
    await context.close();
  });
});
