// The top of the dossier page: the summary, the time limits, where the dossier is now, and the applicant.
import { CHANNEL_LABELS, formatLimit } from '../../../domain/catalogue/index.js';
import { DUE_RECOUNTED_LABEL, RETURN_METHOD_LABELS } from '../../../domain/dossier/index.js';
import { ROLE_LABELS } from '../../../domain/org.js';
import { tr } from '../../i18n.js';
import { StatusBadge } from '../components.js';
import { Flags, OutcomeBadge, remainingText, when, workingSpan } from './badges.js';
import type { DossierBits } from './bits.js';

/** The procedure, the status with its flags, and how the dossier came and goes back. */
export function Summary({ bits }: { bits: DossierBits }) {
  const { lang, view } = bits;
  const s = view.state;
  return (
    <section class="dos-head" aria-label={lang === 'vi' ? 'Tóm tắt' : 'Summary'}>
      <p class="lead">
        <strong>{view.procedure.name}</strong> <code>{view.procedure.code}</code>
      </p>
      <p>
        <StatusBadge lang={lang} status={s.status} national={s.nationalStatus} toned />{' '}
        <Flags
          lang={lang}
          f={{
            late: s.flags.late,
            dueSoon: s.flags.dueWithinOneWorkingDay,
            lateWithoutApology: s.flags.lateWithoutApology,
            lateApologisedLate: s.flags.lateApologisedLate,
            apologyDueSoon: s.flags.apologyDueSoon,
            apologised: s.apology !== null,
            waitingFor: s.waitingFor,
            receptionOverdue: s.flags.receptionOverdue,
          }}
        />
      </p>
      <p class="muted">
        {lang === 'vi' ? 'Kênh' : 'Channel'}: {tr(lang, CHANNEL_LABELS[view.channel])}
        {s.trackingBookNumber !== null && ` · ${lang === 'vi' ? 'Số sổ theo dõi' : 'Tracking book no.'} ${s.trackingBookNumber}`}
        {s.resultDelivery && ` · ${lang === 'vi' ? 'Cách nhận kết quả' : 'Result delivery'}: ${tr(lang, RETURN_METHOD_LABELS[s.resultDelivery])}`}
        {view.pinned && ` · ${lang === 'vi' ? 'Phiên bản thủ tục' : 'Procedure version'} ${view.pinned.procedureVersionNumber}`}
      </p>
    </section>
  );
}

/** The clock: received, limit, due (original and current), time left, paused, used; the apology if any. */
export function TimeLimits({ bits }: { bits: DossierBits }) {
  const { lang, view, unit, person } = bits;
  const s = view.state;
  const clock = s.clock;
  return (
    <section aria-labelledby="dos-clock-h">
      <h2 id="dos-clock-h">{lang === 'vi' ? 'Thời hạn' : 'Time limits'}</h2>
      <dl class="dos-facts">
        <dt>{lang === 'vi' ? 'Tiếp nhận' : 'Received'}</dt>
        <dd>
          {when(s.receivedAt ?? s.submittedAt, lang)} {s.receivingUnitId !== null && <span class="muted">— {unit(s.receivingUnitId)}</span>}
        </dd>
        {view.pinned && (
          <>
            <dt>{lang === 'vi' ? 'Thời hạn giải quyết' : 'Time limit'}</dt>
            <dd>
              {tr(lang, formatLimit(view.pinned.limit))}
              {view.pinned.reduced && <span class="muted">{lang === 'vi' ? ' (đã cắt giảm)' : ' (reduced)'}</span>}
            </dd>
          </>
        )}
        {clock && (
          <>
            <dt>{lang === 'vi' ? 'Hẹn trả ban đầu' : 'Original due'}</dt>
            <dd>{clock.dueRecountedOnSupplement ? tr(lang, DUE_RECOUNTED_LABEL) : when(clock.originalDueAt, lang)}</dd>
            <dt>{lang === 'vi' ? 'Hẹn trả hiện tại' : 'Current due'}</dt>
            <dd>
              <strong>{clock.dueRecountedOnSupplement ? tr(lang, DUE_RECOUNTED_LABEL) : when(clock.currentDueAt, lang)}</strong>
              {s.apology?.late && <span class="badge err">{lang === 'vi' ? 'Xin lỗi muộn' : 'Late apology'}</span>}
              {s.apology && <span class="muted">{lang === 'vi' ? ' (hẹn lại sau văn bản xin lỗi)' : ' (reset by the apology)'}</span>}
            </dd>
            <dt>{lang === 'vi' ? 'Thời gian còn lại' : 'Time left'}</dt>
            <dd class={clock.remainingMinutes < 0 ? 'dos-overdue' : undefined} id="dos-remaining">
              {s.phase === 'processing' && !clock.dueRecountedOnSupplement ? remainingText(clock.remainingMinutes, lang) : '—'}
              {clock.status === 'paused' && <span class="badge warn">{lang === 'vi' ? 'Đang tạm dừng' : 'Paused'}</span>}
            </dd>
            {clock.pausedMinutes > 0 && (
              <>
                <dt>{lang === 'vi' ? 'Thời gian tạm dừng' : 'Time paused'}</dt>
                <dd>{workingSpan(clock.pausedMinutes, lang)}</dd>
              </>
            )}
            <dt>{lang === 'vi' ? 'Thời gian đã xử lý' : 'Time in processing'}</dt>
            <dd>{workingSpan(clock.processingMinutes, lang)}</dd>
          </>
        )}
        {s.finishedAt && (
          <>
            <dt>{lang === 'vi' ? 'Hoàn thành' : 'Finished'}</dt>
            <dd>
              {when(s.finishedAt, lang)} <OutcomeBadge lang={lang} outcome={s.outcomeAgainstOriginal} />
            </dd>
          </>
        )}
        {s.returnedAt && (
          <>
            <dt>{lang === 'vi' ? 'Đã trả kết quả' : 'Handed over'}</dt>
            <dd>
              {when(s.returnedAt, lang)} {s.returnMethod && `(${tr(lang, RETURN_METHOD_LABELS[s.returnMethod])})`}
            </dd>
          </>
        )}
      </dl>
      {s.apology && (
        <p class="notice warn" id="dos-apology">
          {lang === 'vi' ? 'Đã xin lỗi' : 'Apologised'} {when(s.apology.at, lang)} — {unit(s.apology.lateUnitId)}, {person(s.apology.signerId)}: {s.apology.reason}.{' '}
          {lang === 'vi'
            ? `Hẹn trước: ${when(s.apology.previousDueAt, lang)}; hẹn mới: ${when(s.apology.newDueAt, lang)}.`
            : `Previous: ${when(s.apology.previousDueAt, lang)}; new: ${when(s.apology.newDueAt, lang)}.`}
        </p>
      )}
    </section>
  );
}

