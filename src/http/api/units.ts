import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import type { RateRule } from '../../app/throttle.js';
import { createUnit, getUnitView, listAllUnits, updateUnitUseCase } from '../../app/units.js';
import { errorBodySchema } from '../errors.js';
import { idParam, msg, plainDate, unitKind, unitSchema } from './schemas.js';

export const PUBLIC_RATE: RateRule = { bucket: 'public', max: 120, windowSeconds: 60 };

const optionalText = (max: number) => z.string().max(max).nullable().optional();

export const unitInput = z.object({
  parentId: z.number().int().positive().nullable(),
  kind: unitKind,
  code: z.string().min(1, msg('Cần mã định danh', 'Agency code is required')).max(20),
  name: z.string().trim().min(2, msg('Tên đơn vị gồm ít nhất 2 ký tự', 'Unit name needs at least 2 characters')).max(300),
  shortName: optionalText(100),
  address: optionalText(300),
  phone: optionalText(30),
  email: z.email(msg('Thư điện tử không hợp lệ', 'Invalid e-mail')).nullable().optional(),
  validFrom: plainDate,
  validTo: plainDate.nullable().optional(),
});

export function registerUnitApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/units',
    {
      config: { rateLimit: PUBLIC_RATE },
      schema: {
        tags: ['units'],
        summary: 'Danh sách đơn vị (công khai) / Unit directory (public)',
        querystring: z.object({ includeInactive: z.enum(['true', 'false']).optional() }),
        response: { 200: z.array(unitSchema) },
      },
    },
    async (req) => listAllUnits(ctx, { includeInactive: req.query.includeInactive === 'true' }),
  );
  r.get(
    '/api/v1/units/:id',
    {
      config: { rateLimit: PUBLIC_RATE },
      schema: {
        tags: ['units'],
        summary: 'Chi tiết đơn vị, lịch sử mã / Unit with its code history',
        params: idParam,
        response: { 200: unitSchema.extend({ codes: z.array(z.object({ code: z.string(), validFrom: z.string(), validTo: z.string().nullable() })) }), 404: errorBodySchema },
      },
    },
    async (req) => getUnitView(ctx, req.params.id),
  );
  r.post(
    '/api/v1/units',
    {
      schema: {
        tags: ['units'],
        summary: 'Tạo đơn vị / Create a unit (administrator of the parent unit)',
        body: unitInput,
        response: { 201: unitSchema, 400: errorBodySchema, 403: errorBodySchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createUnit(ctx, req.actor, req.body)),
  );
  r.patch(
    '/api/v1/units/:id',
    {
      schema: {
        tags: ['units'],
        summary: 'Sửa, chuyển, ngừng hoạt động đơn vị / Edit, move or deactivate a unit',
        params: idParam,
        body: unitInput.partial().extend({
          version: z.number().int().positive(),
          active: z.boolean().optional(),
          codeValidFrom: plainDate.optional(),
        }),
        response: { 200: unitSchema, 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (req) => updateUnitUseCase(ctx, req.actor, req.params.id, req.body),
  );
}
