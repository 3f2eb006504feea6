// axe-core on the main pages, as each kind of user reaches them in Chromium: the public pages, the desk, the inbox, a
// dossier, the statistics, the catalogue and the applicant's own pages. A WCAG 2.1 A/AA rule broken on any of them
// fails here, with the rule, the page and the offending elements.
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/seed.js';
import { SCREENSHOTS, withBrowserApp } from '../support/browser.js';
import type { TestApp } from '../support/app.js';

let t: TestApp;
let browser: Browser;
let base: string;
withBrowserApp((x) => ({ t, browser, base } = x));

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

// Written as page source: axe runs in the page, where `window` and `document` are (not in this file's types).
const RUN_AXE = `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
  .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`;

async function violations(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: axe.source });
  return page.evaluate<Violation[]>(RUN_AXE);
}

async function signedIn(username: string): Promise<Page> {
  // The app's CSP forbids inline scripts, rightly; only this test injects one (axe).
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`${base}/`);
  return page;
}

async function check(page: Page, path: string, name: string): Promise<[string, Violation[]]> {
  const r = await page.goto(`${base}${path}`);
  expect(r?.status(), `${path}`).toBeLessThan(400);
  await page.screenshot({ path: `${SCREENSHOTS}a11y-${name}.png`, fullPage: true });
  return [path, await violations(page)];
}

describe('browser: accessibility of the main pages (axe-core, WCAG 2.1 AA)', () => {
  it('public pages', async () => {
    const page = await browser.newPage({ bypassCSP: true });
    const found = Object.fromEntries([await check(page, '/login', 'login'), await check(page, '/procedures', 'procedures'), await check(page, '/tra-cuu', 'tracking'), await check(page, '/deadline', 'deadline'), await check(page, '/cong-khai/thong-ke?period=2026-11', 'public-statistics')]);
    await page.close();
    expect(found).toEqual({ '/login': [], '/procedures': [], '/tra-cuu': [], '/deadline': [], '/cong-khai/thong-ke?period=2026-11': [] });
  });

  it('the desk, the inbox and a dossier', async () => {
    const dossier = await t.ctx.db.selectFrom('dossier_projection').select('dossier_id').where('phase', '=', 'processing').orderBy('dossier_id').executeTakeFirstOrThrow();
    const page = await signedIn('tiepnhan');
    const found = Object.fromEntries([await check(page, '/', 'home-desk'), await check(page, '/desk', 'desk'), await check(page, '/inbox', 'inbox'), await check(page, `/dossiers/${dossier.dossier_id}`, 'dossier')]);
    await page.context().close();
    expect(found).toEqual({ '/': [], '/desk': [], '/inbox': [], [`/dossiers/${dossier.dossier_id}`]: [] });
  });

  it('the leader’s statistics and the administrator’s catalogue', async () => {
    const leader = await signedIn('lanhdao');
    const stats = await check(leader, '/thong-ke?unit=000.00.05.H99&from=2026-11-01&to=2026-11-30', 'statistics');
    await leader.context().close();
    const admin = await signedIn('quantri');
    const catalogue = await check(admin, '/admin/procedures', 'admin-procedures');
    const units = await check(admin, '/thong-ke?unit=000.00.00.H99&from=2026-11-01&to=2026-11-30&subunits=true', 'statistics-units');
    await admin.context().close();
    expect(Object.fromEntries([stats, catalogue, units])).toEqual({ [stats[0]]: [], [catalogue[0]]: [], [units[0]]: [] });
  });

  it('the applicant’s own pages', async () => {
    const page = await signedIn('congdan');
    const found = Object.fromEntries([await check(page, '/', 'home-citizen'), await check(page, '/my/dossiers', 'my-dossiers')]);
    await page.context().close();
    expect(found).toEqual({ '/': [], '/my/dossiers': [] });
  });
});
