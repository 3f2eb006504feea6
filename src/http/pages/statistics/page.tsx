// /thong-ke: a unit's statistics for a period, for leaders, monitors and administrators of the unit. Every figure
// opens on the dossiers behind it (/thong-ke/ho-so); the chart is server-rendered SVG with the same numbers in the
// list beside it; the table by unit downloads as Excel or CSV. Works without JavaScript: the filters are a GET form.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../app/context.js';
import {
  STATISTICS_CHANNELS,
  statisticsByUnit,
  statisticsDossiers,
  statisticsUnits,
  unitStatistics,
  type DrillDownView,
  type StatisticsQuery,
  type StatisticsView,
  type UnitTableView,
} from '../../../app/statistics.js';
import { vnDateOf } from '../../../domain/calendar/index.js';
import type { Bilingual } from '../../../domain/errors.js';
import { STATISTICS_FIGURES, type StatisticsFigure } from '../../../store/statistics.js';
import { barChartSvg } from '../../charts/bar.js';
import { pageUser } from '../../context.js';
import { tr, type Lang } from '../../i18n.js';
import { raw } from '../../jsx/jsx-runtime.js';
import { vnDateTimeText } from '../../vn-time.js';
import { attempt, type FormFailure } from '../forms.js';
import { DataTable, ErrorSummary, Field, Notice, Select } from '../components.js';
import { Layout, sendPage } from '../layout.js';

const TITLE: Bilingual = { vi: 'Thống kê giải quyết hồ sơ', en: 'Dossier statistics' };
const DRILL_TITLE: Bilingual = { vi: 'Hồ sơ của số liệu', en: 'The dossiers behind a figure' };

interface Params {
  unit: string;
  from: string;
  to: string;
  subunits: boolean;
  channel: string;
}

type Query = Partial<Record<keyof Params | 'figure' | 'page', string>>;

const FIGURE_LABELS: Record<StatisticsFigure, Bilingual> = {
  received: { vi: 'Tiếp nhận mới trong kỳ', en: 'Received in the period' },
  carriedOver: { vi: 'Kỳ trước chuyển sang', en: 'Carried over' },
  finishedEarly: { vi: 'Giải quyết trước hạn', en: 'Finished early' },
  finishedOnTime: { vi: 'Giải quyết đúng hạn', en: 'Finished on time' },
  finishedLate: { vi: 'Giải quyết quá hạn (kể cả dừng sau hạn)', en: 'Finished late (stops after the due included)' },
  inProgressWithinDue: { vi: 'Đang giải quyết, trong hạn', en: 'In progress, within the due' },
  inProgressOverdue: { vi: 'Đang giải quyết, quá hạn', en: 'In progress, overdue' },
  refused: { vi: 'Từ chối giải quyết', en: 'Refused after examination' },
  stopped: { vi: 'Dừng xử lý', en: 'Stopped' },
  withdrawn: { vi: 'Công dân rút hồ sơ', en: 'Withdrawn by the applicant' },
  apologiesOnTime: { vi: 'Văn bản xin lỗi đúng hạn', en: 'Apologies on time' },
  apologiesLate: { vi: 'Văn bản xin lỗi muộn', en: 'Late apologies' },
  lateWithoutApology: { vi: 'Quá hạn không có văn bản xin lỗi', en: 'Late without an apology' },
  supplementRequested: { vi: 'Có yêu cầu bổ sung', en: 'With a supplement request' },
  multipleSupplementRequests: { vi: 'Yêu cầu bổ sung nhiều lần', en: 'More than one supplement request' },
};

const figureValue = (v: StatisticsView, f: StatisticsFigure): number | null =>
  ({
    received: v.received,
    carriedOver: v.carriedOver,
    finishedEarly: v.finished.early,
    finishedOnTime: v.finished.onTime,
    finishedLate: v.finished.late,
    inProgressWithinDue: v.inProgress.withinDue,
    inProgressOverdue: v.inProgress.overdue,
    refused: v.refused,
    stopped: v.stopped,
    withdrawn: v.withdrawn,
    apologiesOnTime: v.apologies.onTime,
    apologiesLate: v.apologies.late,
    lateWithoutApology: v.lateWithoutApology,
    // The page counts dossiers; the API's supplementRequests counts requests.
    supplementRequested: null,
    multipleSupplementRequests: v.multipleSupplementRequests,
  })[f];

