import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { loadMethodologies, score766Index } from '../../app/indices.js';
import { methodologySchema } from '../../domain/indices/index.js';
import { errorBodySchema } from '../errors.js';
import { msg } from './schemas.js';
import { PUBLIC_RATE } from './units.js';

// The route checks only the shape; whole, non-negative counts, numerator ≤ denominator and known codes are the
// methodology's business (src/domain/indices), reported at `indicators.<code>.<field>`.
const counts = z.object({
  numerator: z.number().describe('Tử số: số nguyên không âm / numerator: a whole number ≥ 0'),
  denominator: z.number().describe('Mẫu số: số nguyên không âm, ≥ tử số / denominator: a whole number ≥ the numerator'),
});

const scoreBody = z.object({
  indicators: z
    .record(z.string().max(20, msg('Mã chỉ số tối đa 20 ký tự', 'An indicator code has at most 20 characters')), counts)
    .refine((o) => Object.keys(o).length <= 100, msg('Tối đa 100 chỉ số', 'At most 100 indicators'))
    .describe('Mã chỉ số → số đếm, ví dụ { "2.1": { "numerator": 653, "denominator": 654 } } / indicator code → counts'),
  methodology: z.string().max(64).optional().describe('Mã phương pháp tính (mặc định: phương pháp có hiệu lực hôm nay) / methodology id (default: the one valid today)'),
});

const bilingual = z.object({ vi: z.string(), en: z.string() });

const scoreResult = z.object({
  methodology: z.string(),
  indicators: z.record(
    z.string(),
    z.object({
      group: z.string(),
      points: z.number().nullable().describe('null = chưa đo / not measured'),
      max: z.number(),
      ratio: z.number().optional(),
      basis: z.enum(['counts', 'zero_denominator', 'missing']),
    }),
  ),
  groups: z.record(z.string(), z.object({ points: z.number(), max: z.number() })),
  total: z.number(),
  max: z.number(),
  measuredMax: z.number(),
  missing: z.array(z.string()),
  complete: z.boolean(),
  band: bilingual.nullable(),
});

export function registerIndicesApi(app: FastifyInstance, ctx: AppContext): void {
  // Read and checked at start-up, so that a bad methodology file stops the server instead of failing every request.
  const methodologies = loadMethodologies();
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/indices/766/score',
    {
      config: { rateLimit: PUBLIC_RATE },
      schema: {
        tags: ['indices'],
        summary: 'Tính điểm Bộ chỉ số 766 từ số đếm (công khai) / Score the Decision 766 service index from counts (public)',
        description:
          'Chỉ tính toán, không đọc dữ liệu đã lưu. Chỉ số không gửi được báo là chưa đo (points null), không cộng vào tổng và liệt kê trong missing. / ' +
          'Computes only; reads no stored data. Omitted indicators are reported as not measured (points null), add nothing to the total and are listed in missing.',
        body: scoreBody,
        response: { 200: scoreResult, 400: errorBodySchema, 429: errorBodySchema },
      },
    },
    async (req) => score766Index(ctx, { indicators: req.body.indicators, methodology: req.body.methodology }, methodologies),
  );
  r.get(
    '/api/v1/indices/766/methodologies',
    {
      config: { rateLimit: PUBLIC_RATE },
      schema: {
        tags: ['indices'],
        summary: 'Các phương pháp tính Bộ chỉ số 766 (công khai) / Decision 766 methodologies: indicators, points and rules (public)',
        response: { 200: z.array(methodologySchema), 429: errorBodySchema },
      },
    },
    async () => methodologies,
  );
}
