import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { checkDatabase } from '../../app/maintenance.js';

export function registerHealth(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/healthz', { schema: { tags: ['system'], summary: 'Process is alive', response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));
  r.get(
    '/readyz',
    {
      schema: {
        tags: ['system'],
        summary: 'Database is reachable',
        response: { 200: z.object({ status: z.literal('ready'), engine: z.string() }), 503: z.object({ status: z.literal('unavailable'), engine: z.string() }) },
      },
    },
    async (_req, reply) => {
      try {
        await checkDatabase(ctx);
        return { status: 'ready' as const, engine: ctx.engine };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const, engine: ctx.engine });
      }
    },
  );
}