const number = (lang: Lang, n: number) => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
const percent = (lang: Lang, x: number | null) => (x === null ? '—' : `${(x * 100).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 })} %`);

function paramsOf(q: Query, units: { code: string }[], now: Date): Params {
  const today = vnDateOf(now);
  return {
    unit: q.unit ?? units[0]?.code ?? '',
    from: q.from ?? `${today.slice(0, 8)}01`,
    to: q.to ?? today,
    subunits: q.subunits === 'true',
    channel: q.channel ?? '',
  };
}

const queryString = (p: Params) =>
  new URLSearchParams({ unit: p.unit, from: p.from, to: p.to, ...(p.subunits ? { subunits: 'true' } : {}), ...(p.channel ? { channel: p.channel } : {}) }).toString();

const channelOf = (c: string) => STATISTICS_CHANNELS.find((x) => x === c);
const toUseCase = (p: Params): StatisticsQuery => ({ unit: p.unit, from: p.from, to: p.to, subunits: p.subunits, channel: channelOf(p.channel) });

function Filters({ lang, p, units, failure }: { lang: Lang; p: Params; units: { code: string; name: string; depth: number }[]; failure?: FormFailure }) {
  return (
    <form method="get" action="/thong-ke" class="filters">
      <Select
        lang={lang}
        name="unit"
        label={{ vi: 'Đơn vị', en: 'Unit' }}
        value={p.unit}
        errors={failure?.fields}
        options={units.map((u) => ({ value: u.code, label: `${'· '.repeat(u.depth)}${u.name}` }))}
      />
      <Field lang={lang} name="from" type="date" label={{ vi: 'Từ ngày', en: 'From' }} value={p.from} errors={failure?.fields} required />
      <Field lang={lang} name="to" type="date" label={{ vi: 'Đến ngày', en: 'To' }} value={p.to} errors={failure?.fields} required />
      <Select
        lang={lang}
        name="channel"
        label={{ vi: 'Kênh tiếp nhận', en: 'Channel' }}
        value={p.channel}
        options={[
          { value: '', label: lang === 'vi' ? 'Tất cả' : 'All' },
          { value: 'counter', label: lang === 'vi' ? 'Trực tiếp' : 'At the counter' },
          { value: 'online', label: lang === 'vi' ? 'Trực tuyến' : 'Online' },
          { value: 'postal', label: lang === 'vi' ? 'Bưu chính' : 'By post' },
        ]}
      />
      <p>
        <input type="checkbox" id="f-subunits" name="subunits" value="true" checked={p.subunits} />{' '}
        <label for="f-subunits">{lang === 'vi' ? 'Gồm cả đơn vị trực thuộc' : 'Include the units below'}</label>
      </p>
      <button type="submit">{lang === 'vi' ? 'Xem số liệu' : 'Show the figures'}</button>
    </form>
  );
}

