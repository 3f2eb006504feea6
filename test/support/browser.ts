import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser } from 'playwright-core';

export const SCREENSHOTS = new URL('../../test-results/', import.meta.url).pathname;

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * Starts a seeded app on a free port and Chromium before a browser test file, and stops both after it; `set`
 * receives them so the file keeps plain variables.
 */
export async function startBrowserApp(): Promise<{ t: import('./app.js').TestApp; browser: Browser; base: string }> {
  const { createTestApp } = await import('./app.js');
  const t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as import('node:net').AddressInfo).port}`;
  return { t, browser: await launchChromium(), base };
}

/**
 * The usual set-up of a browser test file: the app and Chromium started before its tests and stopped after them.
 * `set` receives them once started, so the file keeps plain variables.
 */
export function withBrowserApp(set: (x: { t: import('./app.js').TestApp; browser: Browser; base: string }) => void): void {
  let started: Awaited<ReturnType<typeof startBrowserApp>> | undefined;
  beforeAll(async () => {
    started = await startBrowserApp();
    set(started);
  });
  afterAll(async () => {
    await started?.browser.close();
    await started?.t.drop();
  });
}
