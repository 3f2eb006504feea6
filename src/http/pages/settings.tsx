// The province's dossier rules (docs/dossier.md "Province rules"): each rule with what it does, its legal source and
// its default, in both languages; a plain form (no JavaScript) that a province-level administrator saves. A rule
// left at its default is not stored as an override, so a later change of the default in the code still reaches it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { getDossierRules, setDossierRules, type DossierRulesView } from '../../app/dossier-rules.js';
import { DEFAULT_RULES, NATIONAL_STATUS_LABELS, type DossierRules } from '../../domain/dossier/index.js';
import type { Bilingual, FieldError } from '../../domain/errors.js';
import { pageUser } from '../context.js';
import { tr, UI, type Lang } from '../i18n.js';
import { attempt, str, type FormBody, type FormFailure } from './forms.js';
import { Layout, sendPage } from './layout.js';
import { Csrf, ErrorSummary, Field, Notice, Select } from './components.js';

const b = (vi: string, en: string): Bilingual => ({ vi, en });

/** What each rule does, where it comes from, and its default. */
export const RULE_HELP: Record<keyof DossierRules, { label: Bilingual; help: Bilingual }> = {
  supplementWindowWorkingDays: {
    label: b('Thời hạn yêu cầu bổ sung trong quá trình giải quyết (ngày làm việc)', 'Window for a supplement request during processing (working days)'),
    help: b(
      'Đơn vị chỉ được yêu cầu bổ sung, hoàn thiện hồ sơ trong số ngày làm việc này kể từ khi nhận hồ sơ. Căn cứ: Nghị định 61/2018/NĐ-CP, Điều 19 (chậm nhất 03 ngày làm việc). Mặc định: 3.',
      'A unit may ask for a supplement only within this many working days of receiving the dossier. Source: Decree 61/2018/NĐ-CP Art. 19 (at most 3 working days). Default: 3.',
    ),
  },
  lateSupplementRequest: {
    label: b('Yêu cầu bổ sung sau thời hạn', 'A supplement request after the window'),
    help: b(
      '"Từ chối": hệ thống không nhận yêu cầu quá hạn. "Ghi nhận": yêu cầu được lưu và hồ sơ bị tính trễ hạn theo Quyết định 766/QĐ-TTg; không bao giờ tính lại thời hạn. Mặc định: từ chối.',
      '"Refuse": a late request is refused. "Flag": it is recorded and the dossier counts late under Decision 766/QĐ-TTg; it never restarts the clock. Default: refuse.',
    ),
  },
  supplementRequestsCountedOnTime: {
    label: b('Số lần yêu cầu bổ sung vẫn tính đúng hạn', 'Supplement requests still counted on time'),
    help: b(
      'Nhiều lần yêu cầu bổ sung hơn số này thì hồ sơ bị tính trễ hạn cho Bộ chỉ số phục vụ. Căn cứ: Quyết định 766/QĐ-TTg (yêu cầu bổ sung quá 01 lần là trễ hạn). Mặc định: 1.',
      'More requests than this make the dossier late for the service index. Source: Decision 766/QĐ-TTg (more than one request is late). Default: 1.',
    ),
  },
  apologyDeadline: {
    label: b('Hạn gửi văn bản xin lỗi (mẫu 04)', 'Deadline of the apology letter (form 04)'),
    help: b(
      'Văn bản xin lỗi và hẹn lại đúng hạn khi gửi: trước ngày hẹn trả ít nhất số ngày làm việc dưới đây (mặc định), trong ngày trước ngày hẹn, hoặc trước thời điểm hẹn. Căn cứ: Nghị định 61/2018/NĐ-CP, Điều 19; Thông tư 01/2018/TT-VPCP, Điều 13 (chậm nhất 01 ngày trước ngày hẹn). Xin lỗi muộn vẫn được ghi nhận là muộn.',
      'The apology and new appointment is on time when sent at least the working days below before the due (default), on a day before the due day, or before the due instant. Source: Decree 61/2018 Art. 19; Circular 01/2018/TT-VPCP Art. 13 (no later than one day before the due). A later apology is recorded as late.',
    ),
  },
  apologyLeadWorkingDays: {
    label: b('Xin lỗi trước ngày hẹn trả (ngày làm việc)', 'Apology before the due (working days)'),
    help: b('Dùng khi hạn xin lỗi tính theo ngày làm việc. Căn cứ: Nghị định 61/2018/NĐ-CP, Điều 19. Mặc định: 1.', 'Used when the apology deadline counts working days. Source: Decree 61/2018 Art. 19. Default: 1.'),
  },
  apologyWarningWorkingDays: {
    label: b('Cảnh báo lãnh đạo về văn bản xin lỗi trước hạn (ngày làm việc)', 'Warn the leader about the apology before the due (working days)'),
    help: b(
      'Từ số ngày làm việc này trước ngày hẹn trả, hồ sơ chưa có văn bản xin lỗi được báo cho lãnh đạo đơn vị (hộp thư, nhắc việc hằng ngày). Quy định của tỉnh; không sớm hơn hạn xin lỗi. Mặc định: 2.',
      'From this many working days before the due, a dossier without an apology is flagged to the unit leader (inbox, daily reminder). A province rule; not later than the apology deadline. Default: 2.',
    ),
  },
  apologyMaxExtension: {
    label: b('Hẹn lại tối đa sau ngày hẹn hiện tại', 'Furthest new appointment after the current due'),
    help: b(
      'Ngày hẹn mới không được sau ngày hẹn hiện tại cộng thời hạn này. Để trống: bằng thời hạn giải quyết của chính thủ tục (mặc định). Quy định của tỉnh, chưa có văn bản thống nhất.',
      'The new appointment may be no later than the current due plus this limit. Empty: the procedure’s own time limit (default). A province rule; no uniform text yet.',
    ),
  },
  stopGrounds: {
    label: b('Căn cứ dừng xử lý hồ sơ (ngoài yêu cầu rút hồ sơ của công dân)', 'Grounds to stop processing (besides the applicant’s withdrawal)'),
    help: b(
      'Mỗi dòng một căn cứ: mã | nhãn tiếng Việt | nhãn tiếng Anh. Mã gồm 2–40 chữ thường không dấu hoặc dấu gạch dưới. Dừng xử lý theo căn cứ này cần số văn bản làm căn cứ. Căn cứ: Nghị định 61/2018/NĐ-CP, Điều 18; mẫu 05 Thông tư 03/2025/TT-VPCP. Mặc định: bốn căn cứ.',
      'One ground per line: code | Vietnamese label | English label. A code has 2–40 lower-case letters or underscores. A stop on such a ground needs the reference of its document. Source: Decree 61/2018 Art. 18; form 05 of Circular 03/2025/TT-VPCP. Default: four grounds.',
    ),
  },
  refusalAfterExaminationStatus: {
    label: b('Trạng thái quốc gia của hồ sơ bị từ chối sau thẩm định', 'National status of a dossier refused after examination'),
    help: b(
      'Trạng thái gửi Cổng Dịch vụ công quốc gia trước khi trao thông báo từ chối. Các nguồn chưa thống nhất; thường là 9 kèm văn bản từ chối. Mặc định: 9.',
      'The status sent to the national portal before the refusal notice is handed over. Sources disagree; commonly 9 with a refusal document. Default: 9.',
    ),
  },
  supplementBeforeReceptionStatus: {
    label: b('Trạng thái quốc gia khi yêu cầu bổ sung trước tiếp nhận', 'National status of a supplement asked before reception'),
    help: b('Hồ sơ chờ công dân bổ sung (mẫu 02 trước tiếp nhận); một số hệ thống giữ trạng thái 1. Mặc định: 5.', 'The dossier waits for the applicant (form 02 before reception); some systems keep status 1. Default: 5.'),
  },
  dueSoonWorkingDays: {
    label: b('Cảnh báo "sắp đến hạn" (ngày làm việc)', '"Due soon" warning (working days)'),
    help: b(
      'Hồ sơ còn không quá số ngày làm việc này đến hạn được đánh dấu sắp đến hạn và đưa vào nhắc việc hằng ngày (đôn đốc). Quy định của tỉnh. Mặc định: 1.',
      'A dossier with at most this many working days left is flagged due soon and listed in the daily reminder. A province rule. Default: 1.',
    ),
  },
};

