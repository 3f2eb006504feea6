import type { FastifyRequest } from 'fastify';
import type { UserActor } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import { homeSummary, type OnTimeRate } from '../../app/dashboard.js';
import { ROLE_LABELS, CITIZEN_LABEL, type Role } from '../../domain/org.js';
import { tr, type Lang } from '../i18n.js';
import { Layout } from './layout.js';

const ROLE_ORDER: Role[] = ['desk', 'specialist', 'leader', 'monitor', 'admin'];

/** A count read from the dossier projection (see dossierFigures), with a link to the list it counts. */
function Figure({ lang, title, value, href, hint }: { lang: Lang; title: { vi: string; en: string }; value: number; href?: string; hint?: { vi: string; en: string } }) {
  return (
    <section class="card" data-figure>
      <h2>{href ? <a href={href}>{tr(lang, title)}</a> : tr(lang, title)}</h2>
      <p class="num">{value}</p>
      {value === 0 && hint && <p class="muted">{tr(lang, hint)}</p>}
    </section>
  );
}

/** Early or on time against the original due, over the dossiers whose processing ended; no rate without one. */
function OnTimeRateCard({ lang, rate }: { lang: Lang; rate: OnTimeRate }) {
  const title = { vi: 'Tỷ lệ đúng hạn', en: 'On-time rate' };
  if (rate.ended === 0)
    return (
      <section class="card" data-figure="on-time-rate">
        <h2>{tr(lang, title)}</h2>
        <p class="muted">{lang === 'vi' ? 'Chưa có hồ sơ đã giải quyết xong để tính tỷ lệ.' : 'No dossier has been resolved yet: there is no rate to show.'}</p>
      </section>
    );
  const pct = Math.round((rate.onTime / rate.ended) * 1000) / 10;
  return (
    <section class="card" data-figure="on-time-rate">
      <h2>{tr(lang, title)}</h2>
      <p class="num">{lang === 'vi' ? `${String(pct).replace('.', ',')} %` : `${pct} %`}</p>
      <p class="muted">
        {lang === 'vi' ? `${rate.onTime}/${rate.ended} hồ sơ đã giải quyết trước hạn hoặc đúng hạn (so với hạn ban đầu)` : `${rate.onTime} of ${rate.ended} resolved dossiers early or on time (against the original due)`}
      </p>
    </section>
  );
}

export async function HomePage(ctx: AppContext, req: FastifyRequest) {
  const lang = req.lang;
  const actor = req.actor;
  if (actor.kind !== 'user') {
    return (
      <Layout req={req} title={{ vi: 'Một Cửa điện tử', en: 'Electronic one-stop shop' }}>
        <p class="lead">
          {lang === 'vi'
            ? 'Tiếp nhận, giải quyết và trả kết quả thủ tục hành chính tại Bộ phận Một cửa, qua bưu chính và trực tuyến: đúng hạn, công khai, minh bạch.'
            : 'Receive, resolve and return administrative procedures at the one-stop desk, by post and online: on time, in the open.'}
        </p>
        <p>
          <a class="button" href="/login">
            {lang === 'vi' ? 'Đăng nhập' : 'Sign in'}
          </a>
        </p>
      </Layout>
    );
  }
  const summary = await homeSummary(ctx, actor);
  const roles = ROLE_ORDER.filter((r) => actor.memberships.some((m) => m.role === r));
  const unitName = (id: number) => summary.unitNames.get(id) ?? String(id);
  return (
    <Layout req={req} title={{ vi: `Xin chào, ${actor.fullName}`, en: `Welcome, ${actor.fullName}` }}>
      <p class="muted">
        {actor.userKind === 'staff'
          ? actor.memberships.map((m) => `${tr(lang, ROLE_LABELS[m.role])} – ${unitName(m.unitId)}`).join('; ')
          : tr(lang, CITIZEN_LABEL)}
      </p>
      {actor.userKind !== 'staff' && summary.dossiers.applicant && <CitizenHome lang={lang} figures={summary.dossiers.applicant} />}
      {roles.map((role) => (
        <RoleSection lang={lang} role={role} summary={summary} />
      ))}
    </Layout>
  );
}

function CitizenHome({ lang, figures }: { lang: Lang; figures: { submitted: number; supplementRequested: number } }) {
  return (
    <div class="cards" data-role="citizen">
      <Figure lang={lang} title={{ vi: 'Hồ sơ của tôi', en: 'My dossiers' }} value={figures.submitted} href="/my/dossiers" hint={{ vi: 'Hồ sơ bạn nộp trực tuyến hoặc tại Bộ phận Một cửa sẽ hiện ở đây.', en: 'Dossiers you submit online or at the desk appear here.' }} />
      <Figure lang={lang} title={{ vi: 'Yêu cầu bổ sung', en: 'Supplement requests' }} value={figures.supplementRequested} href="/my/dossiers" hint={{ vi: 'Khi cơ quan yêu cầu bổ sung giấy tờ, bạn sẽ thấy và trả lời tại đây.', en: 'When an agency asks for more documents you will see and answer it here.' }} />
    </div>
  );
}

type Summary = Awaited<ReturnType<typeof homeSummary>>;