function Figures({ lang, v, p }: { lang: Lang; v: StatisticsView; p: Params }) {
  const q = queryString(p);
  return (
    <section aria-labelledby="figures-h">
      <h2 id="figures-h">
        {lang === 'vi' ? `${v.unit.name}: từ ${p.from} đến ${p.to}` : `${v.unit.name}: ${p.from} to ${p.to}`}
      </h2>
      <p>
        {lang === 'vi' ? 'Tỷ lệ giải quyết trước và đúng hạn: ' : 'Finished early or on time: '}
        <strong>{percent(lang, v.onTimeRate)}</strong>.{' '}
        {lang === 'vi' ? `Số liệu đang giải quyết tính đến ${vnDateTimeText(v.asOf)}.` : `In-progress figures as of ${vnDateTimeText(v.asOf)}.`}
      </p>
      <dl class="figures">
        {STATISTICS_FIGURES.map((f) => {
          const n = figureValue(v, f);
          return (
            <div>
              <dt>{tr(lang, FIGURE_LABELS[f])}</dt>
              <dd>
                <a href={`/thong-ke/ho-so?${q}&figure=${f}`}>{n === null ? (lang === 'vi' ? 'Xem' : 'Open') : number(lang, n)}</a>
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

function Chart({ lang, v }: { lang: Lang; v: StatisticsView }) {
  const label = lang === 'vi' ? 'Biểu đồ kết quả giải quyết trong kỳ; số liệu ở danh sách trên.' : 'Chart of the period’s results; the figures are in the list above.';
  const svg = barChartSvg({
    categories: [lang === 'vi' ? 'Đã giải quyết' : 'Finished', lang === 'vi' ? 'Đang giải quyết' : 'In progress'],
    stacked: true,
    label,
    series: [
      { name: tr(lang, { vi: 'Trước hạn', en: 'Early' }), values: [v.finished.early, 0], color: '#1b5e20' },
      { name: tr(lang, { vi: 'Đúng hạn', en: 'On time' }), values: [v.finished.onTime, v.inProgress.withinDue], color: '#43a047' },
      { name: tr(lang, { vi: 'Quá hạn', en: 'Late' }), values: [v.finished.late, v.inProgress.overdue], color: '#c62828' },
    ],
  });
  return (
    <figure class="chart">
      <div role="img" aria-label={label}>
        {raw(svg)}
      </div>
    </figure>
  );
}

function UnitTable({ lang, t, p }: { lang: Lang; t: UnitTableView; p: Params }) {
  return (
    <section aria-labelledby="units-h">
      <h2 id="units-h">{lang === 'vi' ? 'Theo đơn vị' : 'By unit'}</h2>
      <DataTable
        lang={lang}
        columns={[
          { vi: 'Đơn vị', en: 'Unit' },
          { vi: 'Tiếp nhận', en: 'Received' },
          { vi: 'Trước hạn', en: 'Early' },
          { vi: 'Đúng hạn', en: 'On time' },
          { vi: 'Quá hạn', en: 'Late' },
          { vi: 'Đang quá hạn', en: 'Overdue now' },
          { vi: 'Tỷ lệ đúng hạn', en: 'On-time rate' },
        ]}
      >
        {t.rows
          .filter((r) => r.received + r.carriedOver + r.finished.early + r.finished.onTime + r.finished.late > 0)
          .map((r) => (
            <tr>
              <th scope="row">
                <a href={`/thong-ke?${queryString({ ...p, unit: r.unit.code, subunits: false })}`}>{r.unit.name}</a>
              </th>
              <td>{number(lang, r.received)}</td>
              <td>{number(lang, r.finished.early)}</td>
              <td>{number(lang, r.finished.onTime)}</td>
              <td>{number(lang, r.finished.late)}</td>
              <td>{number(lang, r.inProgress.overdue)}</td>
              <td>{percent(lang, r.onTimeRate)}</td>
            </tr>
          ))}
      </DataTable>
    </section>
  );
}

function Exports({ lang, p }: { lang: Lang; p: Params }) {
  const q = new URLSearchParams({ unit: p.unit, from: p.from, to: p.to, ...(p.channel ? { channel: p.channel } : {}) }).toString();
  return (
    <p>
      {lang === 'vi' ? 'Tải bảng số liệu theo đơn vị: ' : 'Download the table by unit: '}
      <a href={`/api/v1/statistics/units.xlsx?${q}`}>Excel (.xlsx)</a> · <a href={`/api/v1/statistics/units.csv?${q}`}>CSV</a> ·{' '}
      <a href={`/api/v1/statistics/units.pdf?${q}`}>{lang === 'vi' ? 'Báo cáo PDF' : 'PDF report'}</a>
    </p>
  );
}

function StatisticsPage(props: { req: FastifyRequest; p: Params; units: { code: string; name: string; depth: number }[]; v?: StatisticsView; table?: UnitTableView; failure?: FormFailure }) {
  const lang = props.req.lang;
  return (
    <Layout req={props.req} title={TITLE}>
      <ErrorSummary lang={lang} message={props.failure?.message} fields={props.failure?.fields} />
      {props.units.length === 0 ? (
        <Notice>{lang === 'vi' ? 'Bạn không có vai trò xem thống kê của đơn vị nào.' : 'You hold no role that reads the statistics of a unit.'}</Notice>
      ) : (
        <Filters lang={lang} p={props.p} units={props.units} failure={props.failure} />
      )}
      {props.v && <Figures lang={lang} v={props.v} p={props.p} />}
      {props.v && <Chart lang={lang} v={props.v} />}
      {props.table && <UnitTable lang={lang} t={props.table} p={props.p} />}
      {props.v && <Exports lang={lang} p={props.p} />}
    </Layout>
  );
}

function DrillDownPage(props: { req: FastifyRequest; p: Params; figure: StatisticsFigure; d: DrillDownView; page: number }) {
  const lang = props.req.lang;
  const { d, p } = props;
  const pages = Math.max(1, Math.ceil(d.total / d.pageSize));
  const base = `/thong-ke/ho-so?${queryString(p)}&figure=${props.figure}`;
  return (
    <Layout req={props.req} title={DRILL_TITLE}>
      <p>
        <a href={`/thong-ke?${queryString(p)}`}>{lang === 'vi' ? '← Quay lại số liệu' : '← Back to the figures'}</a>
      </p>
      <h2>{`${tr(lang, FIGURE_LABELS[props.figure])}: ${number(lang, d.total)}`}</h2>
      <DataTable
        lang={lang}
        columns={[
          { vi: 'Mã hồ sơ', en: 'Dossier' },
          { vi: 'Thủ tục', en: 'Procedure' },
          { vi: 'Tiếp nhận', en: 'Received' },
          { vi: 'Hạn ban đầu', en: 'Original due' },
          { vi: 'Kết thúc', en: 'Ended' },
          { vi: 'Kết quả so với hạn', en: 'Against the due' },
        ]}
      >
        {d.items.map((x) => (
          <tr>
            <th scope="row">
              <a href={`/dossiers/${x.dossierId}`}>{x.code ?? `#${x.dossierId}`}</a>
            </th>
            <td>{x.procedureName}</td>
            <td>{x.receivedAt ? vnDateTimeText(x.receivedAt) : ''}</td>
            <td>{x.originalDueAt ? vnDateTimeText(x.originalDueAt) : ''}</td>
            <td>{x.endedAt ? vnDateTimeText(x.endedAt) : ''}</td>
            <td>{x.outcomeAgainstOriginal ?? ''}</td>
          </tr>
        ))}
      </DataTable>
      {pages > 1 && (
        <nav aria-label={lang === 'vi' ? 'Trang' : 'Pages'} class="pager">
          {props.page > 1 && <a href={`${base}&page=${props.page - 1}`}>{lang === 'vi' ? '← Trang trước' : '← Previous'}</a>}{' '}
          <span>{`${props.page} / ${pages}`}</span>{' '}
          {props.page < pages && <a href={`${base}&page=${props.page + 1}`}>{lang === 'vi' ? 'Trang sau →' : 'Next →'}</a>}
        </nav>
      )}
    </Layout>
  );
}

export async function registerStatisticsPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<{ Querystring: Query }>('/thong-ke', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const units = await statisticsUnits(ctx, req.actor);
    const p = paramsOf(req.query, units, ctx.clock());
    if (units.length === 0) return sendPage(reply, <StatisticsPage req={req} p={p} units={units} />);
    const r = await attempt(async () => ({ v: await unitStatistics(ctx, req.actor, toUseCase(p)), table: p.subunits ? await statisticsByUnit(ctx, req.actor, toUseCase(p)) : undefined }));
    if (!r.ok) return sendPage(reply, <StatisticsPage req={req} p={p} units={units} failure={r.failure} />, r.failure.status);
    return sendPage(reply, <StatisticsPage req={req} p={p} units={units} v={r.value.v} table={r.value.table} />);
  });

  app.get<{ Querystring: Query }>('/thong-ke/ho-so', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const units = await statisticsUnits(ctx, req.actor);
    const p = paramsOf(req.query, units, ctx.clock());
    const figure = STATISTICS_FIGURES.find((f) => f === req.query.figure) ?? 'received';
    const page = Math.max(1, Math.min(10_000, Number.parseInt(req.query.page ?? '1', 10) || 1));
    const r = await attempt(() => statisticsDossiers(ctx, req.actor, { ...toUseCase(p), figure, page, pageSize: 50 }));
    if (!r.ok) return sendPage(reply, <StatisticsPage req={req} p={p} units={units} failure={r.failure} />, r.failure.status);
    return sendPage(reply, <DrillDownPage req={req} p={p} figure={figure} d={r.value} page={page} />);
  });
}

