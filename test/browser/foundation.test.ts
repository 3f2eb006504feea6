// Real journeys in Debian's Chromium against the real server on PGlite: the login page and every role's home.
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/seed/seed.js';
import { SCREENSHOTS, withBrowserApp } from '../support/browser.js';
import type { TestApp } from '../support/app.js';

let t: TestApp;
let browser: Browser;
let base: string;
withBrowserApp((x) => ({ t, browser, base } = x));

describe('browser: sign-in and role homes', () => {
  it('shows the login page in Vietnamese, with an English switch', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${base}/login`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Đăng nhập');
    await page.screenshot({ path: `${SCREENSHOTS}login-vi-phone.png`, fullPage: true });
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Sign in');
    await page.screenshot({ path: `${SCREENSHOTS}login-en-phone.png`, fullPage: true });
    await page.close();
  });

  it('a wrong password shows an accessible error', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill('tiepnhan');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau-1');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('không đúng');
    await page.screenshot({ path: `${SCREENSHOTS}login-error.png`, fullPage: true });
    await page.close();
  });

  for (const account of DEMO_ACCOUNTS) {
    it(`logs in as ${account.username} (${account.role}) and shows the home page`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${base}/`);
      await page.getByRole('link', { name: 'Đăng nhập' }).first().click();
      await page.getByLabel('Tên đăng nhập').fill(account.username);
      await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.waitForURL(`${base}/`);
      await expect(page.locator('h1').textContent()).resolves.toContain(account.fullName);
      const role = account.role === 'business' ? 'citizen' : account.role;
      expect(await page.locator(`[data-role="${role}"]`).count()).toBeGreaterThan(0);
      await page.screenshot({ path: `${SCREENSHOTS}home-${account.role}.png`, fullPage: true });
      await page.getByRole('button', { name: /Đăng xuất/ }).click();
      await page.waitForURL(`${base}/login`);
      await context.close();
    });
  }

  it('admin manages units and users without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill('quantri');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.goto(`${base}/admin/units`);
    await page.locator('#f-name').fill('Sở Khoa học và Công nghệ');
    await page.getByLabel('Mã định danh').fill('000.00.18.H99');
    await page.getByLabel('Đơn vị cấp trên').selectOption({ label: 'Ủy ban nhân dân tỉnh Hòa Giang (000.00.00.H99)' });
    await page.getByRole('button', { name: 'Tạo mới' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Đã tạo đơn vị');
    await page.goto(`${base}/admin/units`);
    await page.screenshot({ path: `${SCREENSHOTS}admin-units.png`, fullPage: true });
    await page.goto(`${base}/admin/users`);
    await page.screenshot({ path: `${SCREENSHOTS}admin-users.png`, fullPage: true });
    await page.goto(`${base}/admin/jobs`);
    await page.screenshot({ path: `${SCREENSHOTS}admin-jobs.png`, fullPage: true });
    await context.close();
  });
});
