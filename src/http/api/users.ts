import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { createStaffUser, getUserForAdmin, listUsersForAdmin, registerApplicant, updateUserUseCase } from '../../app/users.js';
import { errorBodySchema } from '../errors.js';
import { idParam, membershipSchema, msg, userSchema } from './schemas.js';
import { REGISTER_RATE } from './auth.js';

const password = z.string().min(1, msg('Cần mật khẩu', 'Password is required')).max(200);

export function registerUserApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Người dùng trong phạm vi quản trị / Users in my administration scope',
        querystring: z.object({ q: z.string().max(100).optional(), kind: z.enum(['staff', 'citizen', 'business']).optional(), includeInactive: z.enum(['true', 'false']).optional(), page: z.coerce.number().int().min(1).max(10_000).optional() }),
        response: { 200: z.array(userSchema), 403: errorBodySchema },
      },
    },
    async (req) => listUsersForAdmin(ctx, req.actor, { ...req.query, includeInactive: req.query.includeInactive === 'true' }),
  );
  r.get('/api/v1/users/:id', { schema: { tags: ['users'], summary: 'Chi tiết người dùng / User', params: idParam, response: { 200: userSchema, 403: errorBodySchema, 404: errorBodySchema } } }, async (req) =>
    getUserForAdmin(ctx, req.actor, req.params.id),
  );
  r.post(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Tạo tài khoản cán bộ / Create a staff account',
        body: z.object({
          username: z.string().min(1).max(64),
          fullName: z.string().min(1).max(200),
          email: z.string().max(200).nullable().optional(),
          phone: z.string().max(30).nullable().optional(),
          password,
          memberships: z.array(membershipSchema).max(50),
        }),
        response: { 201: userSchema, 400: errorBodySchema, 403: errorBodySchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createStaffUser(ctx, req.actor, req.body)),
  );
  r.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Sửa, phân quyền, khóa tài khoản / Edit, assign roles, deactivate',
        params: idParam,
        body: z.object({
          version: z.number().int().positive(),
          fullName: z.string().max(200).optional(),
          email: z.string().max(200).nullable().optional(),
          phone: z.string().max(30).nullable().optional(),
          active: z.boolean().optional(),
          password: password.optional(),
          memberships: z.array(membershipSchema).max(50).optional(),
        }),
        response: { 200: userSchema, 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (req) => updateUserUseCase(ctx, req.actor, req.params.id, req.body),
  );
  r.post(
    '/api/v1/register',
    {
      config: { rateLimit: REGISTER_RATE },
      schema: {
        tags: ['users'],
        summary: 'Đăng ký tài khoản công dân, doanh nghiệp / Register a citizen or business account',
        body: z.object({
          kind: z.enum(['citizen', 'business']),
          username: z.string().min(1).max(64),
          fullName: z.string().min(1).max(200),
          email: z.string().max(200).nullable().optional(),
          phone: z.string().max(30).nullable().optional(),
          password,
          idNumber: z.string().max(20).nullable().optional(),
          organisationName: z.string().max(300).nullable().optional(),
          taxCode: z.string().max(20).nullable().optional(),
        }),
        response: { 201: userSchema, 400: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (req, reply) => reply.code(201).send(await registerApplicant(ctx, req.actor, req.body)),
  );
}
