import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  addCalendarEntry,
  computeDeadline,
  listDays,
  lunarOf,
  removeCalendarEntry,
  saveAnnouncement,
  saveCalendarProfile,
  updateCalendarEntryUseCase,
} from '../../app/calendar.js';
import type { AppContext } from '../../app/context.js';
import { errorBodySchema } from '../errors.js';
import { idParam, msg } from './schemas.js';
import { PUBLIC_RATE } from './units.js';

const source = z.enum(['weekend', 'law', 'announcement', 'predicted', 'local']).nullable();
const entryKind = z.enum(['holiday', 'compensatory', 'swapped_day_off', 'working_saturday', 'closure']);

const deadlineResult = z.object({
  start: z.string().describe('ISO-8601, +07:00'),
  due: z.string().describe('ISO-8601, +07:00'),
  unit: z.string(),
  amount: z.number(),
  rule: z.string(),
  calendar: z.object({ unitCode: z.string().nullable(), unitName: z.string() }),
  explanation: z.array(
    z.object({ date: z.string(), counted: z.boolean(), reason: z.string().nullable(), source, minutes: z.number().nullable() }),
  ),
});

const dayResult = z.object({ date: z.string(), working: z.boolean(), reason: z.string().nullable(), source });

const entryView = z.object({
  id: z.number(),
  unitId: z.number().nullable(),
  date: z.string(),
  kind: entryKind,
  reason: z.string(),
  source: z.enum(['law', 'announcement', 'local']),
  version: z.number(),
});

// Query values arrive as text; they are checked (with the field named) by the use case, so that the same rules and
// messages serve the API and the page.
const text = (max: number) => z.string().max(max, msg(`Tối đa ${max} ký tự`, `At most ${max} characters`));
const required = (max: number) => text(max).min(1, msg('Bắt buộc', 'Required'));

const errors = { 400: errorBodySchema, 429: errorBodySchema };

export function registerCalendarApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/calendar/deadline',
    {
      config: { rateLimit: PUBLIC_RATE },
      schema: {
        tags: ['calendar'],
        summary: 'Tính ngày hẹn trả / Compute a due instant on a working calendar (public)',
        description:
          'unit: hours | working_hours | working_days | days | months | same_day. unit_code: agency code whose calendar applies (default: national).',
        querystring: z.object({ start: required(40), amount: required(20), unit: required(20), unit_code: text(30).optional() }),
        response: { 200: deadlineResult, ...errors },
      },
    },
    async (req) =>
      computeDeadline(ctx, {
        start: req.query.start,
        amount: Number(req.query.amount.trim() === '' ? Number.NaN : req.query.amount),
        unit: req.query.unit,
        unitCode: req.query.unit_code,
      }),
  );
  r.get(
    '/api/v1/calendar/days',
    {
      config: { rateLimit: PUBLIC_RATE },
      schema: {
        tags: ['calendar'],
        summary: 'Ngày làm việc, ngày nghỉ / Working and rest days in a range (at most 400 days, public)',
        querystring: z.object({ from: required(10), to: required(10), unit_code: text(30).optional() }),
        response: { 200: z.array(dayResult), ...errors },
      },
    },
    async (req) =>
      (await listDays(ctx, { from: req.query.from, to: req.query.to, unitCode: req.query.unit_code })).map((d) => ({
        date: d.date,
        working: d.working,
        reason: d.reason,
        source: d.source,
      })),
  );
  r.get(
    '/api/v1/calendar/lunar',
    {
      config: { rateLimit: PUBLIC_RATE },
      schema: {
        tags: ['calendar'],
        summary: 'Đổi ngày dương sang âm lịch Việt Nam (UTC+7) / Vietnamese lunar date (public)',
        querystring: z.object({ date: required(10) }),
        response: { 200: z.object({ day: z.number(), month: z.number(), year: z.number(), leap: z.boolean(), yearName: z.string() }), ...errors },
      },
    },
    async (req) => lunarOf(req.query.date),
  );

  // Administration (audited). unitId null = the national calendar.
  r.post(
    '/api/v1/calendar/entries',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Thêm ngày nghỉ/làm bù, ngày đóng cửa / Add a calendar entry (administrator)',
        body: z.object({ unitId: z.number().int().positive().nullable(), date: required(10), kind: entryKind, reason: required(300) }),
        response: { 201: entryView, 400: errorBodySchema, 403: errorBodySchema },
      },
    },
    async (req, reply) => reply.code(201).send(await addCalendarEntry(ctx, req.actor, req.body)),
  );
  r.patch(
    '/api/v1/calendar/entries/:id',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Sửa một ngày trong lịch / Edit a calendar entry (administrator)',
        params: idParam,
        body: z.object({ kind: entryKind, reason: required(300), version: z.number().int().positive() }),
        response: { 200: entryView, 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (req) => updateCalendarEntryUseCase(ctx, req.actor, req.params.id, req.body),
  );
  r.delete(
    '/api/v1/calendar/entries/:id',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Xoá một ngày trong lịch / Remove a calendar entry (administrator)',
        params: idParam,
        querystring: z.object({ version: z.coerce.number().int().positive(msg('Cần số phiên bản', 'version is required')) }),
        response: { 204: z.null(), 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (req, reply) => {
      await removeCalendarEntry(ctx, req.actor, req.params.id, req.query.version);
      return reply.code(204).send(null);
    },
  );
  r.put(
    '/api/v1/calendar/announcements/:year',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Lưu thông báo lịch nghỉ của năm / Store a year’s national announcement (province administrator)',
        params: z.object({ year: z.coerce.number().int().min(1901).max(2099) }),
        body: z.object({
          reference: text(300).optional(),
          off: z.array(z.object({ date: required(10), reason: required(300), kind: z.enum(['holiday', 'compensatory', 'swapped_day_off', 'closure']).optional() })).max(60),
          workingSaturdays: z.array(z.object({ date: required(10), reason: required(300) })).max(20),
        }),
        response: { 200: z.object({ year: z.number(), reference: z.string().nullable(), version: z.number() }), 400: errorBodySchema, 403: errorBodySchema },
      },
    },
    async (req) => saveAnnouncement(ctx, req.actor, { year: req.params.year, ...req.body }),
  );
  r.put(
    '/api/v1/calendar/profiles/:id',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Giờ làm việc riêng của đơn vị / A unit’s own office hours, cut-off and rest days (administrator)',
        params: idParam,
        body: z.object({
          officeHours: z.array(z.object({ start: required(5), end: required(5) })).max(4).nullable(),
          sameDayCutoff: text(5).nullable(),
          weeklyRestDays: z.array(z.number().int()).max(6).nullable(),
        }),
        response: { 204: z.null(), 400: errorBodySchema, 403: errorBodySchema },
      },
    },
    async (req, reply) => {
      await saveCalendarProfile(ctx, req.actor, req.params.id, req.body);
      return reply.code(204).send(null);
    },
  );
}
