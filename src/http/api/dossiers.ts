// Dossier API: reception at the desk, inboxes, one dossier, processing actions, uploads, the applicant's supplement
// and the public tracking view. Every rule lives in the use cases (src/app/dossiers); the schemas here fix the
// envelope and document it, and the handlers only translate HTTP conventions (Idempotency-Key, If-Match, codes or
// ids in paths) into the use cases' inputs.
//
// Form 02 and form 03 for a dossier brought to the counter have their own endpoints
// (`POST /api/v1/dossiers/supplement-requests`, `POST /api/v1/dossiers/refusals`) rather than an `action` switch on
// `POST /api/v1/dossiers`: each has its own required fields (items + reason, reasons) and its own result (a dossier
// without a code), which separate request schemas document exactly in OpenAPI. For a dossier that already exists
// (an online submission), the same two steps are ordinary actions on `POST /api/v1/dossiers/{code}/actions`.
import { timingSafeEqual } from 'node:crypto';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireUser, type Actor } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import type { RateRule } from '../../app/throttle.js';
import {
  act,
  allowedActionsFor,
  answerSupplement,
  getDossier,
  getDossierByCode,
  inbox,
  listMyDossiers,
  publicTracking,
  receiveAtDesk,
  receiveSubmitted,
  refuseReception,
  requestSupplementBeforeReception,
  saveFile,
  type CounterDossierInput,
  type CreationResult,
  type DossierView,
} from '../../app/dossiers/index.js';
import { ACTION_LABELS, ACTION_TYPES, CHANNELS, DELEGATION_SCOPES, DOSSIER_STATUSES, PAYLOAD_SCHEMAS } from '../../domain/dossier/index.js';
import { AppError, type FieldError } from '../../domain/errors.js';
import { ROLES } from '../../domain/org.js';
import { errorBodySchema, zodFields } from '../errors.js';
import { documentedAs } from './documented.js';
import { msg } from './schemas.js';
import { applicantDossierView, toApplicantView } from './applicant-view.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An API route that takes multipart/form-data (file uploads) instead of JSON. */
    multipartUpload?: boolean;
  }
}

/**
 * Public tracking answers a dossier code plus a 4-digit verifier: 10,000 guesses per dossier. The three routes that
 * take a verifier (this API and the two tracking pages) share one count per client: 20 lookups a minute, while a
 * family checking its dossiers, or a service centre's shared connection, stays well under it. Wrong verifiers are
 * also counted per dossier code from every address together (src/app/throttle.ts).
 */
export const TRACKING_RATE: RateRule = { bucket: 'tracking', max: 20, windowSeconds: 60 };

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema };

