// Public "Tính ngày hẹn trả" page and the administrators' year calendar.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  addCalendarEntry,
  calendarYear,
  computeDeadline,
  parseAnnouncementText,
  removeCalendarEntry,
  saveAnnouncement,
  saveCalendarProfile,
  updateCalendarEntryUseCase,
  type CalendarEntryView,
  type DeadlineResult,
  type YearView,
} from '../../app/calendar.js';
import type { AppContext } from '../../app/context.js';
import { listAllUnits, type UnitView } from '../../app/units.js';
import { TIME_UNITS, weekdayOf, type DayInfo, type EntryKind, type TimeUnit } from '../../domain/calendar/index.js';
import { fieldInvalid, type Bilingual } from '../../domain/errors.js';
import { PUBLIC_RATE } from '../api/units.js';
import { pageUser } from '../context.js';
import { tr, UI, type Lang } from '../i18n.js';
import { attempt, intOrNull, str, type FormBody, type FormFailure } from './forms.js';
import { Layout, sendPage } from './layout.js';
import { Csrf, ErrorSummary, Field, Notice, Select } from './components.js';
import { vnIsoText, vnParts, vnYearOf } from '../vn-time.js';

export const TIME_UNIT_LABELS: Record<TimeUnit, Bilingual> = {
  working_days: { vi: 'ngày làm việc', en: 'working days' },
  working_hours: { vi: 'giờ làm việc', en: 'working hours' },
  days: { vi: 'ngày (theo lịch)', en: 'calendar days' },
  months: { vi: 'tháng', en: 'months' },
  hours: { vi: 'giờ (liên tục)', en: 'clock hours' },
  same_day: { vi: 'trả trong ngày', en: 'same day' },
};

export const ENTRY_KIND_LABELS: Record<EntryKind, Bilingual> = {
  holiday: { vi: 'Ngày lễ, Tết', en: 'Public holiday' },
  compensatory: { vi: 'Nghỉ bù', en: 'Compensatory day off' },
  swapped_day_off: { vi: 'Nghỉ hoán đổi', en: 'Swapped day off' },
  working_saturday: { vi: 'Làm bù (ngày nghỉ đi làm)', en: 'Working rest day' },
  closure: { vi: 'Đóng cửa (địa phương)', en: 'Local closure' },
};

const SOURCE_LABELS: Record<string, Bilingual> = {
  weekend: { vi: 'nghỉ hằng tuần', en: 'weekly rest' },
  law: { vi: 'Bộ luật Lao động', en: 'Labour Code' },
  announcement: { vi: 'thông báo của Chính phủ', en: 'government announcement' },
  predicted: { vi: 'dự kiến (chưa có thông báo)', en: 'predicted (not yet announced)' },
  local: { vi: 'quyết định của địa phương', en: 'local decision' },
};

const WEEKDAYS: Record<Lang, string[]> = {
  vi: ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};