const NUMBER_RULES = ['supplementWindowWorkingDays', 'supplementRequestsCountedOnTime', 'apologyLeadWorkingDays', 'apologyWarningWorkingDays', 'dueSoonWorkingDays'] as const;

const UNIT_OPTIONS: { value: string; label: Bilingual }[] = [
  { value: '', label: b('— Thời hạn của thủ tục (mặc định) —', '— The procedure’s own limit (default) —') },
  { value: 'working_days', label: b('ngày làm việc', 'working days') },
  { value: 'working_hours', label: b('giờ làm việc', 'working hours') },
  { value: 'days', label: b('ngày', 'days') },
  { value: 'months', label: b('tháng', 'months') },
  { value: 'hours', label: b('giờ', 'hours') },
];

/** The form's text fields, as shown (a draft after a refusal, or the rules in force). */
type Draft = Record<string, string>;

function draftOf(rules: DossierRules): Draft {
  const d: Draft = {};
  for (const k of NUMBER_RULES) d[k] = String(rules[k]);
  d.lateSupplementRequest = rules.lateSupplementRequest;
  d.apologyDeadline = rules.apologyDeadline;
  d.refusalAfterExaminationStatus = String(rules.refusalAfterExaminationStatus);
  d.supplementBeforeReceptionStatus = String(rules.supplementBeforeReceptionStatus);
  d.apologyMaxExtension = rules.apologyMaxExtension?.unit ?? '';
  d.apologyMaxExtensionAmount = rules.apologyMaxExtension ? String(rules.apologyMaxExtension.amount) : '';
  d.apologyMaxExtensionDayEnd = rules.apologyMaxExtension?.dayEnd ?? '';
  d.stopGrounds = rules.stopGrounds.map((g) => `${g.code} | ${g.label.vi} | ${g.label.en}`).join('\n');
  return d;
}

