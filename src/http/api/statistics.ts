// Statistics of a unit for a period over JSON (issue 12). The figures and who may read them: src/app/statistics.ts.
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import { drillDownView, publicStatistics, publicStatisticsView, STATISTICS_CHANNELS, statisticsByUnit, statisticsDossiers, statisticsView, unitStatistics, unitTableView } from '../../app/statistics.js';
import { statisticsCsv, statisticsFileName, statisticsWorkbook } from '../exports/statistics-table.js';
import { statisticsReport } from '../exports/statistics-report.js';
import { renderFormPdf } from '../forms/pdf.js';
import { STATISTICS_FIGURES } from '../../store/statistics.js';
import { errorBodySchema } from '../errors.js';
import { PUBLIC_RATE } from './units.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };

const query = z.object({
  unit: z.string().min(1).max(40).describe('Mã định danh đơn vị (QCVN 102:2016) / The unit’s agency code'),
  from: z.string().describe('Ngày đầu kỳ YYYY-MM-DD / First day, YYYY-MM-DD'),
  to: z.string().describe('Ngày cuối kỳ YYYY-MM-DD (tính cả ngày này; tối đa 366 ngày) / Last day, included (at most 366 days)'),
  subunits: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('Gồm cả đơn vị cấp dưới / Include the units below'),
  procedure: z.string().min(1).max(40).optional().describe('Mã thủ tục / Procedure code'),
  channel: z.enum(STATISTICS_CHANNELS).optional().describe('Kênh tiếp nhận / Channel'),
});

export function registerStatisticsApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/statistics',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Số liệu thống kê của đơn vị trong kỳ / A unit’s statistics for a period',
        description:
          'Đúng hạn, trễ hạn tính theo ngày hẹn ban đầu; hồ sơ dừng sau hạn tính là trễ hạn. / On time and late against the original appointment; a stop after the due instant counts as late.',
        querystring: query,
        response: { 200: statisticsView, ...errors },
      },
    },
    async (req, reply) => {
      requireUser(req.actor);
      return reply.header('cache-control', 'no-store').send(await unitStatistics(ctx, req.actor, req.query));
    },
  );

  r.get(
    '/api/v1/statistics/dossiers',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Các hồ sơ tạo nên một số liệu / The dossiers behind one figure',
        description: 'Cùng đơn vị, kỳ và bộ lọc như /api/v1/statistics; tổng bằng số liệu đó. / Same unit, period and filters as /api/v1/statistics; the total equals that figure.',
        querystring: query.extend({
          figure: z.enum(STATISTICS_FIGURES).describe('Số liệu / The figure'),
          page: z.coerce.number().int().min(1).max(10_000).optional(),
          pageSize: z.coerce.number().int().min(1).max(200).optional(),
        }),
        response: { 200: drillDownView, ...errors },
      },
    },
    async (req, reply) => {
      requireUser(req.actor);
      return reply.header('cache-control', 'no-store').send(await statisticsDossiers(ctx, req.actor, req.query));
    },
  );

  const tableQuery = query.omit({ subunits: true });
  r.get(
    '/api/v1/statistics/units',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Bảng số liệu theo từng đơn vị trực thuộc / The figures of the unit and of each unit below it',
        querystring: tableQuery,
        response: { 200: unitTableView, ...errors },
      },
    },
    async (req, reply) => {
      requireUser(req.actor);
      return reply.header('cache-control', 'no-store').send(await statisticsByUnit(ctx, req.actor, req.query));
    },
  );
  for (const ext of ['xlsx', 'csv'] as const)
    r.get(
      `/api/v1/statistics/units.${ext}`,
      {
        schema: {
          tags: ['statistics'],
          summary: ext === 'xlsx' ? 'Tải bảng số liệu dạng Excel / The table as Excel' : 'Tải bảng số liệu dạng CSV / The table as CSV',
          querystring: tableQuery,
          produces: [ext === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv'],
        },
      },
      async (req, reply) => {
        requireUser(req.actor);
        const v = await statisticsByUnit(ctx, req.actor, req.query);
        reply
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="${statisticsFileName(v, ext)}"`)
          .header('x-content-type-options', 'nosniff');
        if (ext === 'csv') return reply.type('text/csv; charset=utf-8').send(statisticsCsv(v));
        return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await statisticsWorkbook(v));
      },
    );

  r.get(
    '/api/v1/statistics/units.pdf',
    {
      schema: {
        tags: ['statistics'],
        summary: 'Báo cáo định kỳ của đơn vị (PDF) / The unit’s periodic report as PDF',
        querystring: tableQuery,
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => {
      requireUser(req.actor);
      const report = statisticsReport(await statisticsByUnit(ctx, req.actor, req.query));
      return reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${report.fileName}.pdf"`)
        .send(await renderFormPdf(report));
    },
  );
  r.get(
    '/api/v1/public/statistics',
    {
      config: { rateLimit: PUBLIC_RATE },
      schema: {
        tags: ['statistics'],
        summary: 'Kết quả giải quyết công khai của tỉnh và từng đơn vị / The province’s published results, unit by unit',
        description: 'Không cần đăng nhập; chỉ số liệu tổng hợp. / No sign-in; aggregates only.',
        querystring: z.object({ period: z.string().max(20).optional().describe('2026, 2026-Q4 hoặc/or 2026-11; mặc định tháng này / default this month') }),
        response: { 200: publicStatisticsView, 400: errorBodySchema },
      },
    },
    async (req, reply) => reply.header('cache-control', 'public, max-age=300').send(await publicStatistics(ctx, req.query)),
  );
}
