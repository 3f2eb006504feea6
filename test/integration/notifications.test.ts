// Outbox, channel adapters and the daily reminder, on the demo province's dossiers (some due soon, some late).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDailyReminders } from '../../src/app/reminders.js';
import { queueNotification } from '../../src/app/notifications.js';
import { HttpSmsChannel, LogChannel } from '../../src/jobs/channels/index.js';
import { handlers, useChannels } from '../../src/jobs/handlers.js';
import { Worker } from '../../src/jobs/worker.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // Every demo unit and official gets a contact, so each reminder has somewhere to go.
  await t.ctx.db.updateTable('units').set({ email: 'donvi@hoagiang.gov.vn' }).execute();
  await t.ctx.db.updateTable('users').set({ phone: '0912345678', email: null }).where('kind', '=', 'staff').execute();
  // The demo dossiers' messages to applicants are tested in applicant-notifications.test.ts: this file counts reminders.
  await t.ctx.db.deleteFrom('jobs').where('kind', '=', 'notifications.deliver').execute();
  await t.ctx.db.deleteFrom('notification_outbox').execute();
});
afterAll(async () => t?.drop());

describe(`notifications and reminders on ${engine}`, () => {
  it('queues one reminder per unit and official per working day, however often it runs', async () => {
    t.clock.now = new Date('2026-11-23T00:30:00Z'); // Monday 07:30 in Hà Nội
    const first = await sendDailyReminders(t.ctx);
    expect(first.workingDay).toBe(true);
    expect(first.units).toBeGreaterThan(0);
    expect(first.queued).toBe(first.units + first.officials - first.unreachable.length);
    const again = await sendDailyReminders(t.ctx);
    expect(again.queued).toBe(0);
    const rows = await t.ctx.db.selectFrom('notification_outbox').selectAll().where('kind', 'like', 'reminder.%').execute();
    expect(rows).toHaveLength(first.queued);
    const unitMail = rows.find((r) => r.kind === 'reminder.unit')!;
    expect(unitMail).toMatchObject({ channel: 'email', recipient: 'donvi@hoagiang.gov.vn', status: 'queued' });
    expect(unitMail.subject).toMatch(/^\[Một Cửa\] Nhắc việc ngày 23\/11: \d+ hồ sơ quá hạn, \d+ hồ sơ sắp đến hạn(, \d+ hồ sơ trực tuyến chờ tiếp nhận)?$/);
    expect(unitMail.body).toContain('CHƯA có văn bản xin lỗi');
    const sms = rows.find((r) => r.kind === 'reminder.official');
    expect(sms).toMatchObject({ channel: 'sms', recipient: '0912345678' });
  });

  it('skips rest days', async () => {
    t.clock.now = new Date('2026-11-22T00:30:00Z'); // Sunday
    expect(await sendDailyReminders(t.ctx)).toMatchObject({ workingDay: false, queued: 0 });
    t.clock.now = new Date('2026-11-23T00:30:00Z');
  });

  it('delivers through the channels, retries a failing gateway and never sends a message twice', async () => {
    const log = new LogChannel();
    let calls = 0;
    const flaky = new HttpSmsChannel('https://sms.example/send', 'secret', ['to', 'text'], (async (_url: string, init: RequestInit) => {
      calls++;
      expect(JSON.parse(String(init.body))).toMatchObject({ to: '0912345678' });
      expect((init.headers as Record<string, string>).authorization).toBe('Bearer secret');
      return new Response('fail', { status: calls === 1 ? 503 : 200 });
    }) as typeof fetch);
    useChannels(t.ctx, { email: log, sms: flaky });
    const w = new Worker(t.ctx, { handlers });
    await w.drain();
    const after = await t.ctx.db.selectFrom('notification_outbox').select(['status', 'channel', 'last_error']).execute();
    const failed = after.filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.last_error).toContain('503');
    expect(log.sent.length).toBe(after.filter((r) => r.channel === 'email').length);
    // The retry runs after its back-off.
    t.clock.now = new Date(t.clock.now.getTime() + 10 * 60_000);
    await w.drain();
    const final = await t.ctx.db.selectFrom('notification_outbox').select(['status', 'provider', 'attempts']).execute();
    expect(final.every((r) => r.status === 'sent')).toBe(true);
    const smsCount = final.filter((r) => r.provider === 'sms-http').length;
    expect(calls).toBe(smsCount + 1);
    await w.drain();
    expect(calls).toBe(smsCount + 1);
  });

  it('refuses malformed recipients instead of queueing undeliverable messages', async () => {
    const r = await t.ctx.db.transaction().execute((trx) =>
      queueNotification(trx, t.clock.now, { channel: 'sms', recipient: 'not a phone', subject: 'x', body: 'y', kind: 'test' }),
    );
    expect(r).toBeNull();
  });
});
