// Small pieces the inbox, the dossier page and the desk's queue share: working time read out as people count it,
// and the badges that say a dossier is late, waiting or overdue for reception.
import { OUTCOME_LABELS } from '../../../domain/dossier/index.js';
import type { Bilingual } from '../../../domain/errors.js';
import { formatDateTime, tr, type Lang } from '../../i18n.js';

export const t2 = (vi: string, en: string): Bilingual => ({ vi, en });
const MINUTES_PER_DAY = 480;


/** Working minutes as "1 ngày 3 giờ" / "1 working day 3 h" (8-hour working days, as the limits are counted). */
export function workingSpan(minutes: number, lang: Lang): string {
  const m = Math.round(Math.abs(minutes));
  const days = Math.floor(m / MINUTES_PER_DAY);
  const hours = Math.floor((m - days * MINUTES_PER_DAY) / 60);
  const mins = m - days * MINUTES_PER_DAY - hours * 60;
  const parts: string[] = [];
  if (lang === 'vi') {
    if (days) parts.push(`${days} ngày`);
    if (hours) parts.push(`${hours} giờ`);
    if (mins && !days) parts.push(`${mins} phút`);
    return parts.join(' ') || '0 phút';
  }
  if (days) parts.push(`${days} working day${days === 1 ? '' : 's'}`);
  if (hours) parts.push(`${hours} h`);
  if (mins && !days) parts.push(`${mins} min`);
  return parts.join(' ') || '0 min';
}

/** "còn 1 ngày 3 giờ làm việc" / "quá hạn 2 giờ". */
export function remainingText(minutes: number, lang: Lang): string {
  if (minutes >= 0) return lang === 'vi' ? `còn ${workingSpan(minutes, lang)} làm việc` : `${workingSpan(minutes, lang)} of working time left`;
  return lang === 'vi' ? `quá hạn ${workingSpan(minutes, lang)}` : `${workingSpan(minutes, lang)} overdue`;
}

export const when = (d: Date | null | undefined, lang: Lang) => (d ? formatDateTime(d, lang) : '—');

export interface FlagFacts {
  late: boolean;
  dueSoon: boolean;
  lateWithoutApology: boolean;
  lateApologisedLate?: boolean;
  apologyDueSoon?: boolean;
  apologised: boolean;
  waitingFor: 'supplement' | 'payment' | null;
  /** Submitted online, not received one working day later. */
  receptionOverdue?: boolean;
}

export function Flags({ lang, f }: { lang: Lang; f: FlagFacts }) {
  return (
    <span class="dos-flags">
      {f.lateWithoutApology ? (
        <span class="badge err dos-breach">{lang === 'vi' ? 'Quá hạn, chưa xin lỗi' : 'Late, no apology'}</span>
      ) : f.lateApologisedLate ? (
        <span class="badge err dos-breach">{lang === 'vi' ? 'Quá hạn, xin lỗi muộn' : 'Late, apologised late'}</span>
      ) : (
        f.late && <span class="badge err">{lang === 'vi' ? 'Quá hạn' : 'Late'}</span>
      )}
      {f.apologyDueSoon && <span class="badge warn">{lang === 'vi' ? 'Sắp hết hạn gửi văn bản xin lỗi' : 'Apology due soon'}</span>}
      {f.dueSoon && <span class="badge warn">{lang === 'vi' ? 'Sắp đến hạn' : 'Due soon'}</span>}
      {f.apologised && <span class="badge">{lang === 'vi' ? 'Đã xin lỗi, hẹn lại' : 'Apologised, new date'}</span>}
      {f.waitingFor === 'supplement' && <span class="badge">{lang === 'vi' ? 'Chờ bổ sung' : 'Awaiting supplement'}</span>}
      {f.waitingFor === 'payment' && <span class="badge">{lang === 'vi' ? 'Chờ nộp phí' : 'Awaiting payment'}</span>}
      {f.receptionOverdue && <ReceptionOverdueBadge lang={lang} />}
    </span>
  );
}

/** An online submission still waiting at the desk one working day after it was made. */
export function ReceptionOverdueBadge({ lang }: { lang: Lang }) {
  return <span class="badge warn dos-reception-overdue">{lang === 'vi' ? 'Chờ tiếp nhận quá 01 ngày làm việc' : 'Waiting for reception over one working day'}</span>;
}

export function OutcomeBadge({ lang, outcome }: { lang: Lang; outcome: 'early' | 'on_time' | 'late' | null }) {
  if (!outcome) return <span class="muted">—</span>;
  return <span class={outcome === 'late' ? 'badge err' : 'badge ok'}>{tr(lang, OUTCOME_LABELS[outcome])}</span>;
}
