// Names shown to people (Vietnamese first) and the one table that maps internal states to the national ten.
import type { Outcome } from '../calendar/index.js';
import type { Bilingual } from '../errors.js';
import type { DossierRules, DossierStatus, NationalStatus, ReturnMethod } from './types.js';

export const NATIONAL_STATUS_LABELS: Record<NationalStatus, Bilingual> = {
  1: { vi: 'Mới đăng ký', en: 'Submitted, not yet received' },
  2: { vi: 'Được tiếp nhận', en: 'Received' },
  3: { vi: 'Không được tiếp nhận', en: 'Refused at reception' },
  4: { vi: 'Đang xử lý', en: 'Being processed' },
  5: { vi: 'Yêu cầu bổ sung giấy tờ', en: 'Waiting for a supplement' },
  6: { vi: 'Yêu cầu thực hiện nghĩa vụ tài chính', en: 'Waiting for payment of a fee or tax' },
  7: { vi: 'Công dân yêu cầu rút hồ sơ', en: 'Applicant asked to withdraw' },
  8: { vi: 'Dừng xử lý', en: 'Processing stopped' },
  9: { vi: 'Đã xử lý xong', en: 'Result ready' },
  10: { vi: 'Đã trả kết quả', en: 'Result handed over' },
};

/**
 * Internal state → national status. Two rows depend on the rules because the sources disagree: a refusal after
 * examination (commonly 9 with a refusal document) and a supplement asked before reception (5 by default).
 */
export function nationalStatusOf(status: DossierStatus, rules: Pick<DossierRules, 'refusalAfterExaminationStatus' | 'supplementBeforeReceptionStatus'>): NationalStatus | null {
  switch (status) {
    case 'draft':
      return null;
    case 'submitted':
      return 1;
    case 'supplement_before_reception':
      return rules.supplementBeforeReceptionStatus;
    case 'refused':
      return 3;
    case 'received':
      return 2;
    case 'in_step':
    case 'assigned':
    case 'consulting':
    case 'awaiting_signature':
    case 'signed':
      return 4;
    case 'awaiting_supplement':
      return 5;
    case 'awaiting_payment':
      return 6;
    case 'withdrawal_requested':
      return 7;
    case 'stopped':
    // Withdrawn by the applicant before reception: the national list has no code of its own. 3 would record a
    // refusal nobody made and 7 a request still to be decided; 8 says that processing ended at the applicant's
    // request and nothing more happens (docs/dossier.md, "Withdrawal").
    case 'withdrawn':
      return 8;
    case 'finished':
      return 9;
    case 'refused_after_examination':
      return rules.refusalAfterExaminationStatus;
    case 'returned':
      return 10;
  }
}

export const STATUS_LABELS: Record<DossierStatus, Bilingual> = {
  draft: { vi: 'Bản nháp', en: 'Draft' },
  submitted: { vi: 'Đã nộp trực tuyến, chờ tiếp nhận', en: 'Submitted online, awaiting reception' },
  supplement_before_reception: { vi: 'Chờ bổ sung trước khi tiếp nhận', en: 'Supplement requested before reception' },
  refused: { vi: 'Từ chối tiếp nhận', en: 'Refused at reception' },
  received: { vi: 'Đã tiếp nhận', en: 'Received' },
  in_step: { vi: 'Đang xử lý, chờ phân công', en: 'In processing, not assigned' },
  assigned: { vi: 'Đang xử lý (đã phân công)', en: 'In processing (assigned)' },
  consulting: { vi: 'Đang lấy ý kiến đơn vị khác', en: 'Consulting another unit' },
  awaiting_signature: { vi: 'Đã duyệt, chờ ký', en: 'Approved, awaiting signature' },
  signed: { vi: 'Đã ký', en: 'Signed' },
  awaiting_supplement: { vi: 'Chờ bổ sung hồ sơ', en: 'Waiting for a supplement' },
  awaiting_payment: { vi: 'Chờ thực hiện nghĩa vụ tài chính', en: 'Waiting for payment' },
  withdrawal_requested: { vi: 'Công dân xin rút hồ sơ', en: 'Withdrawal requested' },
  stopped: { vi: 'Dừng xử lý', en: 'Stopped' },
  finished: { vi: 'Đã có kết quả, chờ trả', en: 'Result ready to hand over' },
  refused_after_examination: { vi: 'Từ chối giải quyết, chờ trả văn bản', en: 'Refused after examination, notice to hand over' },
  returned: { vi: 'Đã trả kết quả', en: 'Result handed over' },
  withdrawn: { vi: 'Đã rút trước khi tiếp nhận', en: 'Withdrawn before reception' },
};

/** Each action's label, from its spec (actions/<type>.ts). */
export { ACTION_LABELS } from './actions/index.js';

export const OUTCOME_LABELS: Record<Outcome, Bilingual> = {
  early: { vi: 'Trước hạn', en: 'Early' },
  on_time: { vi: 'Đúng hạn', en: 'On time' },
  late: { vi: 'Quá hạn', en: 'Late' },
};

/** What every view shows instead of a due date while it is to be recounted (restart policy, waiting for a supplement). */
export const DUE_RECOUNTED_LABEL: Bilingual = { vi: 'Tính lại khi nhận đủ hồ sơ bổ sung', en: 'Recounted when the supplement arrives' };

export const RETURN_METHOD_LABELS: Record<ReturnMethod, Bilingual> = {
  counter: { vi: 'Trả trực tiếp tại Bộ phận Một cửa', en: 'At the desk' },
  post: { vi: 'Trả qua dịch vụ bưu chính công ích', en: 'By public postal service' },
  online: { vi: 'Trả kết quả điện tử trực tuyến', en: 'Online, electronic result' },
};