const FIELDS = [...NUMBER_RULES, 'lateSupplementRequest', 'apologyDeadline', 'refusalAfterExaminationStatus', 'supplementBeforeReceptionStatus', 'apologyMaxExtension', 'apologyMaxExtensionAmount', 'apologyMaxExtensionDayEnd', 'stopGrounds'];

const numberOrText = (s: string): number | string => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);

/**
 * The posted form → the rules it states (as the use case reads them: values it refuses keep their text, so the
 * refusal names the field), or the lines of the grounds it cannot split.
 */
function rulesFromForm(d: Draft): { rules: Record<string, unknown>; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const rules: Record<string, unknown> = {};
  for (const k of NUMBER_RULES) rules[k] = numberOrText(d[k] ?? '');
  rules.lateSupplementRequest = d.lateSupplementRequest;
  rules.apologyDeadline = d.apologyDeadline;
  rules.refusalAfterExaminationStatus = numberOrText(d.refusalAfterExaminationStatus ?? '');
  rules.supplementBeforeReceptionStatus = numberOrText(d.supplementBeforeReceptionStatus ?? '');
  const unit = d.apologyMaxExtension ?? '';
  rules.apologyMaxExtension =
    unit === '' ? null : { amount: numberOrText(d.apologyMaxExtensionAmount ?? ''), unit, ...(d.apologyMaxExtensionDayEnd ? { dayEnd: d.apologyMaxExtensionDayEnd } : {}) };
  const grounds: { code: string; label: { vi: string; en: string } }[] = [];
  (d.stopGrounds ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .forEach((line, i) => {
      if (line === '') return;
      const parts = line.split('|').map((p) => p.trim());
      if (parts.length !== 3)
        problems.push({
          path: 'stopGrounds',
          message: b(`Dòng ${i + 1}: viết "mã | nhãn tiếng Việt | nhãn tiếng Anh"`, `Line ${i + 1}: write "code | Vietnamese label | English label"`),
        });
      else grounds.push({ code: parts[0]!, label: { vi: parts[1]!, en: parts[2]! } });
    });
  rules.stopGrounds = grounds;
  return { rules, problems };
}

/** Only what differs from the defaults is stored: a rule left at its default follows the default. */
function overridesOf(rules: Record<string, unknown>): Record<string, unknown> {
  const defaults: Record<string, unknown> = { ...DEFAULT_RULES };
  return Object.fromEntries(Object.entries(rules).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(defaults[k])));
}

/** The use case's paths onto the form's fields. */
const formPath = (p: string) =>
  p.startsWith('apologyMaxExtension.amount') ? 'apologyMaxExtensionAmount' : p.startsWith('apologyMaxExtension.dayEnd') ? 'apologyMaxExtensionDayEnd' : p;

