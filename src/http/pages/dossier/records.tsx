// The records on the dossier page: the documents, the control slip, the inter-agency parts, the consultations and
// what was asked of the applicant.
import { tr } from '../../i18n.js';
import { DataTable } from '../components.js';
import { OutcomeBadge, t2, when, workingSpan } from './badges.js';
import type { DossierBits } from './bits.js';

const HOW: Record<string, { vi: string; en: string }> = {
  forward: t2('chuyển tiếp', 'forwarded'),
  send_back: t2('trả lại', 'sent back'),
  finish: t2('hoàn thành', 'finished'),
  refuse: t2('từ chối', 'refused'),
  stop: t2('dừng', 'stopped'),
  return: t2('trả kết quả', 'result handed over'),
};

/** The checklist: what the procedure asks for, what was provided, the files. */
export function Documents({ bits }: { bits: DossierBits }) {
  const { lang, view, file } = bits;
  return (
    <section aria-labelledby="dos-docs-h">
      <h2 id="dos-docs-h">{lang === 'vi' ? 'Thành phần hồ sơ' : 'Documents'}</h2>
      <DataTable
        lang={lang}
        columns={[
          { vi: 'Giấy tờ', en: 'Document' },
          { vi: 'Yêu cầu (chính/sao)', en: 'Required (orig./copies)' },
          { vi: 'Đã nộp', en: 'Provided' },
          { vi: 'Tệp', en: 'Files' },
        ]}
      >
        {view.documents.map((d) => (
          <tr>
            <td>
              {d.name}
              {d.optional && !d.extra && <span class="muted">{lang === 'vi' ? ' (nếu có)' : ' (if applicable)'}</span>}
              {d.extra && <span class="muted">{lang === 'vi' ? ' (ngoài danh mục)' : ' (extra)'}</span>}
            </td>
            <td>
              {d.requiredOriginals}/{d.requiredCopies}
            </td>
            <td>
              {d.provided ? (
                <span class="badge ok">
                  {lang === 'vi' ? 'Có' : 'Yes'} ({d.originals}/{d.copies})
                </span>
              ) : (
                <span class={d.optional ? 'badge' : 'badge err'}>{lang === 'vi' ? 'Chưa' : 'No'}</span>
              )}
            </td>
            <td>
              {d.fileIds.length === 0
                ? '—'
                : d.fileIds.map((id, i) => (
                    <>
                      {i > 0 && ', '}
                      <a href={file(id)}>{lang === 'vi' ? `Tệp ${i + 1}` : `File ${i + 1}`}</a>
                    </>
                  ))}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** The control slip: every step as handled, allotted and used time, result. */
export function ControlSlip({ bits }: { bits: DossierBits }) {
  const { lang, view, unit, person } = bits;
  const s = view.state;
  const steps = view.pinned?.steps ?? [];
  return (
    <section aria-labelledby="dos-steps-h">
      <h2 id="dos-steps-h">{lang === 'vi' ? 'Quá trình xử lý (phiếu kiểm soát)' : 'Processing steps (control slip)'}</h2>
      <DataTable
        lang={lang}
        class="dos-steps"
        columns={[
          '#',
          { vi: 'Bước, đơn vị', en: 'Step, unit' },
          { vi: 'Người xử lý', en: 'Handler' },
          { vi: 'Nhận', en: 'Received' },
          { vi: 'Giao', en: 'Handed over' },
          { vi: 'Được giao / đã dùng', en: 'Allotted / used' },
          { vi: 'Kết quả', en: 'Result' },
        ]}
      >
        {s.steps.map((r) => (
          <tr>
            <td>{r.row}</td>
            <td>
              {r.stepIndex + 1}. {r.name ?? steps[r.stepIndex]?.name ?? ''}
              <br />
              <span class="muted">{unit(r.unitId)}</span>
            </td>
            <td>{person(r.receivedBy)}</td>
            <td>
              {when(r.receivedAt, lang)}
              {r.givenBy !== null && <span class="muted"> ← {person(r.givenBy)}</span>}
            </td>
            <td>
              {when(r.handedOverAt, lang)}
              {r.handedOverHow && <span class="muted"> ({tr(lang, HOW[r.handedOverHow] ?? t2(r.handedOverHow, r.handedOverHow))})</span>}
            </td>
            <td>
              {workingSpan(r.allottedMinutes, lang)} / {workingSpan(r.usedMinutes, lang)}
            </td>
            <td>
              {r.outcome ? (
                <OutcomeBadge lang={lang} outcome={r.outcome} />
              ) : (
                <>
                  <span class="muted">{lang === 'vi' ? `hạn ${when(r.dueAt, lang)}` : `due ${when(r.dueAt, lang)}`}</span>
                  {s.asOf && r.dueAt.getTime() < s.asOf.getTime() && s.phase === 'processing' && (
                    <>
                      {' '}
                      <span class="badge err">{lang === 'vi' ? 'Bước quá hạn' : 'Step overdue'}</span>
                    </>
                  )}
                </>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** The inter-agency parts, each with its own task and deadline. */
export function Participants({ bits }: { bits: DossierBits }) {
  const { lang, view, unit } = bits;
  const s = view.state;
  return (
    <section aria-labelledby="dos-parts-h" id="dos-parts">
      <h2 id="dos-parts-h">{lang === 'vi' ? 'Liên thông: cơ quan phối hợp' : 'Inter-agency participants'}</h2>
      <p class="muted">
        {view.pinned?.interAgencyDispatch === 'sequential'
          ? lang === 'vi'
            ? 'Hồ sơ giấy chuyển lần lượt từng cơ quan theo thứ tự.'
            : 'The paper dossier goes to each agency in turn.'
          : lang === 'vi'
            ? 'Bản điện tử của hồ sơ được gửi đồng thời tới tất cả cơ quan phối hợp ngay khi tiếp nhận; mỗi cơ quan có phần việc và thời hạn riêng.'
            : 'The electronic copy of the dossier went to every participating agency at once on reception; each has its own task and deadline.'}
      </p>
      <DataTable
        lang={lang}
        columns={[
          { vi: 'Cơ quan', en: 'Agency' },
          { vi: 'Phần việc', en: 'Task' },
          { vi: 'Bắt đầu / hạn', en: 'Started / due' },
          { vi: 'Hoàn thành', en: 'Handed in' },
          { vi: 'Kết quả', en: 'Result' },
        ]}
      >
        {s.participants.map((pt) => (
          <tr>
            <td>
              {unit(pt.unitId)} {pt.lead && <span class="badge">{lang === 'vi' ? 'Chủ trì' : 'Lead'}</span>}
            </td>
            <td>
              {pt.task} <span class="muted">({workingSpan(pt.allottedMinutes, lang)})</span>
            </td>
            <td>
              {pt.startedAt ? when(pt.startedAt, lang) : lang === 'vi' ? 'Chờ đến lượt' : 'Waiting its turn'}
              {pt.dueAt && (
                <>
                  <br />
                  {lang === 'vi' ? 'hạn' : 'due'} {when(pt.dueAt, lang)}
                </>
              )}
            </td>
            <td>{when(pt.contributedAt, lang)}</td>
            <td>
              {pt.result === 'completed' ? (
                <span class="badge ok">{lang === 'vi' ? 'Đã hoàn thành' : 'Completed'}</span>
              ) : pt.result === 'declined' ? (
                <span class="badge err">{lang === 'vi' ? 'Không thực hiện' : 'Declined'}</span>
              ) : pt.state === 'not_done' ? (
                <span class="badge err">{lang === 'vi' ? 'Chưa thực hiện' : 'Not done'}</span>
              ) : (
                <span class="badge warn">{lang === 'vi' ? 'Đang thực hiện' : 'In progress'}</span>
              )}{' '}
              {pt.outcome && <OutcomeBadge lang={lang} outcome={pt.outcome} />}
              {pt.note && <p class="muted">{pt.note}</p>}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** Consultations of other units and their answers. */
export function Consultations({ bits }: { bits: DossierBits }) {
  const { lang, view, unit } = bits;
  const s = view.state;
  return (
    <section aria-labelledby="dos-consult-h">
      <h2 id="dos-consult-h">{lang === 'vi' ? 'Xin ý kiến' : 'Consultations'}</h2>
      <DataTable
        lang={lang}
        columns={[
          { vi: 'Đơn vị được hỏi', en: 'Consulted unit' },
          { vi: 'Nội dung', en: 'Question' },
          { vi: 'Gửi / hạn', en: 'Sent / due' },
          { vi: 'Trả lời', en: 'Answer' },
        ]}
      >
        {s.consultations.map((c) => (
          <tr>
            <td>{unit(c.toUnitId)}</td>
            <td>{c.question}</td>
            <td>
              {when(c.requestedAt, lang)}
              <br />
              {lang === 'vi' ? 'hạn' : 'due'} {when(c.dueAt, lang)}
            </td>
            <td>
              {c.state === 'open' ? (
                <span class="badge warn">{lang === 'vi' ? 'Chờ trả lời' : 'Awaiting answer'}</span>
              ) : c.state === 'unanswered' ? (
                <span class="badge err">{lang === 'vi' ? 'Không trả lời' : 'Unanswered'}</span>
              ) : (
                <>
                  {when(c.repliedAt, lang)} {c.agrees === true && <span class="badge ok">{lang === 'vi' ? 'Đồng ý' : 'Agrees'}</span>}
                  {c.agrees === false && <span class="badge err">{lang === 'vi' ? 'Không đồng ý' : 'Disagrees'}</span>}
                  <p>{c.answer}</p>
                </>
              )}{' '}
              {c.outcome && <OutcomeBadge lang={lang} outcome={c.outcome} />}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** What was asked of the applicant: supplements, payments, withdrawals. */
export function Requests({ bits }: { bits: DossierBits }) {
  const { lang, view, unit } = bits;
  const s = view.state;
  return (
    <section aria-labelledby="dos-waits-h">
      <h2 id="dos-waits-h">{lang === 'vi' ? 'Yêu cầu gửi công dân' : 'Requests to the applicant'}</h2>
      <ul class="dos-waits">
        {s.preReceptionSupplements.map((r) => (
          <li>
            {lang === 'vi' ? 'Yêu cầu bổ sung trước tiếp nhận' : 'Supplement before reception'} {when(r.at, lang)}: {r.items.join('; ')} — {r.reason}.{' '}
            {r.resubmittedAt ? `${lang === 'vi' ? 'Đã nộp lại' : 'Resubmitted'} ${when(r.resubmittedAt, lang)}` : lang === 'vi' ? 'Chưa nộp lại.' : 'Not resubmitted yet.'}
          </li>
        ))}
        {s.supplementRequests.map((r) => (
          <li>
            {lang === 'vi' ? 'Yêu cầu bổ sung' : 'Supplement request'} {when(r.at, lang)} ({unit(r.unitId)}): {r.items.join('; ')} — {r.reason}.{' '}
            {!r.withinWindow && <span class="badge warn">{lang === 'vi' ? 'Yêu cầu muộn' : 'Late request'}</span>}{' '}
            {r.receivedAt ? `${lang === 'vi' ? 'Đã nhận bổ sung' : 'Supplement received'} ${when(r.receivedAt, lang)}` : lang === 'vi' ? 'Đang chờ công dân bổ sung.' : 'Waiting for the applicant.'}
          </li>
        ))}
        {s.payments.map((p) => (
          <li>
            {lang === 'vi' ? 'Nghĩa vụ tài chính' : 'Payment'} {when(p.requestedAt, lang)}: {p.items.map((i) => `${i.name} ${i.amountVnd.toLocaleString('vi-VN')} đ`).join('; ')}.{' '}
            {p.paidAt ? `${lang === 'vi' ? 'Đã nộp' : 'Paid'} ${(p.paidVnd ?? 0).toLocaleString('vi-VN')} đ, ${when(p.paidAt, lang)}` : lang === 'vi' ? 'Chưa nộp.' : 'Not paid yet.'}
          </li>
        ))}
        {s.withdrawals.map((w) => (
          <li>
            {lang === 'vi' ? 'Xin rút hồ sơ' : 'Withdrawal request'} {when(w.at, lang)}: {w.reason}.{' '}
            {w.decision === 'stopped' ? (lang === 'vi' ? 'Đã dừng xử lý.' : 'Stopped.') : w.decision === 'declined' ? (lang === 'vi' ? 'Không chấp nhận.' : 'Declined.') : lang === 'vi' ? 'Chờ quyết định.' : 'Awaiting decision.'}
          </li>
        ))}
      </ul>
    </section>
  );
}
