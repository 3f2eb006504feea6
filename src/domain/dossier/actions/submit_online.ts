import { deliveryOf, num } from '../fold-steps.js';
import { bad, F, id, issuedCode, M, payloadObject, resultDelivery } from './shared.js';
import type { ActionSpec } from './spec.js';

/** The applicant submits online to the desk `unitId`. A code issued by the national portal is kept as is. */
export const payload = payloadObject({
  competentUnitId: id('Chọn cơ quan có thẩm quyền', 'Choose the competent unit'),
  dossierCode: issuedCode().nullable().optional(),
  resultDelivery: resultDelivery(),
});

export const spec: ActionSpec<'submit_online'> = {
  payload,
  label: { vi: 'Nộp hồ sơ trực tuyến', en: 'Submit online' },
  refusal: ({ s }) => (s.phase === 'draft' ? null : M.notDraft),
  who: () => ({ seats: [], applicant: true, system: true, forbidden: F.applicantOnly }),
  problems: (_p, a) => (a.unitId !== null && Number.isInteger(a.unitId) && a.unitId > 0 ? [] : [bad('unitId', 'Chọn nơi nộp hồ sơ', 'Choose the desk to submit to')]),
  evolve(f, a, { at }) {
    if (f.phase !== 'draft') return false;
    f.phase = 'submitted';
    f.channel = 'online';
    f.submittedAt = at;
    f.submittedToUnitId = a.unitId ?? null;
    f.submittedCompetentUnitId = num(a.payload?.competentUnitId);
    f.dossierCode = a.payload?.dossierCode || null;
    f.resultDelivery = deliveryOf(a.payload?.resultDelivery) ?? f.resultDelivery;
    return true;
  },
  message: (_a, { c, ref, make }) =>
    make(
      'submitted',
      `${ref} đã được gửi, chờ tiếp nhận`,
      `Hệ thống đã nhận hồ sơ trực tuyến của ông/bà (${c.procedureName})${c.code ? `, mã hồ sơ ${c.code}` : c.reference ? `, số tham chiếu ${c.reference}` : ''}. Bộ phận một cửa sẽ kiểm tra và thông báo việc tiếp nhận.`,
      `Da nhan ho so truc tuyen${c.code ? ` ${c.code}` : c.reference ? ` so tham chieu ${c.reference}` : ''}, cho tiep nhan.`,
    ),
};
