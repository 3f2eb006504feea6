// Procedure catalogue API: public search and detail; management for the provincial office (audited in app/).
// Bodies of procedures and processes are validated by the catalogue domain's readers, which report every problem
// with its path at once, so the schemas here only fix the envelope.
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  abolishProcedure,
  amendProcedure,
  createProcedure,
  getProcedure,
  listFields,
  previewProcess,
  publishProcedure,
  replaceProcedure,
  searchProcedures,
  setProcess,
  updateDraft,
} from '../../app/catalogue.js';
import { exportCatalogue } from '../../app/catalogue-import.js';
import type { AppContext } from '../../app/context.js';
import { ONLINE_LEVELS, PROCEDURE_LEVELS } from '../../domain/catalogue/index.js';
import { errorBodySchema } from '../errors.js';
import { msg } from './schemas.js';
import { PUBLIC_RATE } from './units.js';

const code = z.object({ code: z.string().regex(/^\d\.\d{6}$/, msg('Mã thủ tục có dạng 1.001193', 'A procedure code looks like 1.001193')) });
const anyObject = z.record(z.string(), z.unknown());
const revision = z.number().int().positive().optional();
const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

const summary = z.object({
  code: z.string(),
  name: z.string(),
  field: z.string(),
  level: z.string(),
  status: z.string(),
  onlineLevel: z.string().nullable(),
  unitCodes: z.array(z.string()),
  versionId: z.number().nullable(),
  rank: z.number(),
});

// The view is the catalogue's own documented shape (docs/catalogue.md); it is passed through as is.
const view = z.unknown().describe('ProcedureView: body, version, versions, history, process, completeness, allowedActions, revision');

export function registerProcedureApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/procedures',
    {
      config: { rateLimit: PUBLIC_RATE },
      schema: {
        tags: ['catalogue'],
        summary: 'Tìm thủ tục hành chính (không dấu, sai chính tả vẫn tìm được) / Search procedures (public)',
        querystring: z.object({
          q: z.string().max(200).optional(),
          field: z.string().max(200).optional(),
          level: z.enum(PROCEDURE_LEVELS).optional(),
          unit_code: z.string().max(30).optional(),
          online: z.enum([...ONLINE_LEVELS, 'none']).optional(),
          status: z.enum(['in_force', 'public', 'retired', 'draft', 'all']).optional(),
          page: z.coerce.number().int().min(1).max(10_000).optional(),
          pageSize: z.coerce.number().int().min(1).max(100).optional(),
        }),
        response: { 200: z.object({ total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(summary) }), ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      return searchProcedures(ctx, req.actor, { q: q.q, field: q.field, level: q.level, unitCode: q.unit_code, online: q.online, status: q.status, page: q.page, pageSize: q.pageSize });
    },
  );
  r.get(
    '/api/v1/procedures/:code',
    {
      config: { rateLimit: PUBLIC_RATE },
      schema: { tags: ['catalogue'], summary: 'Chi tiết thủ tục, quy trình nội bộ, lịch sử / Procedure detail (public)', params: code, response: { 200: view, ...errors } },
    },
    async (req) => getProcedure(ctx, req.actor, req.params.code),
  );
  r.get(
    '/api/v1/procedure-fields',
    {
      config: { rateLimit: PUBLIC_RATE },
      schema: { tags: ['catalogue'], summary: 'Lĩnh vực và số thủ tục / Fields with procedure counts (public)', response: { 200: z.array(z.object({ field: z.string(), count: z.number() })) } },
    },
    async (req) => listFields(ctx, req.actor),
  );
  r.get(
    '/api/v1/catalogue/export',
    {
      config: { rateLimit: PUBLIC_RATE },
      schema: { tags: ['catalogue'], summary: 'Xuất danh mục (JSON hoặc CSV) / Export the catalogue', querystring: z.object({ format: z.enum(['json', 'csv']).optional() }) },
    },
    async (req, reply) => {
      const format = req.query.format ?? 'json';
      const text = await exportCatalogue(ctx, req.actor, { format });
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="thu-tuc-hanh-chinh.${format}"`)
        .send(text);
    },
  );

  r.post(
    '/api/v1/procedures',
    { schema: { tags: ['catalogue'], summary: 'Tạo dự thảo thủ tục / Create a draft procedure (provincial office)', body: anyObject, response: { 201: z.unknown(), ...errors } } },
    async (req, reply) => reply.code(201).send(await createProcedure(ctx, req.actor, req.body)),
  );
  r.patch(
    '/api/v1/procedures/:code',
    {
      schema: { tags: ['catalogue'], summary: 'Sửa dự thảo / Edit a draft', params: code, body: z.object({ changes: anyObject, revision }), response: { 200: z.unknown(), ...errors } },
    },
    async (req) => updateDraft(ctx, req.actor, req.params.code, req.body.changes, { revision: req.body.revision }),
  );
  r.post(
    '/api/v1/procedures/:code/publish',
    { schema: { tags: ['catalogue'], summary: 'Công bố theo quyết định / Publish by a decision', params: code, body: z.object({ decision: anyObject, revision }), response: { 200: z.unknown(), ...errors } } },
    async (req) => publishProcedure(ctx, req.actor, req.params.code, req.body.decision, { revision: req.body.revision }),
  );
  r.post(
    '/api/v1/procedures/:code/amend',
    {
      schema: { tags: ['catalogue'], summary: 'Sửa đổi, bổ sung (phiên bản mới) / Amend: a new version', params: code, body: z.object({ decision: anyObject, changes: anyObject, revision }), response: { 200: z.unknown(), ...errors } },
    },
    async (req) => amendProcedure(ctx, req.actor, req.params.code, req.body.decision, req.body.changes, { revision: req.body.revision }),
  );
  r.post(
    '/api/v1/procedures/:code/replace',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Thay thế bằng thủ tục khác / Replace by another procedure',
        params: code,
        body: z.object({ byCode: z.string().max(20), decision: anyObject, revision }),
        response: { 200: z.unknown(), ...errors },
      },
    },
    async (req) => replaceProcedure(ctx, req.actor, req.params.code, req.body.byCode, req.body.decision, { revision: req.body.revision }),
  );
  r.post(
    '/api/v1/procedures/:code/abolish',
    { schema: { tags: ['catalogue'], summary: 'Bãi bỏ / Abolish', params: code, body: z.object({ decision: anyObject, revision }), response: { 200: z.unknown(), ...errors } } },
    async (req) => abolishProcedure(ctx, req.actor, req.params.code, req.body.decision, { revision: req.body.revision }),
  );
  r.put(
    '/api/v1/procedures/:code/process',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Phê duyệt quy trình nội bộ (phiên bản mới) / Approve an internal process version',
        params: code,
        body: z.object({ process: anyObject, revision }),
        response: { 200: z.unknown(), ...errors },
      },
    },
    async (req) => setProcess(ctx, req.actor, req.params.code, req.body.process, { revision: req.body.revision }),
  );
  r.post(
    '/api/v1/procedures/:code/process/check',
    {
      schema: { tags: ['catalogue'], summary: 'Kiểm tra quy trình so với thời hạn (không lưu) / Check a process against the limit', params: code, body: z.object({ process: anyObject }), response: { 200: z.unknown(), ...errors } },
    },
    async (req) => previewProcess(ctx, req.actor, req.params.code, req.body.process),
  );
}