const WEEKDAY_LONG: Record<Lang, string[]> = {
  vi: ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

const vnDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const longDate = (iso: string, lang: Lang) => `${WEEKDAY_LONG[lang][weekdayOf(iso)]}, ${vnDate(iso)}`;

function unitSelectOptions(units: UnitView[], lang: Lang, valueOf: (u: UnitView) => string, none: Bilingual) {
  return [{ value: '', label: tr(lang, none) }, ...units.filter((u) => u.active).map((u) => ({ value: valueOf(u), label: `${u.shortName ?? u.name} (${u.code})` }))];
}

// ---------------------------------------------------------------------------------------------------------------
// Public deadline calculator (a GET form: shareable, cacheable, no session needed)

interface DeadlineForm {
  date: string;
  time: string;
  amount: string;
  unit: string;
  unit_code: string;
}

function DeadlineResultView({ lang, r }: { lang: Lang; r: DeadlineResult }) {
  const dueDate = r.due.slice(0, 10);
  const counted = r.explanation.filter((d) => d.counted).length;
  return (
    <section aria-labelledby="result-h" class="result">
      <h2 id="result-h">{lang === 'vi' ? 'Ngày hẹn trả kết quả' : 'Due for the result'}</h2>
      <p class="due" id="due">
        <strong>
          {r.due.slice(11, 16)} {longDate(dueDate, lang)}
        </strong>
      </p>
      <p class="muted">
        {lang === 'vi' ? 'Tiếp nhận' : 'Received'}: {r.start.slice(11, 16)} {longDate(r.start.slice(0, 10), lang)} ·{' '}
        {r.amount} {tr(lang, TIME_UNIT_LABELS[r.unit])} · {r.calendar.unitName}
        {r.calendar.unitCode ? ` (${r.calendar.unitCode})` : ''}
      </p>
      <p>{r.rule}</p>
      <h3>{lang === 'vi' ? `Cách tính (${counted} ngày được tính)` : `How it was counted (${counted} days counted)`}</h3>
      <div class="table-wrap">
        <table class="explain">
          <thead>
            <tr>
              <th scope="col">{lang === 'vi' ? 'Ngày' : 'Date'}</th>
              <th scope="col">{lang === 'vi' ? 'Tính?' : 'Counted?'}</th>
              <th scope="col">{lang === 'vi' ? 'Thời gian tính' : 'Time counted'}</th>
              <th scope="col">{lang === 'vi' ? 'Lý do' : 'Reason'}</th>
            </tr>
          </thead>
          <tbody>
            {r.explanation.map((d) => (
              <tr class={d.counted ? 'counted' : 'skipped'}>
                <td>{longDate(d.date, lang)}</td>
                <td>{d.counted ? (lang === 'vi' ? '✓ Có' : '✓ Yes') : lang === 'vi' ? '✗ Không' : '✗ No'}</td>
                <td>{d.minutes === null || (!d.counted && d.minutes === 0) ? '—' : `${Math.floor(d.minutes / 60)} h ${String(Math.round(d.minutes % 60)).padStart(2, '0')}`}</td>
                <td>
                  {d.reason ?? ''}
                  {d.source && d.source !== 'weekend' && <span class="muted"> ({tr(lang, SOURCE_LABELS[d.source]!)})</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Year calendar

function dayClass(d: DayInfo): string {
  if (d.kind === 'working_saturday') return 'day worksat';
  if (d.working) return 'day work';
  if (d.kind === 'closure') return 'day closure';
  if (d.kind) return d.source === 'predicted' ? 'day holiday predicted' : 'day holiday';
  return 'day rest';
}

function MonthGrid({ lang, year, month, days }: { lang: Lang; year: number; month: number; days: DayInfo[] }) {
  // Weeks start on Monday, as Vietnamese office calendars do.
  const lead = (weekdayOf(days[0]!.date) + 6) % 7;
  const cells: (DayInfo | null)[] = [...Array.from({ length: lead }, () => null), ...days];
  while (cells.length % 7) cells.push(null);
  const weeks: (DayInfo | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const order = [1, 2, 3, 4, 5, 6, 0];
  return (
    <table class="month">
      <caption>{lang === 'vi' ? `Tháng ${month}/${year}` : new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })}</caption>
      <thead>
        <tr>
          {order.map((w) => (
            <th scope="col" abbr={WEEKDAY_LONG[lang][w]}>
              {WEEKDAYS[lang][w]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((w) => (
          <tr>
            {w.map((d) =>
              d ? (
                <td class={dayClass(d)} title={d.reason ?? undefined} data-date={d.date}>
                  <span aria-hidden="true">{Number(d.date.slice(8))}</span>
                  <span class="sr">
                    {`${longDate(d.date, lang)}: ${d.working ? (lang === 'vi' ? 'làm việc' : 'working') : lang === 'vi' ? 'nghỉ' : 'rest'}${d.reason ? ` — ${d.reason}` : ''}`}
                  </span>
                </td>
              ) : (
                <td class="pad" />
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Legend({ lang }: { lang: Lang }) {
  const items: [string, Bilingual][] = [
    ['day work', { vi: 'Ngày làm việc', en: 'Working day' }],
    ['day rest', { vi: 'Nghỉ hằng tuần', en: 'Weekly rest' }],
    ['day holiday', { vi: 'Lễ, Tết, nghỉ bù, hoán đổi', en: 'Holiday, compensatory or swapped day' }],
    ['day holiday predicted', { vi: 'Dự kiến (chưa có thông báo)', en: 'Predicted (not yet announced)' }],
    ['day worksat', { vi: 'Ngày nghỉ đi làm bù', en: 'Worked rest day' }],
    ['day closure', { vi: 'Đóng cửa (địa phương)', en: 'Local closure' }],
  ];
  return (
    <ul class="legend">
      {items.map(([cls, label]) => (
        <li>
          <span class={`swatch ${cls}`} aria-hidden="true" /> {tr(lang, label)}
        </li>
      ))}
    </ul>
  );
}

function kindOptions(lang: Lang) {
  return (Object.keys(ENTRY_KIND_LABELS) as EntryKind[]).map((k) => ({ value: k, label: tr(lang, ENTRY_KIND_LABELS[k]) }));
}

function EntryRow({ req, e, back }: { req: FastifyRequest; e: CalendarEntryView; back: string }) {
  const lang = req.lang;
  return (
    <tr>
      <td>{longDate(e.date, lang)}</td>
      <td colspan={2}>
        <form method="post" action={`/admin/calendar/entries/${e.id}`} class="row-form">
          <Csrf req={req} />
          <input type="hidden" name="version" value={e.version} />
          <input type="hidden" name="back" value={back} />
          <label class="sr" for={`k-${e.id}`}>
            {tr(lang, UI.kind)}
          </label>
          <select id={`k-${e.id}`} name="kind">
            {kindOptions(lang).map((o) => (
              <option value={o.value} selected={o.value === e.kind}>
                {o.label}
              </option>
            ))}
          </select>
          <label class="sr" for={`r-${e.id}`}>
            {lang === 'vi' ? 'Lý do' : 'Reason'}
          </label>
          <input id={`r-${e.id}`} name="reason" value={e.reason} maxlength={300} />
          <button type="submit" class="secondary">
            {tr(lang, UI.save)}
          </button>
        </form>
      </td>
      <td>
        <form method="post" action={`/admin/calendar/entries/${e.id}/delete`}>
          <Csrf req={req} />
          <input type="hidden" name="version" value={e.version} />
          <input type="hidden" name="back" value={back} />
          <button type="submit" class="secondary" aria-label={`${lang === 'vi' ? 'Xoá' : 'Remove'} ${vnDate(e.date)}`}>
            {lang === 'vi' ? 'Xoá' : 'Remove'}
          </button>
        </form>
      </td>
    </tr>
  );
}

function YearPage(props: { req: FastifyRequest; v: YearView; units: UnitView[]; failure?: FormFailure; notice?: string; draft?: Record<string, string> }) {
  const { req, v, units, failure, draft } = props;
  const lang = req.lang;
  const f = failure?.fields;
  const unitParam = v.scope.unitId === null ? '' : String(v.scope.unitId);
  const back = `/admin/calendar?unit=${unitParam}&year=${v.year}`;
  const months = Array.from({ length: 12 }, (_, i) => v.days.filter((d) => Number(d.date.slice(5, 7)) === i + 1));
  const working = v.days.filter((d) => d.working).length;
  const hours = v.officeHours.periods.map((p) => `${p.start}–${p.end}`).join(', ');
  return (
    <Layout req={req} title={{ vi: 'Lịch làm việc', en: 'Working calendar' }}>
      {props.notice && <Notice>{props.notice}</Notice>}
      <ErrorSummary lang={lang} message={failure?.message} fields={failure?.fields} />
      <form method="get" action="/admin/calendar" class="filters">
        <Select lang={lang} name="unit" label={UI.units} options={unitSelectOptions(units, lang, (u) => String(u.id), { vi: 'Lịch quốc gia', en: 'National calendar' })} value={unitParam} />
        <Field lang={lang} name="year" type="number" label={{ vi: 'Năm', en: 'Year' }} value={v.year} inputmode="numeric" />
        <button type="submit">{lang === 'vi' ? 'Xem' : 'Show'}</button>
      </form>
      <p class="lead">
        <strong>{v.scope.unitName}</strong> · {v.year}: {working} {lang === 'vi' ? 'ngày làm việc' : 'working days'} ·{' '}
        {lang === 'vi' ? 'Giờ làm việc' : 'Office hours'} {hours} · {lang === 'vi' ? 'Hạn nhận hồ sơ trả trong ngày' : 'Same-day cut-off'} {v.sameDayCutoff}
      </p>
      <p class="muted">
        {v.announcement.stored || v.announcement.builtIn
          ? `${lang === 'vi' ? 'Theo thông báo' : 'Per announcement'}: ${v.announcement.reference ?? '—'}`
          : lang === 'vi'
            ? 'Chưa có thông báo lịch nghỉ của năm này: Tết và ngày liền kề Quốc khánh đang là dự kiến.'
            : 'No announcement for this year yet: Tết and the National Day adjacent day are predicted.'}
      </p>
      <Legend lang={lang} />
      <div class="months">
        {months.map((days, i) => (
          <MonthGrid lang={lang} year={v.year} month={i + 1} days={days} />
        ))}
      </div>
      <h2>{lang === 'vi' ? 'Các ngày đặc biệt trong năm' : 'Special days this year'}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{lang === 'vi' ? 'Ngày' : 'Date'}</th>
              <th scope="col">{tr(lang, UI.kind)}</th>
              <th scope="col">{lang === 'vi' ? 'Lý do' : 'Reason'}</th>
              <th scope="col">{lang === 'vi' ? 'Nguồn' : 'Source'}</th>
            </tr>
          </thead>
          <tbody>
            {v.entries.map((e) => (
              <tr>
                <td>{longDate(e.date, lang)}</td>
                <td>{tr(lang, ENTRY_KIND_LABELS[e.kind])}</td>
                <td>{e.reason}</td>
                <td>{tr(lang, SOURCE_LABELS[e.source]!)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {v.mayEdit && (
        <>
          <h2>{lang === 'vi' ? 'Ngày do quản trị viên nhập' : 'Entries added by administrators'}</h2>
          {v.ownEntries.length === 0 ? (
            <p>{tr(lang, UI.noneYet)}</p>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{lang === 'vi' ? 'Ngày' : 'Date'}</th>
                    <th scope="col" colspan={2}>
                      {lang === 'vi' ? 'Loại, lý do' : 'Kind, reason'}
                    </th>
                    <th scope="col">{tr(lang, UI.actions)}</th>
                  </tr>
                </thead>
                <tbody>
                  {v.ownEntries.map((e) => (
                    <EntryRow req={req} e={e} back={back} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div class="grid2">
            <section>
              <h2>{lang === 'vi' ? 'Thêm ngày nghỉ, ngày làm bù, ngày đóng cửa' : 'Add a day off, worked day or closure'}</h2>
              <form method="post" action="/admin/calendar/entries" novalidate>
                <Csrf req={req} />
                <input type="hidden" name="unitId" value={unitParam} />
                <input type="hidden" name="back" value={back} />
                <Field lang={lang} name="date" type="date" label={{ vi: 'Ngày', en: 'Date' }} value={draft?.date} required errors={f} />
                <Select lang={lang} name="kind" label={UI.kind} options={kindOptions(lang)} value={draft?.kind ?? 'closure'} errors={f} />
                <Field lang={lang} name="reason" label={{ vi: 'Lý do', en: 'Reason' }} value={draft?.reason} required errors={f} hint={{ vi: 'Ví dụ: Nghỉ do bão theo Quyết định số …', en: 'E.g. closed for a storm by Decision No. …' }} />
                <button type="submit">{lang === 'vi' ? 'Thêm vào lịch' : 'Add to calendar'}</button>
              </form>
            </section>
            {v.scope.unitId === null ? (
              <section>
                <h2>{lang === 'vi' ? 'Thông báo lịch nghỉ của năm' : 'Yearly holiday announcement'}</h2>
                <p class="hint">
                  {lang === 'vi'
                    ? 'Mỗi dòng một ngày: "YYYY-MM-DD nghỉ lý do" hoặc "YYYY-MM-DD làm lý do". Thông báo thay thế toàn bộ ngày dự kiến của năm đó.'
                    : 'One day per line: "YYYY-MM-DD off reason" or "YYYY-MM-DD work reason". It replaces every predicted day of that year.'}
                </p>
                <form method="post" action="/admin/calendar/announcements" novalidate>
                  <Csrf req={req} />
                  <Field lang={lang} name="annYear" type="number" label={{ vi: 'Năm', en: 'Year' }} value={draft?.annYear ?? String(v.year + 1)} required errors={f} />
                  <Field lang={lang} name="reference" label={{ vi: 'Văn bản (số, ngày)', en: 'Reference (number, date)' }} value={draft?.reference} errors={f} />
                  <div class={f?.some((e) => e.path.startsWith('lines') || e.path.startsWith('off')) ? 'field has-error' : 'field'}>
                    <label for="f-lines">{lang === 'vi' ? 'Các ngày' : 'Days'}</label>
                    {f
                      ?.filter((e) => e.path.startsWith('lines') || e.path.startsWith('off') || e.path.startsWith('working'))
                      .map((e) => (
                        <p class="field-error">{tr(lang, e.message)}</p>
                      ))}
                    <textarea id="f-lines" name="lines" rows={8}>
                      {draft?.lines ?? ''}
                    </textarea>
                  </div>
                  <button type="submit">{lang === 'vi' ? 'Lưu thông báo' : 'Save announcement'}</button>
                </form>
              </section>
            ) : (
              <section>
                <h2>{lang === 'vi' ? 'Giờ làm việc của đơn vị' : 'The unit’s office hours'}</h2>
                <form method="post" action="/admin/calendar/profile" novalidate>
                  <Csrf req={req} />
                  <input type="hidden" name="unitId" value={unitParam} />
                  <input type="hidden" name="back" value={back} />
                  <Field lang={lang} name="officeHours" label={{ vi: 'Các buổi làm việc', en: 'Office periods' }} value={draft?.officeHours ?? hours} errors={f} hint={{ vi: 'Ví dụ: 07:30–11:30, 13:00–17:00', en: 'E.g. 07:30–11:30, 13:00–17:00' }} />
                  <Field lang={lang} name="sameDayCutoff" type="time" label={{ vi: 'Hạn nhận hồ sơ trả trong ngày', en: 'Same-day cut-off' }} value={draft?.sameDayCutoff ?? v.sameDayCutoff} errors={f} />
                  <button type="submit">{tr(lang, UI.save)}</button>
                </form>
              </section>
            )}
          </div>
        </>
      )}
    </Layout>
  );
}

function parsePeriods(text: string): { start: string; end: string }[] | null | 'bad' {
  const t = text.trim();
  if (!t) return null;
  const out: { start: string; end: string }[] = [];
  for (const part of t.split(/[,;]/)) {
    const m = /^\s*(\d{1,2}:\d{2})\s*[–—-]\s*(\d{1,2}:\d{2})\s*$/.exec(part);
    if (!m) return 'bad';
    out.push({ start: m[1]!.padStart(5, '0'), end: m[2]!.padStart(5, '0') });
  }
  return out;
}

const backTo = (body: FormBody) => {
  const b = str(body, 'back');
  return /^\/admin\/calendar\?unit=\d*&year=\d{4}$/.test(b) ? b : '/admin/calendar';
};

export async function registerCalendarPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<{ Querystring: Partial<DeadlineForm> }>('/deadline', { schema: { hide: true }, config: { rateLimit: PUBLIC_RATE } }, async (req, reply) => {
    const lang = req.lang;
    const q = req.query;
    const now = ctx.clock();
    const nowLocal = vnParts(now);
    const form: DeadlineForm = {
      date: q.date ?? nowLocal.date,
      time: q.time ?? nowLocal.time,
      amount: q.amount ?? '',
      unit: q.unit ?? 'working_days',
      unit_code: q.unit_code ?? '',
    };
    let result: DeadlineResult | null = null;
    let failure: FormFailure | undefined;
    if (q.amount !== undefined) {
      const r = await attempt(() =>
        computeDeadline(ctx, {
          start: vnIsoText(form.date, form.time),
          amount: form.amount.trim() === '' ? Number.NaN : Number(form.amount.replace(',', '.')),
          unit: form.unit,
          unitCode: form.unit_code,
        }),
      );
      if (r.ok) result = r.value;
      else failure = { ...r.failure, fields: r.failure.fields.map((x) => (x.path === 'start' ? { ...x, path: 'date' } : x)) };
    }
    const units = await listAllUnits(ctx);
    const html = (
      <Layout req={req} title={{ vi: 'Tính ngày hẹn trả', en: 'Due date calculator' }}>
        <p class="lead">
          {lang === 'vi'
            ? 'Nhập thời điểm tiếp nhận hồ sơ và thời hạn giải quyết để biết ngày hẹn trả kết quả, tính theo lịch làm việc của cơ quan (trừ ngày nghỉ, lễ, Tết).'
            : 'Enter when a dossier was received and its time limit to see when the result is due on the agency’s working calendar (rest days and holidays excluded).'}
        </p>
        <ErrorSummary lang={lang} message={failure?.message} fields={failure?.fields} />
        <form method="get" action="/deadline" class="calc" novalidate>
          <div class="grid2">
            <div>
              <Field lang={lang} name="date" type="date" label={{ vi: 'Ngày tiếp nhận', en: 'Received on' }} value={form.date} required errors={failure?.fields} />
              <Field lang={lang} name="time" type="time" label={{ vi: 'Giờ tiếp nhận', en: 'Received at' }} value={form.time} required errors={failure?.fields} />
            </div>
            <div>
              <Field lang={lang} name="amount" label={{ vi: 'Thời hạn giải quyết', en: 'Time limit' }} value={form.amount} required inputmode="decimal" errors={failure?.fields} hint={{ vi: 'Ví dụ 3, 15 hoặc 0,5', en: 'E.g. 3, 15 or 0.5' }} />
              <Select lang={lang} name="unit" label={{ vi: 'Đơn vị thời hạn', en: 'Unit of time' }} options={TIME_UNITS.map((u) => ({ value: u, label: tr(lang, TIME_UNIT_LABELS[u]) }))} value={form.unit} errors={failure?.fields} />
            </div>
          </div>
          <Select lang={lang} name="unit_code" label={{ vi: 'Cơ quan giải quyết (lịch làm việc)', en: 'Agency (its working calendar)' }} options={unitSelectOptions(units, lang, (u) => u.code, { vi: 'Lịch chung toàn quốc', en: 'National calendar' })} value={form.unit_code} errors={failure?.fields} />
          <button type="submit">{lang === 'vi' ? 'Tính ngày hẹn trả' : 'Compute the due date'}</button>
        </form>
        {result && <DeadlineResultView lang={lang} r={result} />}
      </Layout>
    );
    return sendPage(reply, html, failure ? failure.status : 200);
  });

  const yearPage = async (req: FastifyRequest, unitId: number | null, year: number, extra: { failure?: FormFailure; notice?: string; draft?: Record<string, string> } = {}) => {
    const v = await calendarYear(ctx, req.actor, unitId, year);
    const units = await listAllUnits(ctx);
    return <YearPage req={req} v={v} units={units} {...extra} />;
  };
  const currentYear = () => vnYearOf(ctx.clock());

  app.get<{ Querystring: { unit?: string; year?: string; saved?: string } }>('/admin/calendar', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const unit = req.query.unit ? Number(req.query.unit) : null;
    const year = req.query.year ? Number(req.query.year) : currentYear();
    const r = await attempt(async () => yearPage(req, unit !== null && Number.isSafeInteger(unit) ? unit : null, year, { notice: req.query.saved ? tr(req.lang, UI.saved) : undefined }));
    if (r.ok) return sendPage(reply, r.value);
    return sendPage(reply, await yearPage(req, null, currentYear(), { failure: r.failure }), r.failure.status);
  });

  const redisplay = async (req: FastifyRequest<{ Body: FormBody }>, reply: Parameters<typeof sendPage>[0], failure: FormFailure) => {
    const back = backTo(req.body);
    const u = new URLSearchParams(back.split('?')[1] ?? '');
    const unit = u.get('unit') ? Number(u.get('unit')) : null;
    const year = Number(u.get('year') ?? currentYear());
    const draft: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.body)) if (typeof v === 'string' && k !== '_csrf') draft[k] = v;
    return sendPage(reply, await yearPage(req, unit, year, { failure, draft }), failure.status);
  };

  app.post<{ Body: FormBody }>('/admin/calendar/entries', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const unitId = intOrNull(req.body, 'unitId');
    const r = await attempt(() =>
      addCalendarEntry(ctx, req.actor, { unitId: Number.isNaN(unitId) ? -1 : unitId, date: str(req.body, 'date'), kind: str(req.body, 'kind'), reason: str(req.body, 'reason') }),
    );
    if (!r.ok) return redisplay(req, reply, r.failure);
    return reply.redirect(`${backTo(req.body)}&saved=1`, 303);
  });
  app.post<{ Params: { id: string }; Body: FormBody }>('/admin/calendar/entries/:id', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const r = await attempt(() =>
      updateCalendarEntryUseCase(ctx, req.actor, Number(req.params.id) || 0, { kind: str(req.body, 'kind'), reason: str(req.body, 'reason'), version: Number(str(req.body, 'version')) || 0 }),
    );
    if (!r.ok) return redisplay(req, reply, r.failure);
    return reply.redirect(`${backTo(req.body)}&saved=1`, 303);
  });
  app.post<{ Params: { id: string }; Body: FormBody }>('/admin/calendar/entries/:id/delete', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const r = await attempt(() => removeCalendarEntry(ctx, req.actor, Number(req.params.id) || 0, Number(str(req.body, 'version')) || 0));
    if (!r.ok) return redisplay(req, reply, r.failure);
    return reply.redirect(`${backTo(req.body)}&saved=1`, 303);
  });
  app.post<{ Body: FormBody }>('/admin/calendar/announcements', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const year = Number(str(req.body, 'annYear'));
    const r = await attempt(async () => {
      if (!Number.isInteger(year) || year < 1901 || year > 2099)
        throw invalidYear();
      const a = parseAnnouncementText(year, str(req.body, 'reference') || null, String(req.body.lines ?? ''));
      return saveAnnouncement(ctx, req.actor, a);
    });
    if (!r.ok) return redisplay(req, reply, r.failure);
    return reply.redirect(`/admin/calendar?unit=&year=${year}&saved=1`, 303);
  });
  app.post<{ Body: FormBody }>('/admin/calendar/profile', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const unitId = Number(str(req.body, 'unitId')) || 0;
    const periods = parsePeriods(str(req.body, 'officeHours'));
    const r = await attempt(async () => {
      if (periods === 'bad') throw badPeriods();
      return saveCalendarProfile(ctx, req.actor, unitId, { officeHours: periods, sameDayCutoff: str(req.body, 'sameDayCutoff') || null, weeklyRestDays: null });
    });
    if (!r.ok) return redisplay(req, reply, r.failure);
    return reply.redirect(`${backTo(req.body)}&saved=1`, 303);
  });
}

const invalidYear = () => fieldInvalid('annYear', { vi: 'Năm phải trong khoảng 1901–2099', en: 'The year must be within 1901–2099' });
const badPeriods = () =>
  fieldInvalid('officeHours', { vi: 'Viết các buổi dạng 07:30–11:30, 13:00–17:00', en: 'Write the periods as 07:30–11:30, 13:00–17:00' });
