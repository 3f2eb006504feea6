// Delegation of signature (ủy quyền) over JSON: a leader lets an official of the unit sign, or approve and sign, in
// the leader's name for some procedures during a period. The rules live in src/app/dossiers/delegations.ts; here
// the instants must carry their offset, so that "08:00" can never be read in the server's time zone.
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import { createDelegation, delegatingUnits, getDelegationDetail, listDelegationDetails, revokeDelegation } from '../../app/dossiers/index.js';
import { DELEGATION_SCOPES } from '../../domain/dossier/index.js';
import { ROLES } from '../../domain/org.js';
import { errorBodySchema } from '../errors.js';
import { idParam, msg } from './schemas.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

const scope = z.enum(DELEGATION_SCOPES).describe('sign: ký thay / sign on behalf; approve_and_sign: duyệt và ký thay / approve and sign on behalf');
const person = z.object({ id: z.number(), username: z.string(), fullName: z.string() });

const delegationView = z.object({
  id: z.number(),
  fromUserId: z.number(),
  toUserId: z.number(),
  unitId: z.number(),
  scope,
  procedureCodes: z.array(z.string()).describe('Rỗng = mọi thủ tục của đơn vị / Empty = every procedure of the unit'),
  validFrom: z.date(),
  validTo: z.date(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
  inForce: z.boolean().describe('Đang có hiệu lực lúc đọc / In force at the moment of reading'),
  state: z.enum(['in_force', 'upcoming', 'expired', 'revoked']).describe('Đang hiệu lực, chưa đến hạn, hết hạn, đã thu hồi / In force, not yet started, expired, revoked'),
  from: person,
  to: person,
  unit: z.object({ id: z.number(), code: z.string(), name: z.string(), shortName: z.string().nullable() }),
  procedures: z.array(z.object({ code: z.string(), name: z.string().nullable() })),
});

const delegatingUnit = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  candidates: z.array(person.extend({ roles: z.array(z.enum(ROLES)) })),
});

const instant = (what: string, whatEn: string) =>
  z.iso
    .datetime({
      offset: true,
      error: msg(`${what}: thời điểm ISO 8601 có múi giờ, ví dụ 2026-12-01T08:00:00+07:00`, `${whatEn}: an ISO 8601 instant with its offset, e.g. 2026-12-01T08:00:00+07:00`),
    })
    .describe('ISO 8601 kèm múi giờ (+07:00 hoặc Z) / ISO 8601 with an offset (+07:00 or Z)');

const createBody = z
  .object({
    toUserId: z.number().int().positive().describe('Người được ủy quyền: cán bộ của đơn vị / The delegate, an official of the unit'),
    unitId: z.number().int().positive().describe('Đơn vị mà người ủy quyền là lãnh đạo / The unit the delegator leads'),
    scope,
    procedureCodes: z
      .array(z.string().max(20, msg('Mã thủ tục tối đa 20 ký tự', 'A procedure code is at most 20 characters')))
      .max(200)
      .optional()
      .describe('Mã thủ tục; bỏ trống = mọi thủ tục / Procedure codes; omitted or empty = every procedure'),
    validFrom: instant('Bắt đầu', 'Start'),
    validTo: instant('Kết thúc', 'End'),
  })
  .meta({
    examples: [{ toUserId: 4, unitId: 5, scope: 'sign', procedureCodes: ['1.002099'], validFrom: '2026-12-01T07:30:00+07:00', validTo: '2026-12-15T17:00:00+07:00' }],
  });

export function registerDelegationApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/delegations',
    {
      schema: {
        tags: ['delegations'],
        summary: 'Các ủy quyền tôi đã giao và được nhận / The delegations I gave and received',
        description: 'Mới nhất trước. / Newest first.',
        response: { 200: z.array(delegationView), ...errors },
      },
    },
    async (req, reply) => {
      requireUser(req.actor);
      return reply.header('cache-control', 'no-store').send(await listDelegationDetails(ctx, req.actor));
    },
  );

  r.get(
    '/api/v1/delegations/candidates',
    {
      schema: {
        tags: ['delegations'],
        summary: 'Đơn vị tôi lãnh đạo và cán bộ có thể được ủy quyền / The units I lead and the officials I may delegate to',
        response: { 200: z.array(delegatingUnit), ...errors },
      },
    },
    async (req, reply) => {
      requireUser(req.actor);
      return reply.header('cache-control', 'no-store').send(await delegatingUnits(ctx, req.actor));
    },
  );

  r.get(
    '/api/v1/delegations/:id',
    {
      schema: {
        tags: ['delegations'],
        summary: 'Một ủy quyền (người giao, người nhận) / One delegation (its delegator or delegate)',
        params: idParam,
        response: { 200: delegationView, ...errors },
      },
    },
    async (req, reply) => {
      requireUser(req.actor);
      return reply.header('cache-control', 'no-store').send(await getDelegationDetail(ctx, req.actor, req.params.id));
    },
  );

  r.post(
    '/api/v1/delegations',
    {
      schema: {
        tags: ['delegations'],
        summary: 'Lãnh đạo ủy quyền ký thay cho cán bộ của đơn vị / A leader delegates signing to an official of the unit',
        description:
          'Chỉ lãnh đạo của đơn vị. Kết thúc phải sau bắt đầu và chưa qua. Thao tác theo ủy quyền được ghi kèm ủy quyền; hết hạn hoặc bị thu hồi thì không còn dùng được. / ' +
          'Only a leader of the unit. The end must follow the start and not be past. Acts under the delegation record it; once expired or revoked it no longer applies.',
        body: createBody,
        response: { 201: delegationView, ...errors },
      },
    },
    async (req, reply) => {
      requireUser(req.actor);
      const b = req.body;
      const created = await createDelegation(ctx, req.actor, {
        toUserId: b.toUserId,
        unitId: b.unitId,
        scope: b.scope,
        procedureCodes: b.procedureCodes,
        validFrom: new Date(b.validFrom),
        validTo: new Date(b.validTo),
      });
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .header('location', `/api/v1/delegations/${created.id}`)
        .send(await getDelegationDetail(ctx, req.actor, created.id));
    },
  );

  r.post(
    '/api/v1/delegations/:id/revoke',
    {
      schema: {
        tags: ['delegations'],
        summary: 'Thu hồi ủy quyền / Revoke a delegation',
        description: 'Người đã giao ủy quyền (hoặc quản trị của đơn vị). Đã thu hồi rồi: 400 already_revoked. / The delegator (or an administrator of the unit). Already revoked: 400 already_revoked.',
        params: idParam,
        response: { 200: delegationView, ...errors },
      },
    },
    async (req, reply) => {
      requireUser(req.actor);
      await revokeDelegation(ctx, req.actor, req.params.id);
      return reply.header('cache-control', 'no-store').send(await getDelegationDetail(ctx, req.actor, req.params.id));
    },
  );
}
