import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditLogFor, requireAuditReader, verifyAuditChain } from '../../app/audit.js';
import type { AppContext } from '../../app/context.js';
import { enqueuePing, listJobsForAdmin, retryJob } from '../../app/jobs.js';
import { errorBodySchema } from '../errors.js';
import { idParam } from './schemas.js';

const job = z.object({
  id: z.number(),
  kind: z.string(),
  status: z.string(),
  runAt: z.string(),
  attempts: z.number(),
  maxAttempts: z.number(),
  lastError: z.string().nullable(),
  lockedBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

const auditEntry = z.object({
  seq: z.number(),
  occurredAt: z.string(),
  actorLabel: z.string(),
  actorUserId: z.number().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  unitId: z.number().nullable(),
  details: z.unknown(),
  hash: z.string(),
  prevHash: z.string(),
});

export function registerAdminApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/admin/jobs',
    {
      schema: {
        tags: ['admin'],
        summary: 'Tác vụ nền / Background jobs',
        querystring: z.object({ status: z.enum(['queued', 'running', 'done', 'dead']).optional(), kind: z.string().max(100).optional(), page: z.coerce.number().int().min(1).optional() }),
        response: { 200: z.object({ counts: z.record(z.string(), z.number()), jobs: z.array(job) }), 403: errorBodySchema },
      },
    },
    async (req) => {
      const { jobs, counts } = await listJobsForAdmin(ctx, req.actor, req.query);
      return {
        counts,
        jobs: jobs.map((j) => ({
          id: j.id,
          kind: j.kind,
          status: j.status,
          runAt: j.run_at.toISOString(),
          attempts: j.attempts,
          maxAttempts: j.max_attempts,
          lastError: j.last_error,
          lockedBy: j.locked_by,
          createdAt: j.created_at.toISOString(),
          finishedAt: j.finished_at?.toISOString() ?? null,
        })),
      };
    },
  );
  r.post('/api/v1/admin/jobs/:id/retry', { schema: { tags: ['admin'], summary: 'Chạy lại tác vụ lỗi / Retry a dead job', params: idParam, response: { 204: z.null() } } }, async (req, reply) => {
    await retryJob(ctx, req.actor, req.params.id);
    return reply.code(204).send(null);
  });
  r.post('/api/v1/admin/jobs/ping', { schema: { tags: ['admin'], summary: 'Kiểm tra worker / Enqueue a worker ping', response: { 201: z.object({ id: z.number().nullable() }) } } }, async (req, reply) =>
    reply.code(201).send({ id: await enqueuePing(ctx, req.actor) }),
  );
  r.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Nhật ký kiểm toán / Audit log (newest first)',
        querystring: z.object({ targetType: z.string().max(50).optional(), targetId: z.string().max(100).optional(), beforeSeq: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(500).optional() }),
        response: { 200: z.array(auditEntry), 403: errorBodySchema },
      },
    },
    async (req) => auditLogFor(ctx, req.actor, req.query),
  );
  r.get(
    '/api/v1/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Kiểm tra chuỗi băm / Verify the hash chain',
        response: { 200: z.object({ ok: z.boolean(), entries: z.number(), headSeq: z.number(), break: z.object({ seq: z.number(), reason: z.string() }).optional() }), 403: errorBodySchema },
      },
    },
    async (req) => {
      requireAuditReader(req.actor);
      return verifyAuditChain(ctx);
    },
  );
}
