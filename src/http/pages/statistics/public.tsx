// /cong-khai/thong-ke: the province's published figures for a period, open to anyone, like the public index page of
// the national portal: the on-time rate of the province and of each unit, with a server-drawn chart and the same
// numbers in a table. Aggregates only (never a dossier, an applicant or an official).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../app/context.js';
import { publicStatistics, type PublicStatisticsView } from '../../../app/statistics.js';
import type { Bilingual } from '../../../domain/errors.js';
import { PUBLIC_RATE } from '../../api/units.js';
import { barChartSvg } from '../../charts/bar.js';
import { tr, type Lang } from '../../i18n.js';
import { raw } from '../../jsx/jsx-runtime.js';
import { vnDateTimeText } from '../../vn-time.js';
import { attempt, type FormFailure } from '../forms.js';
import { DataTable, ErrorSummary, Field } from '../components.js';
import { Layout, sendPage } from '../layout.js';

const TITLE: Bilingual = { vi: 'Công khai kết quả giải quyết hồ sơ', en: 'Published results of dossier handling' };

const percent = (lang: Lang, x: number | null) => (x === null ? '—' : `${(x * 100).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 })} %`);
const number = (lang: Lang, n: number) => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');

function Results({ lang, v }: { lang: Lang; v: PublicStatisticsView }) {
  const shown = v.units.filter((u) => u.finished > 0);
  const label = lang === 'vi' ? 'Biểu đồ tỷ lệ giải quyết trước và đúng hạn theo đơn vị; số liệu ở bảng dưới.' : 'Chart of each unit’s on-time rate; the figures are in the table below.';
  const svg = barChartSvg({
    categories: shown.map((u) => u.name),
    series: [{ name: tr(lang, { vi: 'Tỷ lệ trước và đúng hạn (%)', en: 'On-time rate (%)' }), values: shown.map((u) => Math.round((u.onTimeRate ?? 0) * 10_000) / 100), color: '#1565c0' }],
    label,
    width: Math.max(480, 90 * shown.length),
  });
  return (
    <>
      <p>
        {lang === 'vi'
          ? `${v.province?.name ?? ''}, từ ${v.from} đến ${v.to}: tỷ lệ giải quyết trước và đúng hạn `
          : `${v.province?.name ?? ''}, ${v.from} to ${v.to}: finished early or on time `}
        <strong>{percent(lang, v.total.onTimeRate)}</strong>
        {lang === 'vi'
          ? ` (${number(lang, v.total.finishedEarlyOrOnTime)}/${number(lang, v.total.finished)} hồ sơ đã giải quyết; ${number(lang, v.total.received)} hồ sơ tiếp nhận mới). Số liệu tính đến ${vnDateTimeText(v.asOf)}.`
          : ` (${number(lang, v.total.finishedEarlyOrOnTime)} of ${number(lang, v.total.finished)} finished; ${number(lang, v.total.received)} received). Figures as of ${vnDateTimeText(v.asOf)}.`}
      </p>
      {shown.length > 0 && (
        <figure class="chart">
          <div role="img" aria-label={label}>
            {raw(svg)}
          </div>
        </figure>
      )}
      <DataTable
        lang={lang}
        columns={[
          { vi: 'Đơn vị', en: 'Unit' },
          { vi: 'Tiếp nhận mới', en: 'Received' },
          { vi: 'Đã giải quyết', en: 'Finished' },
          { vi: 'Trước và đúng hạn', en: 'Early or on time' },
          { vi: 'Quá hạn', en: 'Late' },
          { vi: 'Đang quá hạn', en: 'Overdue now' },
          { vi: 'Tỷ lệ đúng hạn', en: 'On-time rate' },
        ]}
      >
        {v.units.map((u) => (
          <tr>
            <th scope="row">{u.name}</th>
            <td>{number(lang, u.received)}</td>
            <td>{number(lang, u.finished)}</td>
            <td>{number(lang, u.finishedEarlyOrOnTime)}</td>
            <td>{number(lang, u.finishedLate)}</td>
            <td>{number(lang, u.inProgressOverdue)}</td>
            <td>{percent(lang, u.onTimeRate)}</td>
          </tr>
        ))}
      </DataTable>
      <p class="hint">
        {lang === 'vi'
          ? 'Đúng hạn, quá hạn tính theo ngày hẹn trả ban đầu; hồ sơ dừng xử lý sau hạn tính là quá hạn.'
          : 'On time and late against the original appointment; a stop after the due counts as late.'}
      </p>
    </>
  );
}

function PublicPage({ req, period, v, failure }: { req: FastifyRequest; period: string; v?: PublicStatisticsView; failure?: FormFailure }) {
  const lang = req.lang;
  return (
    <Layout req={req} title={TITLE}>
      <ErrorSummary lang={lang} message={failure?.message} fields={failure?.fields} />
      <form method="get" action="/cong-khai/thong-ke" class="filters">
        <Field
          lang={lang}
          name="period"
          label={{ vi: 'Kỳ (năm, quý hoặc tháng)', en: 'Period (year, quarter or month)' }}
          hint={{ vi: 'Ví dụ 2026, 2026-Q4, 2026-11', en: 'E.g. 2026, 2026-Q4, 2026-11' }}
          value={period}
          errors={failure?.fields}
        />
        <button type="submit">{lang === 'vi' ? 'Xem' : 'Show'}</button>
      </form>
      {v && <Results lang={lang} v={v} />}
    </Layout>
  );
}

export async function registerPublicStatisticsPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<{ Querystring: { period?: string } }>('/cong-khai/thong-ke', { schema: { hide: true }, config: { rateLimit: PUBLIC_RATE } }, async (req, reply) => {
    const period = typeof req.query.period === 'string' ? req.query.period.trim().slice(0, 20) : '';
    const r = await attempt(() => publicStatistics(ctx, period ? { period } : {}));
    if (!r.ok) return sendPage(reply, <PublicPage req={req} period={period} failure={r.failure} />, r.failure.status);
    return sendPage(reply, <PublicPage req={req} period={r.value.period} v={r.value} />);
  });
}