const invalidInput = (fields: FieldError[]) => new AppError('invalid', 'validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, fields);

// ---------------------------------------------------------------------------------------------------------------
// Response schemas

const bilingual = z.object({ vi: z.string(), en: z.string() });
const unitRef = z.object({ id: z.number(), code: z.string(), name: z.string(), shortName: z.string().nullable() });
const status = z.enum(DOSSIER_STATUSES);
const nationalStatus = z.number().int().min(1).max(10).describe('Mã trạng thái quốc gia 1–10 / National status code 1–10');
const channel = z.enum(CHANNELS);
const outcome = z.enum(['early', 'on_time', 'late']);

// The view is the use cases' documented shape (docs/dossier.md, src/app/dossiers/types.ts): passed through as is.
const dossierView = z
  .unknown()
  .describe(
    'DossierView: id, code, version (pass it back as expectedVersion), channel, procedure, applicant, applicantUserId, documents, pinned, ' +
      'state (DossierState: status, nationalStatus, phase, clock, steps, timeline, flags, apology…; dates as ISO 8601), units, people, trackingToken, access, createdAt, updatedAt',
  );

const dossierOrApplicantView = z
  // The handler builds the applicant's view (toApplicantView); the union only documents both shapes.
  .union([dossierView, applicantDossierView])
  .describe('Cán bộ: DossierView đầy đủ; người nộp: ApplicantDossierView (không có trao đổi nội bộ, ý kiến nội bộ, tên đăng nhập cán bộ) / Staff: the full DossierView; the applicant: ApplicantDossierView (no internal consultations, comments or staff login names)');

const creation = z.object({
  dossier: dossierView,
  created: z.boolean().describe('false: an idempotent retry found the dossier created the first time / false: a retry of an earlier request'),
});

const summary = z.object({
  id: z.number(),
  code: z.string().nullable(),
  version: z.number(),
  procedureCode: z.string(),
  procedureName: z.string(),
  applicantName: z.string(),
  status,
  nationalStatus: nationalStatus.nullable(),
  channel: channel.nullable(),
  receivingUnitId: z.number().nullable(),
  competentUnitId: z.number().nullable(),
  currentUnitId: z.number().nullable(),
  currentStepIndex: z.number().nullable(),
  assigneeId: z.number().nullable(),
  waitingFor: z.enum(['supplement', 'payment']).nullable(),
  submittedAt: z.date().nullable(),
  receivedAt: z.date().nullable(),
  originalDueAt: z.date().nullable(),
  currentDueAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  returnedAt: z.date().nullable(),
  remainingWorkingMinutes: z.number().nullable().describe('Thời gian làm việc còn lại (phút), âm khi quá hạn / Working minutes left, negative when late'),
  late: z.boolean().describe('Quá hạn so với ngày hẹn ban đầu / Late against the original appointment'),
  dueSoon: z.boolean(),
  lateWithoutApology: z.boolean(),
  lateApologisedLate: z.boolean().describe('Quá hạn, xin lỗi muộn / Late, apologised after the deadline'),
  apologyDueSoon: z.boolean().describe('Sắp đến hạn gửi văn bản xin lỗi / The apology deadline is near'),
  dueRecounted: z.boolean().describe('Tính lại khi nhận đủ hồ sơ bổ sung (ngày hẹn null) / Recounted when the supplement arrives (dues are null)'),
  receptionOverdue: z.boolean().describe('Nộp trực tuyến, quá 01 ngày làm việc chưa tiếp nhận / Submitted online, not received within one working day'),
  apologised: z.boolean(),
  openConsultations: z.number(),
  updatedAt: z.date(),
});

const inboxPage = z.object({
  items: z.array(summary),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  asOf: z.date(),
  units: z.record(z.string(), unitRef).describe('Tên các đơn vị theo id / Units named in the items, by id'),
});

const permission = z.object({
  type: z.enum(ACTION_TYPES),
  allowed: z.boolean(),
  unitId: z.number().nullable().optional().describe('Allowed: the unit the action is recorded under'),
  role: z.enum([...ROLES, 'applicant', 'system']).optional(),
  delegation: z.object({ fromUserId: z.number(), scope: z.enum(DELEGATION_SCOPES) }).nullable().optional(),
  kind: z.enum(['conflict', 'forbidden']).optional().describe('Refused: conflict (the state) or forbidden (the actor)'),
  reason: bilingual.optional(),
});
const personRef = z.object({ id: z.number(), username: z.string(), fullName: z.string() });
const allowedActionsView = z.object({
  dossierId: z.number(),
  version: z.number(),
  actions: z.array(permission),
  assigneeCandidates: z.object({ assign: z.array(personRef), forward: z.array(personRef) }),
});

const publicView = z.object({
  code: z.string(),
  procedureName: z.string(),
  applicantInitials: z.string().describe('Chỉ chữ cái đầu của họ tên / Initials only, e.g. "N.V.A."'),
  status,
  statusLabel: bilingual,
  nationalStatus: nationalStatus.nullable(),
  nationalStatusLabel: bilingual.nullable(),
  channel: channel.nullable(),
  receivedAt: z.date().nullable(),
  dueAt: z.date().nullable().describe('Ngày hẹn trả (sau thư xin lỗi: ngày hẹn mới) / The appointment (after an apology, the new one)'),
  previousDueAt: z.date().nullable().describe('Ngày hẹn trước khi xin lỗi / The appointment before the apology'),
  dueRecounted: z.boolean().describe('Tính lại khi nhận đủ hồ sơ bổ sung (dueAt null) / Recounted when the supplement arrives (dueAt is null)'),
  finishedAt: z.date().nullable(),
  returnedAt: z.date().nullable(),
  refusedAt: z.date().nullable(),
  stoppedAt: z.date().nullable(),
  result: z.enum(['granted', 'refused']).nullable(),
  waitingFor: z.enum(['supplement', 'payment']).nullable(),
  late: z.boolean(),
  currentUnitName: z.string().nullable(),
  receivingUnitName: z.string().nullable(),
  steps: z.array(z.object({ unitName: z.string(), stepName: z.string().nullable(), receivedAt: z.date(), handedOverAt: z.date().nullable(), outcome: outcome.nullable() })),
});

const storedFile = z.object({
  id: z.string().describe('Dùng trong documents[].fileIds, attachments / Use in documents[].fileIds and attachments'),
  name: z.string(),
  mediaType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
  sizeBytes: z.number(),
  sha256: z.string(),
  ownerUserId: z.number().nullable(),
  createdAt: z.date(),
});

// ---------------------------------------------------------------------------------------------------------------
// Request schemas: shapes and sizes only; the use cases check the content (ID numbers, the checklist, the payload)
// and name the fields at fault, so the paths match whichever layer finds the problem.

const text = (max: number) => z.string().max(max, msg(`Tối đa ${max} ký tự`, `At most ${max} characters`));
const optionalText = (max: number) => text(max).nullable().optional();

const refParam = z.object({
  code: z
    .string()
    .min(1)
    .max(60, msg('Mã hồ sơ quá dài', 'The dossier code is too long'))
    .describe('Mã hồ sơ (có hoặc không có "000.") hoặc id số / Dossier code (with or without the leading "000.") or numeric id'),
});

const applicantInput = z.object({
  kind: z.enum(['citizen', 'organisation']).default('citizen').describe('Công dân hoặc tổ chức / Citizen or organisation'),
  fullName: text(200),
  idNumber: optionalText(20).describe('Số định danh cá nhân 12 số (bắt buộc với công dân) / Personal ID number, 12 digits (required for a citizen)'),
  organisationName: optionalText(300),
  taxCode: optionalText(20),
  address: optionalText(500),
  phone: optionalText(30),
  email: optionalText(254),
});

const documentInput = z.object({
  name: text(1000).describe('Đúng tên giấy tờ trong thủ tục, trừ khi extra / Exactly as the procedure lists it, unless extra'),
  provided: z.boolean().optional(),
  originals: z.number().int().min(0).max(100).optional(),
  copies: z.number().int().min(0).max(100).optional(),
  fileIds: z.array(text(100)).max(50).optional(),
  extra: z.boolean().optional(),
});

const counterFields = {
  procedureCode: text(20).describe('Mã thủ tục / Procedure code, e.g. 1.002099'),
  channel: z.enum(['counter', 'postal']).default('counter').describe('Trực tiếp hoặc bưu chính / At the counter or by post'),
  applicant: applicantInput,
  documents: z.array(documentInput).max(200),
  competentUnitCode: optionalText(30).describe('Khi thủ tục có nhiều nơi giải quyết (cấp xã) / When the procedure has several competent units'),
  receivingUnitId: z.number().int().positive().nullable().optional().describe('Khi cán bộ làm việc ở nhiều Bộ phận Một cửa / When the official sits at several desks'),
  idempotencyKey: text(100).optional().describe('Hoặc tiêu đề Idempotency-Key (ưu tiên) / Or the Idempotency-Key header, which wins'),
  comment: optionalText(4000),
};

const exampleApplicant = { kind: 'citizen', fullName: 'Nguyễn Văn An', idNumber: '036190001234', phone: '0912345678', address: 'Số 12 đường Lê Lai, phường Đông Thành' };
const exampleDocuments = [
  { name: 'Giấy đề nghị đăng ký hoạt động', provided: true, originals: 1 },
  { name: 'Bản sao Giấy phép thành lập', provided: true, copies: 1 },
];

const receiveBody = z
  .object({
    ...counterFields,
    // The fields the receive action's payload defines (src/domain/dossier/actions/receive.ts).
    trackingBookNumber: PAYLOAD_SCHEMAS.receive.shape.trackingBookNumber,
    resultDelivery: PAYLOAD_SCHEMAS.receive.shape.resultDelivery.describe(
      'Cách nhận kết quả (mẫu 01): tại Bộ phận Một cửa, qua bưu chính, trực tuyến / How the applicant gets the result (form 01)',
    ),
  })
  .meta({
  examples: [{ procedureCode: '1.002099', channel: 'counter', applicant: exampleApplicant, documents: exampleDocuments, idempotencyKey: 'desk-2026-11-23-0001', comment: 'Đủ hồ sơ' }],
});
const supplementRequestBody = z
  .object({
    ...counterFields,
    items: PAYLOAD_SCHEMAS.request_supplement_before_reception.shape.items.describe('Mọi giấy tờ cần bổ sung, một lần (mẫu 02) / Everything missing, at once (form 02)'),
    reason: PAYLOAD_SCHEMAS.request_supplement_before_reception.shape.reason,
  })
  .meta({
    examples: [
      {
        procedureCode: '1.002099',
        channel: 'counter',
        applicant: exampleApplicant,
        documents: exampleDocuments.slice(0, 1),
        idempotencyKey: 'desk-2026-11-23-0002',
        items: ['Bản sao Giấy phép thành lập'],
        reason: 'Thiếu giấy tờ theo quy định',
      },
    ],
  });
const refusalBody = z
  .object({ ...counterFields, reasons: PAYLOAD_SCHEMAS.refuse_reception.shape.reasons.describe('Lý do từ chối (mẫu 03) / Reasons for refusal (form 03)') })
  .meta({
    examples: [{ procedureCode: '1.002099', channel: 'postal', applicant: exampleApplicant, documents: [], idempotencyKey: 'post-2026-11-23-0003', reasons: 'Không thuộc thẩm quyền giải quyết' }],
  });

const actionEnvelope = {
  comment: optionalText(4000),
  attachments: z.array(text(100)).max(50).optional().describe('Id tệp đã tải lên (POST /api/v1/files) / Ids of uploaded files'),
  expectedVersion: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Phiên bản hồ sơ đã xem (bắt buộc, hoặc tiêu đề If-Match) / The version you saw (required here or in If-Match)'),
  unitId: z.number().int().positive().nullable().optional().describe('Đơn vị nhân danh, khi có nhiều lựa chọn / The unit to act for, when several'),
};

/**
 * What the route itself checks: the envelope. The payload is parsed by the domain with its type's schema, after the
 * state and before the actor are judged, so that a refusal comes in the documented order and names `payload.x`.
 */
const actionEnvelopeBody = z.object({
  type: z.enum(ACTION_TYPES).describe('Loại thao tác (docs/dossier.md, "Actions") / Action type'),
  payload: z.record(z.string(), z.unknown()).optional(),
  ...actionEnvelope,
});

/** A counter dossier brought back after form 02 is received with its full checklist again. */
const receiveWithChecklist = PAYLOAD_SCHEMAS.receive.extend({
  documents: z.array(documentInput).max(200).optional().describe('Toàn bộ thành phần hồ sơ khi tiếp nhận hồ sơ đã hướng dẫn bổ sung (mẫu 02) / The full checklist of a counter dossier brought back after form 02'),
});

/** The body as documented: one option per action type, with the payload its spec defines (src/domain/dossier/actions). */
const actionOptions = ACTION_TYPES.map((type) => {
  const payload = type === 'receive' ? receiveWithChecklist : PAYLOAD_SCHEMAS[type];
  const label = ACTION_LABELS[type];
  return z
    .object({ type: z.literal(type), payload: payload.safeParse({}).success ? payload.optional() : payload, ...actionEnvelope })
    .describe(`${label.vi} / ${label.en}`);
});
const [firstAction, ...otherActions] = actionOptions;
const actionBodyShown = z
  .discriminatedUnion('type', [firstAction!, ...otherActions])
  .meta({
    // Named examples (fastify-swagger turns x-examples into the media type's examples, with their summaries).
    'x-examples': {
      forward: { summary: 'Chuyển bước tiếp theo / Forward', value: { type: 'forward', payload: { toStepIndex: 1 }, comment: 'Chuyển Sở Tư pháp', expectedVersion: 1 } },
      assign: { summary: 'Phân công / Assign', value: { type: 'assign', payload: { assigneeId: 7 }, expectedVersion: 2 } },
      request_supplement: {
        summary: 'Yêu cầu bổ sung / Ask for a supplement',
        value: { type: 'request_supplement', payload: { items: ['Bản sao hợp đồng lao động'], reason: 'Thiếu hợp đồng lao động' }, expectedVersion: 3 },
      },
      apologise: {
        summary: 'Xin lỗi, hẹn lại (mẫu 04) / Apologise with a new appointment (form 04)',
        value: { type: 'apologise', payload: { lateUnitId: 5, reason: 'Cần xác minh thêm', newDueAt: '2026-12-04T16:00:00+07:00' }, expectedVersion: 4 },
      },
      return_result: { summary: 'Trả kết quả / Hand over the result', value: { type: 'return_result', payload: { method: 'counter' }, expectedVersion: 9 } },
    },
  });

const actionBody = documentedAs(actionEnvelopeBody, actionBodyShown);

const supplementBody = z
  .object({
    expectedVersion: z.number().int().min(0).optional().describe('Hoặc tiêu đề If-Match / Or the If-Match header'),
    note: optionalText(4000),
    fileIds: z.array(text(100)).max(50).optional(),
    comment: optionalText(4000),
  })
  .meta({ examples: [{ expectedVersion: 4, note: 'Bổ sung bản sao hợp đồng lao động', fileIds: ['Xb3k…'] }] });

const idempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .optional()
    .describe('Khóa chống gửi trùng, 1–100 ký tự A-Z a-z 0-9 . _ : - ; gửi lại cùng khóa trả lại hồ sơ đã tạo / A retry with the same key returns the same dossier'),
});
const ifMatchHeaders = z.looseObject({
  'if-match': z.string().optional().describe('Phiên bản hồ sơ đã xem, thay cho expectedVersion: "5" / The version you saw, instead of expectedVersion'),
});