function RulesPage(props: { req: FastifyRequest; view: DossierRulesView; draft: Draft; failure?: FormFailure; notice?: string }) {
  const { req, view, draft, failure } = props;
  const lang: Lang = req.lang;
  const f = failure?.fields.map((e) => ({ ...e, path: formPath(e.path) }));
  const hint = (k: keyof DossierRules) => RULE_HELP[k].help;
  const number = (k: (typeof NUMBER_RULES)[number]) => (
    <Field lang={lang} name={k} label={RULE_HELP[k].label} value={draft[k]} type="number" inputmode="numeric" required errors={f} hint={hint(k)} />
  );
  const groundsErr = f?.find((e) => e.path === 'stopGrounds' || e.path.startsWith('stopGrounds.'));
  const set = new Set(Object.keys(view.overrides));
  return (
    <Layout req={req} title={b('Quy định hồ sơ của tỉnh', 'Province dossier rules')}>
      {props.notice && <Notice>{props.notice}</Notice>}
      <p>
        {lang === 'vi'
          ? 'Các quy định dưới đây áp dụng cho hồ sơ tiếp nhận (hoặc nộp trực tuyến) từ khi lưu. Hồ sơ đã tiếp nhận giữ nguyên quy định đã ghim khi tiếp nhận. Mỗi thay đổi được ghi vào nhật ký kiểm toán.'
          : 'These rules apply to dossiers received (or submitted online) from when they are saved. A dossier already received keeps the rules it pinned at reception. Every change is recorded in the audit log.'}
      </p>
      {!view.canEdit && (
        <Notice>{lang === 'vi' ? 'Chỉ quản trị viên cấp tỉnh được thay đổi các quy định này.' : 'Only a province-level administrator may change these rules.'}</Notice>
      )}
      {set.size > 0 && (
        <p class="muted">
          {lang === 'vi' ? 'Tỉnh đã đặt: ' : 'Set by the province: '}
          {[...set].map((k) => tr(lang, RULE_HELP[k as keyof DossierRules].label)).join('; ')}
        </p>
      )}
      <ErrorSummary lang={lang} message={failure?.message} fields={f} />
      <form method="post" action="/admin/settings/dossier-rules" novalidate>
        <Csrf req={req} />
        <fieldset disabled={!view.canEdit}>
          <legend>{lang === 'vi' ? 'Yêu cầu bổ sung' : 'Supplement requests'}</legend>
          {number('supplementWindowWorkingDays')}
          <Select
            lang={lang}
            name="lateSupplementRequest"
            label={RULE_HELP.lateSupplementRequest.label}
            value={draft.lateSupplementRequest}
            errors={f}
            options={[
              { value: 'refuse', label: tr(lang, b('Từ chối (mặc định)', 'Refuse (default)')) },
              { value: 'flag', label: tr(lang, b('Ghi nhận và tính trễ hạn', 'Record it and count the dossier late')) },
            ]}
          />
          <p class="hint">{tr(lang, hint('lateSupplementRequest'))}</p>
          {number('supplementRequestsCountedOnTime')}
        </fieldset>
        <fieldset disabled={!view.canEdit}>
          <legend>{lang === 'vi' ? 'Hồ sơ trễ hạn: xin lỗi và hẹn lại' : 'Late dossiers: apology and new appointment'}</legend>
          <Select
            lang={lang}
            name="apologyDeadline"
            label={RULE_HELP.apologyDeadline.label}
            value={draft.apologyDeadline}
            errors={f}
            options={[
              { value: 'working_days_before_due', label: tr(lang, b('Trước ngày hẹn số ngày làm việc dưới đây (mặc định)', 'The working days below before the due (default)')) },
              { value: 'day_before_due', label: tr(lang, b('Trong ngày trước ngày hẹn trả', 'On a day before the due day')) },
              { value: 'before_due', label: tr(lang, b('Trước thời điểm hẹn trả', 'Before the due instant')) },
            ]}
          />
          <p class="hint">{tr(lang, hint('apologyDeadline'))}</p>
          {number('apologyLeadWorkingDays')}
          {number('apologyWarningWorkingDays')}
          <Select
            lang={lang}
            name="apologyMaxExtension"
            label={b('Hẹn lại tối đa: đơn vị thời gian', 'Furthest new appointment: time unit')}
            value={draft.apologyMaxExtension}
            errors={f}
            options={UNIT_OPTIONS.map((o) => ({ value: o.value, label: tr(lang, o.label) }))}
          />
          <Field
            lang={lang}
            name="apologyMaxExtensionAmount"
            label={b('Hẹn lại tối đa: số lượng', 'Furthest new appointment: amount')}
            value={draft.apologyMaxExtensionAmount}
            type="number"
            errors={f}
            hint={hint('apologyMaxExtension')}
          />
          <Select
            lang={lang}
            name="apologyMaxExtensionDayEnd"
            label={b('Hẹn lại tối đa: kết thúc ngày (chỉ với ngày, tháng)', 'Furthest new appointment: end of the day (days and months only)')}
            value={draft.apologyMaxExtensionDayEnd}
            errors={f}
            options={[
              { value: '', label: tr(lang, b('Hết ngày (Bộ luật Dân sự, Điều 148)', 'End of the day (Civil Code Art. 148)')) },
              { value: 'closing', label: tr(lang, b('Giờ đóng cửa', 'Closing time')) },
            ]}
          />
        </fieldset>
        <fieldset disabled={!view.canEdit}>
          <legend>{lang === 'vi' ? 'Dừng xử lý' : 'Stopping processing'}</legend>
          <div class={groundsErr ? 'field has-error' : 'field'}>
            <label for="f-stopGrounds">{tr(lang, RULE_HELP.stopGrounds.label)}</label>
            <p class="hint" id="f-stopGrounds-hint">
              {tr(lang, hint('stopGrounds'))}
            </p>
            {groundsErr && (
              <p class="field-error" id="f-stopGrounds-err">
                {tr(lang, groundsErr.message)}
              </p>
            )}
            <textarea
              id="f-stopGrounds"
              name="stopGrounds"
              rows={6}
              aria-invalid={groundsErr ? 'true' : undefined}
              aria-describedby={groundsErr ? 'f-stopGrounds-hint f-stopGrounds-err' : 'f-stopGrounds-hint'}
            >
              {draft.stopGrounds ?? ''}
            </textarea>
          </div>
        </fieldset>
        <fieldset disabled={!view.canEdit}>
          <legend>{lang === 'vi' ? 'Trạng thái quốc gia và cảnh báo' : 'National statuses and warnings'}</legend>
          <Select
            lang={lang}
            name="refusalAfterExaminationStatus"
            label={RULE_HELP.refusalAfterExaminationStatus.label}
            value={draft.refusalAfterExaminationStatus}
            errors={f}
            options={([9, 4, 3] as const).map((s) => ({ value: String(s), label: `${s} – ${tr(lang, NATIONAL_STATUS_LABELS[s])}` }))}
          />
          <p class="hint">{tr(lang, hint('refusalAfterExaminationStatus'))}</p>
          <Select
            lang={lang}
            name="supplementBeforeReceptionStatus"
            label={RULE_HELP.supplementBeforeReceptionStatus.label}
            value={draft.supplementBeforeReceptionStatus}
            errors={f}
            options={([5, 1] as const).map((s) => ({ value: String(s), label: `${s} – ${tr(lang, NATIONAL_STATUS_LABELS[s])}` }))}
          />
          <p class="hint">{tr(lang, hint('supplementBeforeReceptionStatus'))}</p>
          {number('dueSoonWorkingDays')}
        </fieldset>
        {view.canEdit && <button type="submit">{tr(lang, UI.save)}</button>}
      </form>
    </Layout>
  );
}

export async function registerSettingsPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<{ Querystring: { saved?: string } }>('/admin/settings/dossier-rules', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const view = await getDossierRules(ctx, req.actor);
    return sendPage(reply, <RulesPage req={req} view={view} draft={draftOf(view.rules)} notice={req.query.saved ? tr(req.lang, UI.saved) : undefined} />);
  });
  app.post<{ Body: FormBody }>('/admin/settings/dossier-rules', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const draft: Draft = Object.fromEntries(FIELDS.map((k) => [k, str(req.body, k)]));
    const { rules, problems } = rulesFromForm(draft);
    const failed = async (failure: FormFailure) => sendPage(reply, <RulesPage req={req} view={await getDossierRules(ctx, req.actor)} draft={draft} failure={failure} />, failure.status);
    if (problems.length > 0) return failed({ status: 400, message: UI.errorsFound, fields: problems });
    const r = await attempt(() => setDossierRules(ctx, req.actor, overridesOf(rules)));
    if (!r.ok) return failed(r.failure);
    return reply.redirect('/admin/settings/dossier-rules?saved=1', 303);
  });
}
