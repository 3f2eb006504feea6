// The home pages' figures come from the dossier projection for the reader's scope (issue 10): no placeholder. Checked
// by adding dossiers whose outcome is known to the demo province and reading the cards again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../../src/app/actor.js';
import { act, listMyDossiers, receiveAtDesk, userActor, type DossierView } from '../../src/app/dossiers/index.js';
import { createTestApp, formSession, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';
import { fullChecklist } from '../support/dossiers.js';

let t: TestApp;
const A: Record<string, UserActor> = {};
const LAWYER = '1.002099'; // Sở Tư pháp through the provincial centre, 5 working days
const START = '2026-11-23T02:00:00Z';

beforeAll(async () => {
  t = await createTestApp();
  for (const u of ['tiepnhan', 'lanhdao', 'congdan']) A[u] = await userActor(t.ctx, u);
});
afterAll(async () => t?.drop());

const strip = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
/** The number on the card whose heading is `title`. */
function figure(body: string, title: string): number | null {
  const cards = body.split('<section class="card"').slice(1);
  const card = cards.find((c) => strip(c.split('</h2>')[0]!).includes(title));
  if (!card) return null;
  const m = /<p class="num">([^<]*)<\/p>/.exec(card);
  return m ? Number(m[1]!.replace(/[^\d]/g, '')) : null;
}
function onTime(body: string): { onTime: number; ended: number } | null {
  const m = /(\d+)\/(\d+) hồ sơ đã giải quyết trước hạn hoặc đúng hạn/.exec(body);
  return m ? { onTime: Number(m[1]), ended: Number(m[2]) } : null;
}
async function home(username: string) {
  const s = await formSession(t);
  await s.post('/login', { username, password: 'MotCua@2026' });
  return (await s.get('/')).body;
}
async function receive(at: string, key: string): Promise<DossierView> {
  t.clock.now = new Date(at);
  const applicant = { kind: 'citizen' as const, fullName: 'Nguyễn Văn Đếm', idNumber: '036190012345', phone: '0913012345', address: 'Phường Đông Thành' };
  return (await receiveAtDesk(t.ctx, A.tiepnhan!, { procedureCode: LAWYER, channel: 'counter', applicant, documents: await fullChecklist(t.ctx, LAWYER), idempotencyKey: key })).dossier;
}
async function refuse(d: DossierView, at: string) {
  t.clock.now = new Date(at);
  return act(t.ctx, A.lanhdao!, d.id, { type: 'refuse_after_examination', payload: { reasons: 'Không đủ điều kiện' }, expectedVersion: d.version } as never);
}

describe(`home page figures on ${engine}`, () => {
  it('the monitor sees the on-time rate and the late dossiers without apology of its province, from the dossiers', async () => {
    t.clock.now = new Date(START);
    const before = await home('theodoi');
    expect(before).not.toContain('Chưa có hồ sơ để tính');
    const rate0 = onTime(before);
    const late0 = figure(before, 'Hồ sơ quá hạn chưa xin lỗi');
    expect(late0).not.toBeNull();
    const desk0 = figure(await home('tiepnhan'), 'Hồ sơ đã tiếp nhận đang quá hạn');
    expect(desk0).not.toBeNull();

    // Early: received Mon 9 Nov, refused after examination the next day. Late: received Mon 2 Nov (due Mon 9 Nov),
    // refused Fri 20 Nov. Still open and late: received Tue 3 Nov, due Tue 10 Nov.
    const early = await receive('2026-11-09T02:00:00Z', 'home-early');
    expect((await refuse(early, '2026-11-10T02:00:00Z')).state.outcomeAgainstOriginal).toBe('early');
    const late = await receive('2026-11-02T02:00:00Z', 'home-late');
    expect((await refuse(late, '2026-11-20T02:00:00Z')).state.outcomeAgainstOriginal).toBe('late');
    await receive('2026-11-03T02:00:00Z', 'home-open-late');
    t.clock.now = new Date(START);

    const after = await home('theodoi');
    const rate1 = onTime(after)!;
    expect(rate1).toEqual({ onTime: (rate0?.onTime ?? 0) + 1, ended: (rate0?.ended ?? 0) + 2 });
    const pct = Math.round((rate1.onTime / rate1.ended) * 1000) / 10;
    expect(after).toContain(`<p class="num">${String(pct).replace('.', ',')} %</p>`);
    expect(figure(after, 'Hồ sơ quá hạn chưa xin lỗi')).toBe(late0! + 2);
    expect(figure(await home('tiepnhan'), 'Hồ sơ đã tiếp nhận đang quá hạn')).toBe(desk0! + 1);
  });

  it('the applicant sees the count of their own dossiers; no card shows a figure that is not read from data', async () => {
    t.clock.now = new Date(START);
    const body = await home('congdan');
    expect(figure(body, 'Hồ sơ của tôi')).toBe((await listMyDossiers(t.ctx, A.congdan!)).total);
    for (const u of ['theodoi', 'tiepnhan', 'chuyenvien', 'lanhdao', 'quantri', 'congdan']) {
      const page = await home(u);
      // Every figure card carries a number or says why there is none.
      for (const card of page.split('<section class="card" data-figure').slice(1)) expect(card.split('</section>')[0]).toMatch(/<p class="num">\d|<p class="muted">/);
    }
  });
});