// ---------------------------------------------------------------------------------------------------------------
// HTTP conventions

const KEY = /^[A-Za-z0-9._:-]{1,100}$/;

/** The Idempotency-Key header wins over the body's idempotencyKey; one of them is required. */
function idempotencyKeyOf(req: FastifyRequest, body: { idempotencyKey?: string }): string {
  const header = req.headers['idempotency-key'];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  if (fromHeader !== undefined) {
    if (!KEY.test(fromHeader))
      throw invalidInput([
        { path: 'headers.idempotency-key', message: { vi: 'Khóa chống gửi trùng gồm 1–100 ký tự chữ, số, . _ : -', en: 'The idempotency key is 1–100 characters of letters, digits, . _ : -' } },
      ]);
    return fromHeader;
  }
  if (body.idempotencyKey === undefined || body.idempotencyKey === '')
    throw invalidInput([
      {
        path: 'idempotencyKey',
        message: {
          vi: 'Cần tiêu đề Idempotency-Key hoặc trường idempotencyKey để gửi lại không tạo hồ sơ thứ hai',
          en: 'The Idempotency-Key header or the idempotencyKey field is required, so that a retry does not create a second dossier',
        },
      },
    ]);
  return body.idempotencyKey;
}

/** The expected version from the body or from If-Match ("5", 5 or W/"5"); when both are given they must agree. */
function expectedVersionOf(req: FastifyRequest, fromBody: number | undefined): number | undefined {
  const raw = req.headers['if-match'];
  if (raw === undefined) return fromBody;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
  if (!m)
    throw invalidInput([{ path: 'headers.if-match', message: { vi: 'If-Match phải là phiên bản hồ sơ, ví dụ "5"', en: 'If-Match must be the dossier version, e.g. "5"' } }]);
  const v = Number(m[1]);
  if (fromBody !== undefined && fromBody !== v)
    throw invalidInput([
      { path: 'expectedVersion', message: { vi: `Khác với If-Match (${v})`, en: `Disagrees with If-Match (${v})` } },
    ]);
  return v;
}

