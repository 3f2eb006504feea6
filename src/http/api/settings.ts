// Province settings. The dossier rules (docs/dossier.md "Province rules"): read by staff, replaced by a
// province-level administrator; a dossier keeps the rules it pinned at reception.
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { dossierRuleOverridesSchema, dossierRulesSchema, getDossierRules, setDossierRules, type DossierRulesView } from '../../app/dossier-rules.js';
import { errorBodySchema } from '../errors.js';

const view = z.object({
  rules: dossierRulesSchema.describe('Quy định đang áp dụng cho hồ sơ tiếp nhận từ bây giờ / The rules a dossier received now pins'),
  overrides: dossierRuleOverridesSchema.describe('Các quy định tỉnh đã đặt / What the province set; every other rule takes its default'),
  defaults: dossierRulesSchema.describe('Giá trị mặc định / The defaults (DEFAULT_RULES)'),
  canEdit: z.boolean().describe('Người gọi được thay đổi (quản trị viên cấp tỉnh) / The caller may change them (a province-level administrator)'),
});

const out = (v: DossierRulesView) => ({ rules: v.rules, overrides: v.overrides, defaults: v.defaults, canEdit: v.canEdit });

export function registerSettingsApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/settings/dossier-rules',
    {
      schema: {
        tags: ['settings'],
        summary: 'Quy định hồ sơ của tỉnh / The province dossier rules',
        description:
          'Các quy định đang áp dụng (mặc định cùng các giá trị tỉnh đặt). Hồ sơ giữ quy định đã ghim khi tiếp nhận. / The rules in force (the defaults with the province overrides). A dossier keeps the rules it pinned at reception.',
        response: { 200: view, 401: errorBodySchema, 403: errorBodySchema },
      },
    },
    async (req) => out(await getDossierRules(ctx, req.actor)),
  );
  r.put(
    '/api/v1/settings/dossier-rules',
    {
      schema: {
        tags: ['settings'],
        summary: 'Đặt quy định hồ sơ của tỉnh / Set the province dossier rules',
        description:
          'Thay toàn bộ các giá trị tỉnh đặt; quy định không gửi lấy giá trị mặc định. Chỉ quản trị viên cấp tỉnh; mỗi thay đổi được ghi nhật ký kiểm toán. Hồ sơ đã tiếp nhận giữ quy định đã ghim. / Replaces the province overrides; a rule left out takes its default. Province-level administrators only; every change is audited. Dossiers already received keep the rules they pinned.',
        body: dossierRuleOverridesSchema,
        response: { 200: view, 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 422: errorBodySchema },
      },
    },
    async (req) => out(await setDossierRules(ctx, req.actor, req.body)),
  );
}
