import type { FastifyRequest } from 'fastify';
import type { UserActor } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import { homeSummary } from '../../app/dashboard.js';
import { ROLE_LABELS, CITIZEN_LABEL, type Role } from '../../domain/org.js';
import { tr, type Lang } from '../i18n.js';
import { Layout } from './layout.js';

const ROLE_ORDER: Role[] = ['desk', 'specialist', 'leader', 'monitor', 'admin'];

function EmptyInbox({ lang, title, hint }: { lang: Lang; title: { vi: string; en: string }; hint: { vi: string; en: string } }) {
  return (
    <section class="card">
      <h2>{tr(lang, title)}</h2>
      <p class="num">0</p>
      <p class="muted">{tr(lang, hint)}</p>
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
      {actor.userKind !== 'staff' && <CitizenHome lang={lang} actor={actor} />}
      {roles.map((role) => (
        <RoleSection lang={lang} role={role} summary={summary} />
      ))}
    </Layout>
  );
}

function CitizenHome({ lang }: { lang: Lang; actor: UserActor }) {
  return (
    <div class="cards" data-role="citizen">
      <EmptyInbox
        lang={lang}
        title={{ vi: 'Hồ sơ của tôi', en: 'My dossiers' }}
        hint={{ vi: 'Hồ sơ bạn nộp trực tuyến hoặc tại Bộ phận Một cửa sẽ hiện ở đây.', en: 'Dossiers you submit online or at the desk appear here.' }}
      />
      <EmptyInbox
        lang={lang}
        title={{ vi: 'Yêu cầu bổ sung', en: 'Supplement requests' }}
        hint={{ vi: 'Khi cơ quan yêu cầu bổ sung giấy tờ, bạn sẽ thấy và trả lời tại đây.', en: 'When an agency asks for more documents you will see and answer it here.' }}
      />
    </div>
  );
}

type Summary = Awaited<ReturnType<typeof homeSummary>>;

function RoleSection({ lang, role, summary }: { lang: Lang; role: Role; summary: Summary }) {
  const heading = <h2 id={`role-${role}`}>{tr(lang, ROLE_LABELS[role])}</h2>;
  if (role === 'desk')
    return (
      <section aria-labelledby={`role-${role}`} data-role={role}>
        {heading}
        <div class="cards">
          <EmptyInbox lang={lang} title={{ vi: 'Hồ sơ trực tuyến chờ tiếp nhận', en: 'Online dossiers awaiting reception' }} hint={{ vi: 'Chưa có hồ sơ mới.', en: 'No new dossiers.' }} />
          <EmptyInbox lang={lang} title={{ vi: 'Kết quả chờ trả', en: 'Results to hand over' }} hint={{ vi: 'Chưa có kết quả nào chờ trả.', en: 'No results waiting.' }} />
          <EmptyInbox lang={lang} title={{ vi: 'Sắp đến hạn / quá hạn', en: 'Due soon / late' }} hint={{ vi: 'Không có hồ sơ sắp đến hạn.', en: 'Nothing due soon.' }} />
        </div>
      </section>
    );
  if (role === 'specialist')
    return (
      <section aria-labelledby={`role-${role}`} data-role={role}>
        {heading}
        <div class="cards">
          <EmptyInbox lang={lang} title={{ vi: 'Hồ sơ cần xử lý', en: 'Dossiers to process' }} hint={{ vi: 'Chưa có hồ sơ được phân công.', en: 'No dossiers assigned to you.' }} />
          <EmptyInbox lang={lang} title={{ vi: 'Chờ bổ sung', en: 'Waiting for supplement' }} hint={{ vi: 'Không có hồ sơ chờ bổ sung.', en: 'None waiting.' }} />
        </div>
      </section>
    );
  if (role === 'leader')
    return (
      <section aria-labelledby={`role-${role}`} data-role={role}>
        {heading}
        <div class="cards">
          <EmptyInbox lang={lang} title={{ vi: 'Chờ phân công', en: 'Awaiting assignment' }} hint={{ vi: 'Không có hồ sơ chờ phân công.', en: 'Nothing to assign.' }} />
          <EmptyInbox lang={lang} title={{ vi: 'Chờ duyệt, ký', en: 'Awaiting approval and signature' }} hint={{ vi: 'Không có hồ sơ chờ duyệt.', en: 'Nothing to approve.' }} />
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
          <EmptyInbox lang={lang} title={{ vi: 'Tỷ lệ đúng hạn', en: 'On-time rate' }} hint={{ vi: 'Chưa có hồ sơ để tính.', en: 'No dossiers yet.' }} />
          <EmptyInbox lang={lang} title={{ vi: 'Hồ sơ quá hạn chưa xin lỗi', en: 'Late without apology' }} hint={{ vi: 'Không có.', en: 'None.' }} />
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