const isId = (ref: string) => /^\d{1,12}$/.test(ref);

function sendView(reply: FastifyReply, view: DossierView) {
  // Personal data: no shared cache keeps it. The version doubles as the entity tag that If-Match sends back.
  // The applicant gets what their page shows, never the unit's internal work (see applicant-view.ts).
  const body = view.access === 'applicant' ? toApplicantView(view) : view;
  return reply.header('cache-control', 'no-store').header('etag', `"${view.version}"`).send(body);
}

function sendCreation(reply: FastifyReply, r: CreationResult) {
  const where = r.dossier.code ?? String(r.dossier.id);
  return reply
    .code(r.created ? 201 : 200)
    .header('cache-control', 'no-store')
    .header('location', `/api/v1/dossiers/${encodeURIComponent(where)}`)
    .send(r);
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

type Part = { type: 'field'; value: unknown } | { type: 'file'; fieldname: string; filename: string; mimetype: string; toBuffer(): Promise<Buffer> };

const oneFileOnly = () =>
  invalidInput([{ path: 'file', message: { vi: 'Gửi đúng một tệp trong trường "file" (multipart/form-data)', en: 'Send exactly one file in the "file" field (multipart/form-data)' } }]);

// ---------------------------------------------------------------------------------------------------------------

export function registerDossierApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // Handlers call requireUser before these, so an anonymous caller cannot tell existing codes (401) from unknown
  // ones (404). A numeric reference is an id: dossiers without a code yet (form 02, form 03) have only that.
  const viewOf = (actor: Actor, ref: string) => (isId(ref) ? getDossier(ctx, actor, Number(ref)) : getDossierByCode(ctx, actor, ref));
  const idOf = async (actor: Actor, ref: string) => (isId(ref) ? Number(ref) : (await getDossierByCode(ctx, actor, ref)).id);

  const counterInput = (req: FastifyRequest, body: z.output<typeof receiveBody>): CounterDossierInput => ({
    procedureCode: body.procedureCode,
    channel: body.channel,
    applicant: body.applicant,
    documents: body.documents,
    competentUnitCode: body.competentUnitCode ?? null,
    receivingUnitId: body.receivingUnitId ?? null,
    idempotencyKey: idempotencyKeyOf(req, body),
    comment: body.comment ?? null,
  });

  r.post(
    '/api/v1/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Tiếp nhận hồ sơ tại Bộ phận Một cửa (trực tiếp, bưu chính) / Receive a dossier at the desk (counter, post)',
        description:
          'Cấp mã hồ sơ, ngày hẹn trả, số sổ theo dõi (mẫu 01). Gửi lại cùng khóa Idempotency-Key trả về hồ sơ cũ (200, created: false). / ' +
          'Issues the code, the appointment and the tracking-book number (form 01). A retry with the same Idempotency-Key returns the first dossier (200, created: false); the first call answers 201.',
        headers: idempotencyHeaders,
        body: receiveBody,
        response: { 200: creation, 201: creation, ...errors },
      },
    },
    async (req, reply) => {
      requireUser(req.actor);
      return sendCreation(reply, await receiveAtDesk(ctx, req.actor, { ...counterInput(req, req.body), trackingBookNumber: req.body.trackingBookNumber ?? null, resultDelivery: req.body.resultDelivery ?? null }));
    },
  );

  r.post(
    '/api/v1/dossiers/supplement-requests',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Hướng dẫn bổ sung trước khi tiếp nhận (mẫu 02) / Ask for a supplement before reception (form 02)',
        description:
          'Tạo hồ sơ chưa có mã; khi công dân mang bổ sung, tiếp nhận bằng thao tác receive. Với hồ sơ đã nộp trực tuyến dùng thao tác request_supplement_before_reception. / ' +
          'Creates a dossier without a code; receive it with the receive action when the applicant comes back. For an online submission use the request_supplement_before_reception action.',
        headers: idempotencyHeaders,
        body: supplementRequestBody,
        response: { 200: creation, 201: creation, ...errors },
      },
    },
    async (req, reply) => {
      requireUser(req.actor);
      return sendCreation(reply, await requestSupplementBeforeReception(ctx, req.actor, { ...counterInput(req, req.body), items: req.body.items, reason: req.body.reason }));
    },
  );

  r.post(
    '/api/v1/dossiers/refusals',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Từ chối tiếp nhận (mẫu 03) / Refuse reception (form 03)',
        description: 'Với hồ sơ đã nộp trực tuyến dùng thao tác refuse_reception. / For an online submission use the refuse_reception action.',
        headers: idempotencyHeaders,
        body: refusalBody,
        response: { 200: creation, 201: creation, ...errors },
      },
    },
    async (req, reply) => {
      requireUser(req.actor);
      return sendCreation(reply, await refuseReception(ctx, req.actor, { ...counterInput(req, req.body), reasons: req.body.reasons }));
    },
  );

  r.get(
    '/api/v1/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Hộp hồ sơ của tôi / của đơn vị / Inbox: mine or my unit’s',
        description:
          'scope=mine: hồ sơ được giao cho tôi; unit: hồ sơ đơn vị đang giữ (mặc định các đơn vị của tôi). Thời gian còn lại tính lại lúc đọc. / ' +
          'scope=mine: assigned to me; unit: held by the unit (default: my own units). Remaining working time is recomputed at read time.',
        querystring: z.object({
          scope: z.enum(['mine', 'unit']).default('unit'),
          filter: z.enum(['todo', 'submitted', 'due_soon', 'late', 'waiting_supplement', 'consulting', 'all']).default('todo'),
          unit_id: z.coerce.number().int().positive().optional(),
          include_subunits: z.enum(['true', 'false']).optional(),
          sort: z.enum(['remaining', 'received']).optional().describe('remaining: ít thời gian còn lại nhất trước (mặc định) / least time left first (default); received: newest first'),
          page: z.coerce.number().int().min(1).max(10_000).optional(),
          pageSize: z.coerce.number().int().min(1).max(100).optional(),
          q: z.string().max(200).optional().describe('Đầu mã hồ sơ, tên người nộp hoặc tên thủ tục / Code prefix, applicant or procedure name'),
        }),
        response: { 200: inboxPage, ...errors },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const page = await inbox(ctx, req.actor, {
        scope: q.scope,
        filter: q.filter,
        unitId: q.unit_id ?? null,
        includeSubunits: q.include_subunits === 'true',
        sort: q.sort,
        page: q.page,
        pageSize: q.pageSize,
        q: q.q ?? null,
      });
      return reply.header('cache-control', 'no-store').send(page);
    },
  );

  r.get(
    '/api/v1/my/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Hồ sơ đã nộp của tôi (công dân, doanh nghiệp) / My submitted dossiers (citizen and business accounts)',
        querystring: z.object({ page: z.coerce.number().int().min(1).max(10_000).optional(), pageSize: z.coerce.number().int().min(1).max(100).optional() }),
        // The applicant's list leaves out the unit's internal work (who holds it, open consultations).
        response: { 200: z.object({ items: z.array(summary.omit({ assigneeId: true, openConsultations: true })), total: z.number(), page: z.number(), pageSize: z.number() }), ...errors },
      },
    },
    async (req, reply) => reply.header('cache-control', 'no-store').send(await listMyDossiers(ctx, req.actor, { page: req.query.page, pageSize: req.query.pageSize })),
  );

  r.get(
    '/api/v1/dossiers/:code',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Chi tiết hồ sơ (cán bộ có thẩm quyền hoặc người nộp) / One dossier (staff with jurisdiction, or the applicant)',
        description: 'ETag là phiên bản hồ sơ, gửi lại trong If-Match khi thao tác. / The ETag is the dossier version: send it back in If-Match when acting.',
        params: refParam,
        response: { 200: dossierOrApplicantView, ...errors },
      },
    },
    async (req, reply) => {
      requireUser(req.actor);
      return sendView(reply, await viewOf(req.actor, req.params.code));
    },
  );

  r.get(
    '/api/v1/dossiers/:code/allowed-actions',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Các thao tác được phép (và lý do không được) / The actions I may take now, and why not the others',
        params: refParam,
        response: { 200: allowedActionsView, ...errors },
      },
    },
    async (req, reply) => {
      requireUser(req.actor);
      const id = await idOf(req.actor, req.params.code);
      return reply.header('cache-control', 'no-store').send(await allowedActionsFor(ctx, req.actor, id));
    },
  );

  r.post(
    '/api/v1/dossiers/:code/actions',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Thực hiện một thao tác xử lý / Append a processing action',
        description:
          'Phiên bản cũ: 409 stale_version, không ghi gì. Trạng thái không cho phép: 409 action_not_allowed. Không đúng người: 403. Dữ liệu sai: 400 kèm đường dẫn trường. ' +
          'expectedVersion trong thân hoặc tiêu đề If-Match. Tiếp nhận hồ sơ đã hướng dẫn bổ sung (mẫu 02): receive với payload.documents là toàn bộ thành phần hồ sơ. / ' +
          'A stale version: 409 stale_version and nothing is written. Not allowed in this state: 409 action_not_allowed. Not this actor: 403. A bad payload: 400 with field paths. ' +
          'The expected version goes in the body or in the If-Match header. ' +
          'receive: payload { trackingBookNumber?, resultDelivery? (counter | post | online), documents? } (documents: the full checklist of a counter dossier brought back after form 02).',
        params: refParam,
        headers: ifMatchHeaders,
        body: actionBody,
        response: { 200: dossierOrApplicantView, ...errors },
      },
    },
    async (req, reply) => {
      requireUser(req.actor);
      const expectedVersion = expectedVersionOf(req, req.body.expectedVersion);
      const id = await idOf(req.actor, req.params.code);
      const payload: Record<string, unknown> = { ...req.body.payload };
      // A counter dossier brought back after form 02 is received with its checklist again, which act() does not
      // carry: reception of an existing dossier goes straight to its use case when the payload has documents.
      if (req.body.type === 'receive' && payload.documents !== undefined) {
        const documents = z.array(documentInput).max(200).safeParse(payload.documents);
        if (!documents.success) throw invalidInput(zodFields(documents.error.issues, 'payload.documents'));
        const book = payload.trackingBookNumber;
        const r = await receiveSubmitted(ctx, req.actor, id, {
          expectedVersion: expectedVersion as number,
          documents: documents.data,
          receivingUnitId: req.body.unitId ?? null,
          trackingBookNumber: typeof book === 'number' ? book : null,
          resultDelivery: payload.resultDelivery === 'counter' || payload.resultDelivery === 'post' || payload.resultDelivery === 'online' ? payload.resultDelivery : null,
          comment: req.body.comment ?? null,
        });
        return sendView(reply, r.dossier);
      }
      const input = {
        type: req.body.type,
        payload,
        comment: req.body.comment ?? null,
        attachments: req.body.attachments,
        expectedVersion,
        unitId: req.body.unitId ?? null,
      };
      return sendView(reply, await act(ctx, req.actor, id, input));
    },
  );

  r.post(
    '/api/v1/dossiers/:code/supplement',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Người nộp gửi hồ sơ bổ sung / The applicant sends the supplement',
        description: 'Tải tệp trước bằng POST /api/v1/files. / Upload the files first with POST /api/v1/files.',
        params: refParam,
        headers: ifMatchHeaders,
        body: supplementBody,
        response: { 200: dossierOrApplicantView, ...errors },
      },
    },
    async (req, reply) => {
      requireUser(req.actor);
      const expectedVersion = expectedVersionOf(req, req.body.expectedVersion);
      const id = await idOf(req.actor, req.params.code);
      const view = await answerSupplement(ctx, req.actor, id, { expectedVersion: expectedVersion as number, note: req.body.note ?? null, fileIds: req.body.fileIds ?? [], comment: req.body.comment ?? null });
      return sendView(reply, view);
    },
  );

  r.post(
    '/api/v1/files',
    {
      config: { multipartUpload: true },
      // The multipart plugin bounds each file by the upload limit; the body as a whole may be that large too.
      bodyLimit: ctx.config.uploadMaxBytes + 256 * 1024,
      schema: {
        tags: ['dossiers'],
        summary: 'Tải lên một tệp (PDF, JPEG, PNG) / Upload one file (PDF, JPEG, PNG)',
        description:
          'multipart/form-data, một tệp trong trường "file". Kiểu tệp xét theo nội dung; giới hạn dung lượng MOTCUA_UPLOAD_MAX_BYTES. Đăng nhập bằng phiên (cookie) thì gửi kèm mã CSRF ' +
          '(trường _csrf hoặc tiêu đề X-CSRF-Token, giá trị cookie motcua_csrf); dùng Bearer token thì không cần. / ' +
          'multipart/form-data with one file in the "file" field. The type is read from the content; size limit MOTCUA_UPLOAD_MAX_BYTES. With a session cookie, also send the CSRF token ' +
          '(field _csrf or header X-CSRF-Token, the value of the motcua_csrf cookie); not needed with a Bearer token.',
        response: { 201: storedFile, ...errors },
      },
    },
    async (req, reply) => {
      const user = requireUser(req.actor);
      const body = (req.body ?? {}) as Record<string, Part | Part[] | undefined>;
      // A session cookie rides along on any request the browser makes, so a session-authenticated upload carries the
      // double-submit token like the pages' forms; a bearer token cannot be sent by another site.
      if (user.via === 'session') {
        const field = body._csrf;
        const fromField = field && !Array.isArray(field) && field.type === 'field' ? String(field.value ?? '') : '';
        const header = req.headers['x-csrf-token'];
        const sent = (Array.isArray(header) ? header[0] : header) ?? fromField;
        if (!sameToken(sent, req.csrfToken))
          throw new AppError('forbidden', 'csrf_failed', {
            vi: 'Thiếu hoặc sai mã CSRF (trường _csrf hoặc tiêu đề X-CSRF-Token)',
            en: 'Missing or wrong CSRF token (field _csrf or header X-CSRF-Token)',
          });
      }
      const files = Object.values(body)
        .flatMap((p) => (Array.isArray(p) ? p : p ? [p] : []))
        // Only what the multipart parser made: a JSON body shaped like a part has no toBuffer to call.
        .filter((p): p is Extract<Part, { type: 'file' }> => typeof p === 'object' && p !== null && p.type === 'file' && typeof p.toBuffer === 'function');
      const part = files[0];
      if (files.length !== 1 || !part || part.fieldname !== 'file') throw oneFileOnly();
      const saved = await saveFile(ctx, req.actor, { name: part.filename, bytes: await part.toBuffer(), declaredType: part.mimetype || null });
      return reply.code(201).header('location', `/api/v1/files/${saved.id}`).send(saved);
    },
  );

  r.get(
    '/api/v1/public/dossiers/:code',
    {
      config: { rateLimit: TRACKING_RATE },
      schema: {
        tags: ['dossiers'],
        summary: 'Tra cứu công khai tình trạng hồ sơ / Public tracking of a dossier',
        description:
          'Cần mã hồ sơ và verifier (4 số cuối điện thoại, CCCD hoặc mã số thuế của người nộp) hoặc t (mã theo dõi trong mã QR của mẫu 01). Sai mã hay sai verifier đều trả 404 như nhau. ' +
          'Chỉ có chữ cái đầu họ tên người nộp. / ' +
          'Needs the code and a verifier (last 4 digits of the applicant’s phone, ID number or tax code) or t (the tracking token of the QR code on form 01). ' +
          'An unknown code and a wrong verifier give the same 404. Of the applicant, only the initials.',
        params: refParam,
        querystring: z.object({
          verifier: z.string().max(64).optional().describe('4 số cuối điện thoại / CCCD / mã số thuế — last 4 digits of phone, ID number or tax code'),
          t: z.string().max(64).optional().describe('Mã theo dõi trong mã QR / Tracking token from the QR code'),
        }),
        response: { 200: publicView, 400: errorBodySchema, 404: errorBodySchema, 429: errorBodySchema },
      },
    },
    async (req, reply) => {
      const verifier = req.query.t || req.query.verifier;
      if (!verifier)
        throw invalidInput([
          {
            path: 'querystring.verifier',
            message: { vi: 'Cần 4 số cuối điện thoại, CCCD hoặc mã số thuế (hoặc t từ mã QR)', en: 'The last 4 digits of the phone, ID number or tax code are required (or t from the QR code)' },
          },
        ]);
      const view = await publicTracking(ctx, req.params.code, verifier);
      return reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex').send(view);
    },
  );
}
