import { z } from 'zod';
import { both } from '../../zod-fields.js';
import type { FieldError } from '../../errors.js';
import { isIssuedDossierCode } from '../code.js';
import { deliveryOf, enterStep, isPreReception, num, startParticipant } from '../fold-steps.js';
import { CHANNELS } from '../types.js';
import { anyDesk, bad, F, id, M, NOT_RECEIVING_DESK, payloadObject, receptionSeat, resultDelivery } from './shared.js';
import type { ActionSpec } from './spec.js';

/**
 * Form 01. `unitId` of the action is the receiving unit; `competentUnitId` the unit that decides (may differ: a
 * service centre receives for departments and, across communes, "phi địa giới"); required unless chosen at online
 * submission. `dossierCode` is required unless the dossier already has one (issued at online submission).
 */
export const payload = payloadObject({
  resultDelivery: resultDelivery(),
  channel: z.enum(CHANNELS, { error: both('Kênh tiếp nhận không hợp lệ', 'Invalid channel') }),
  competentUnitId: id('Cơ quan có thẩm quyền không hợp lệ', 'Invalid competent unit').nullable().optional(),
  // Its format is checked with the state: a dossier that already has a code says so first.
  dossierCode: z.string({ error: both('Mã hồ sơ không hợp lệ', 'Invalid dossier code') }).nullable().optional(),
  trackingBookNumber: id('Số thứ tự trong sổ theo dõi phải là số nguyên dương', 'The tracking-book number must be a positive whole number').nullable().optional(),
});

export const spec: ActionSpec<'receive'> = {
  payload,
  label: { vi: 'Tiếp nhận hồ sơ', en: 'Receive' },
  refusal: ({ s }) => (isPreReception(s.phase) ? null : M.notPreReception),
  who({ s, pinned }, action) {
    const given = action?.payload.competentUnitId;
    const competentId = typeof given === 'number' ? given : s.competentUnitId;
    if (s.phase === 'draft' && action === undefined) return { seats: [anyDesk], forbidden: F.deskAnywhere };
    return { seats: [receptionSeat(s, pinned, competentId)], forbidden: s.phase === 'draft' ? NOT_RECEIVING_DESK : F.deskAtReception };
  },
  problems(p, a, { s }) {
    const out: FieldError[] = [];
    if (a.unitId === null || !Number.isInteger(a.unitId) || a.unitId <= 0) out.push(bad('unitId', 'Thiếu đơn vị tiếp nhận', 'The receiving unit is missing'));
    const online = s.channel === 'online';
    if (online && p.channel !== 'online')
      out.push(bad('payload.channel', 'Hồ sơ nộp trực tuyến được tiếp nhận trên kênh trực tuyến', 'A dossier submitted online is received online'));
    else if (!online && p.channel === 'online')
      out.push(bad('payload.channel', 'Hồ sơ trực tuyến phải được công dân nộp trên hệ thống trước', 'An online dossier must first be submitted by the applicant'));
    if (p.competentUnitId == null) {
      if (s.competentUnitId === null) out.push(bad('payload.competentUnitId', 'Chọn cơ quan có thẩm quyền giải quyết', 'Choose the competent unit'));
    } else if (s.competentUnitId !== null && p.competentUnitId !== s.competentUnitId)
      out.push(
        bad(
          'payload.competentUnitId',
          'Khác cơ quan công dân đã chọn khi nộp; nếu không đúng thẩm quyền, hãy từ chối tiếp nhận và hướng dẫn',
          'Differs from the unit chosen at submission; if it is not competent, refuse reception with guidance',
        ),
      );
    if (p.dossierCode == null || p.dossierCode === '') {
      if (s.dossierCode === null) out.push(bad('payload.dossierCode', 'Thiếu mã hồ sơ', 'The dossier code is missing'));
    } else if (s.dossierCode !== null && p.dossierCode !== s.dossierCode)
      out.push(bad('payload.dossierCode', `Hồ sơ đã có mã ${s.dossierCode}`, `The dossier already has the code ${s.dossierCode}`));
    else if (!isIssuedDossierCode(p.dossierCode)) out.push(bad('payload.dossierCode', 'Mã hồ sơ không hợp lệ', 'Invalid dossier code'));
    return out;
  },
  evolve(f, a, { at, by, pinned }) {
    if (!isPreReception(f.phase)) return false;
    const p = a.payload;
    const unitId = a.unitId;
    const competent = num(p?.competentUnitId) ?? f.submittedCompetentUnitId;
    if (unitId === null || competent === null) return false;
    f.phase = 'processing';
    f.channel = f.channel ?? p.channel ?? 'counter';
    f.receivedAt = at;
    f.receivingUnitId = unitId;
    f.competentUnitId = competent;
    f.dossierCode = f.dossierCode ?? (p.dossierCode || null);
    f.trackingBookNumber = num(p.trackingBookNumber);
    f.resultDelivery = deliveryOf(p.resultDelivery) ?? f.resultDelivery;
    const last = f.preSupplements[f.preSupplements.length - 1];
    if (last && last.resubmittedAt === null) last.resubmittedAt = at;
    f.clock.push({ type: 'start', at });
    if (pinned.steps.length > 0) enterStep(f, pinned, 0, at, by, null);
    // Sequential unless the approved process says parallel (Decree 61/2018 Art. 16-17).
    f.sequentialParticipants = pinned.interAgencyDispatch !== 'parallel';
    f.participants = (pinned.interAgency ?? []).map((q) => ({
      unitId: q.unitId,
      task: q.task,
      lead: q.lead,
      allotted: q.allottedWorkingMinutes,
      startedAt: null,
      contributedAt: null,
      result: null,
      note: null,
      waits: [],
    }));
    f.participants.forEach((q, i) => {
      if (!f.sequentialParticipants || i === 0) startParticipant(f, q, at);
    });
    return true;
  },
  message: (_a, { c, ref, refSms, due, make }) =>
    make(
      'receipt',
      `${ref} đã được tiếp nhận`,
      `${ref} (${c.procedureName}) đã được tiếp nhận.${due ? `\nNgày hẹn trả kết quả: ${due}.` : ''}`,
      `${refSms} da duoc tiep nhan.${due ? ` Hen tra ket qua ${due}.` : ''}`,
    ),
};