/** Where the dossier is now: step, unit, assignee, approval and signature. */
export function Now({ bits }: { bits: DossierBits }) {
  const { lang, view, unit, person } = bits;
  const s = view.state;
  const steps = view.pinned?.steps ?? [];
  const curStep = s.currentStepIndex === null ? undefined : steps[s.currentStepIndex];
  return (
    <section aria-labelledby="dos-now-h">
      <h2 id="dos-now-h">{lang === 'vi' ? 'Đang xử lý' : 'Now'}</h2>
      <dl class="dos-facts">
        <dt>{lang === 'vi' ? 'Bước' : 'Step'}</dt>
        <dd id="dos-step">
          {curStep ? `${curStep.index + 1}/${steps.length}. ${curStep.name ?? ''} (${tr(lang, ROLE_LABELS[curStep.role])})` : '—'}
        </dd>
        <dt>{lang === 'vi' ? 'Đơn vị' : 'Unit'}</dt>
        <dd>{unit(s.currentUnitId)}</dd>
        <dt>{lang === 'vi' ? 'Người được phân công' : 'Assignee'}</dt>
        <dd id="dos-assignee">{person(s.assigneeId)}</dd>
        <dt>{lang === 'vi' ? 'Cơ quan có thẩm quyền' : 'Competent unit'}</dt>
        <dd>{unit(s.competentUnitId)}</dd>
        {s.approved && (
          <>
            <dt>{lang === 'vi' ? 'Phê duyệt, ký' : 'Approval, signature'}</dt>
            <dd>{s.signed ? (lang === 'vi' ? 'Đã duyệt, đã ký' : 'Approved and signed') : lang === 'vi' ? 'Đã duyệt, chờ ký' : 'Approved, awaiting signature'}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** The applicant as recorded. */
export function ApplicantFacts({ bits }: { bits: DossierBits }) {
  const { lang, view } = bits;
  const a = view.applicant;
  return (
    <section aria-labelledby="dos-applicant-h">
      <h2 id="dos-applicant-h">{lang === 'vi' ? 'Người nộp hồ sơ' : 'Applicant'}</h2>
      <dl class="dos-facts">
        {a.organisationName && (
          <>
            <dt>{lang === 'vi' ? 'Tổ chức' : 'Organisation'}</dt>
            <dd>
              {a.organisationName} {a.taxCode && <span class="muted">({lang === 'vi' ? 'MST' : 'tax code'} {a.taxCode})</span>}
            </dd>
          </>
        )}
        <dt>{lang === 'vi' ? 'Họ và tên' : 'Name'}</dt>
        <dd>{a.fullName}</dd>
        {a.idNumber && (
          <>
            <dt>{lang === 'vi' ? 'Số định danh' : 'ID number'}</dt>
            <dd>{a.idNumber}</dd>
          </>
        )}
        {a.phone && (
          <>
            <dt>{lang === 'vi' ? 'Điện thoại' : 'Phone'}</dt>
            <dd>{a.phone}</dd>
          </>
        )}
        {a.email && (
          <>
            <dt>{lang === 'vi' ? 'Thư điện tử' : 'E-mail'}</dt>
            <dd>{a.email}</dd>
          </>
        )}
        {a.address && (
          <>
            <dt>{lang === 'vi' ? 'Địa chỉ' : 'Address'}</dt>
            <dd>{a.address}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