function RoleSection({ lang, role, summary }: { lang: Lang; role: Role; summary: Summary }) {
  const heading = <h2 id={`role-${role}`}>{tr(lang, ROLE_LABELS[role])}</h2>;
  const f = summary.dossiers;
  if (role === 'desk')
    return (
      <section aria-labelledby={`role-${role}`} data-role={role}>
        {heading}
        <div class="cards">
          {f.desk && <Figure lang={lang} title={{ vi: 'Hồ sơ trực tuyến chờ tiếp nhận', en: 'Online dossiers awaiting reception' }} value={f.desk.submitted} href="/inbox?scope=unit&filter=submitted" hint={{ vi: 'Chưa có hồ sơ mới.', en: 'No new dossiers.' }} />}
          {f.desk && <Figure lang={lang} title={{ vi: 'Kết quả chờ trả', en: 'Results to hand over' }} value={f.desk.resultsToHandOver} href="/inbox?scope=unit&filter=todo" hint={{ vi: 'Chưa có kết quả nào chờ trả.', en: 'No results waiting.' }} />}
          {f.desk && <Figure lang={lang} title={{ vi: 'Hồ sơ đã tiếp nhận đang quá hạn', en: 'Dossiers received here, now late' }} value={f.desk.receivedLate} hint={{ vi: 'Không có hồ sơ quá hạn.', en: 'Nothing late.' }} />}
        </div>
      </section>
    );
  if (role === 'specialist')
    return (
      <section aria-labelledby={`role-${role}`} data-role={role}>
        {heading}
        <div class="cards">
          {f.mine && <Figure lang={lang} title={{ vi: 'Hồ sơ cần xử lý', en: 'Dossiers to process' }} value={f.mine.toProcess} href="/inbox?scope=mine&filter=todo" hint={{ vi: 'Chưa có hồ sơ được phân công.', en: 'No dossiers assigned to you.' }} />}
          {f.mine && <Figure lang={lang} title={{ vi: 'Chờ bổ sung', en: 'Waiting for supplement' }} value={f.mine.waitingSupplement} href="/inbox?scope=mine&filter=waiting_supplement" hint={{ vi: 'Không có hồ sơ chờ bổ sung.', en: 'None waiting.' }} />}
        </div>
      </section>
    );
  if (role === 'leader')
    return (
      <section aria-labelledby={`role-${role}`} data-role={role}>
        {heading}
        <div class="cards">
          {f.leader && <Figure lang={lang} title={{ vi: 'Chờ phân công', en: 'Awaiting assignment' }} value={f.leader.toAssign} href="/inbox?scope=unit&filter=todo" hint={{ vi: 'Không có hồ sơ chờ phân công.', en: 'Nothing to assign.' }} />}
          {f.leader && <Figure lang={lang} title={{ vi: 'Đã duyệt, chờ ký', en: 'Approved, awaiting signature' }} value={f.leader.toSign} href="/inbox?scope=unit&filter=todo" hint={{ vi: 'Không có hồ sơ chờ ký.', en: 'Nothing to sign.' }} />}
          <section class="card">
            <h2>{lang === 'vi' ? 'Cán bộ trong đơn vị' : 'Staff in my units'}</h2>
            <p class="num">{summary.staffInScope.leader ?? 0}</p>
          </section>
        </div>
      </section>
    );
  if (role === 'monitor')
    return (
      <section aria-labelledby={`role-${role}`} data-role={role}>
        {heading}
        <div class="cards">
          <section class="card">
            <h2>{lang === 'vi' ? 'Đơn vị theo dõi' : 'Units monitored'}</h2>
            <p class="num">{summary.unitsInScope.monitor ?? 0}</p>
          </section>
          {f.monitor && <OnTimeRateCard lang={lang} rate={f.monitor.onTimeRate} />}
          {f.monitor && <Figure lang={lang} title={{ vi: 'Hồ sơ quá hạn chưa xin lỗi', en: 'Late without apology' }} value={f.monitor.lateWithoutApology} hint={{ vi: 'Không có.', en: 'None.' }} />}
        </div>
        <p>
          <a href="/admin/audit">{lang === 'vi' ? 'Xem nhật ký kiểm toán' : 'View the audit log'}</a>
        </p>
      </section>
    );
  return (
    <section aria-labelledby={`role-${role}`} data-role={role}>
      {heading}
      <div class="cards">
        <section class="card">
          <h2>
            <a href="/admin/units">{lang === 'vi' ? 'Đơn vị' : 'Units'}</a>
          </h2>
          <p class="num">{summary.unitsInScope.admin ?? 0}</p>
        </section>
        <section class="card">
          <h2>
            <a href="/admin/users">{lang === 'vi' ? 'Cán bộ' : 'Staff'}</a>
          </h2>
          <p class="num">{summary.staffInScope.admin ?? 0}</p>
        </section>
        <section class="card">
          <h2>
            <a href="/admin/jobs">{lang === 'vi' ? 'Tác vụ lỗi' : 'Failed jobs'}</a>
          </h2>
          <p class="num">{summary.deadJobs}</p>
        </section>
        <section class="card">
          <h2>
            <a href="/admin/audit">{lang === 'vi' ? 'Mục nhật ký' : 'Audit entries'}</a>
          </h2>
          <p class="num">{summary.auditEntries}</p>
        </section>
      </div>
    </section>
  );
}
