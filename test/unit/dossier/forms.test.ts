// The form builders are pure: a view in, a FormDocument out. Dossiers come from the domain fixtures (received Thu 23
// Apr 2026 09:00 at the centre for the Department of Justice, due Tue 5 May 09:00).
import { describe, expect, it } from 'vitest';
import { availableForms, form01, form02, form03, form04, form05, form06, trackingBookForm, vnDateTimeText, type FormOptions } from '../../../src/app/dossiers/forms.js';
import { placeOf } from '../../../src/app/dossiers/forms.js';
import type { DossierView } from '../../../src/app/dossiers/types.js';
import { AppError } from '../../../src/domain/errors.js';
import type { FormBlock, FormDocument } from '../../../src/domain/form-document.js';
import { at, Journey, pinned, received, UNIT, USER } from './fixtures.js';

const NOW = at('2026-05-11', '08:00');

function viewOf(j: Journey, now = NOW, over: Partial<DossierView> = {}): DossierView {
  const state = j.at(now);
  return {
    id: 7,
    code: state.dossierCode,
    version: state.version,
    channel: 'counter',
    procedure: { code: '1.001193', name: 'Đăng ký khai sinh', versionId: 1, processVersionId: 1 },
    applicant: { kind: 'citizen', fullName: 'Nguyễn Thị Ánh Tuyết', idNumber: '036190000123', organisationName: null, taxCode: null, address: 'Thôn Trung, xã An Phú', phone: '0912345678', email: null },
    applicantUserId: null,
    competentUnitId: state.competentUnitId,
    documents: [
      { name: 'Tờ khai đăng ký khai sinh', group: null, requiredOriginals: 1, requiredCopies: 0, optional: false, extra: false, provided: true, originals: 1, copies: 0, fileIds: [] },
      { name: 'Giấy chứng sinh', group: null, requiredOriginals: 1, requiredCopies: 0, optional: false, extra: false, provided: false, originals: 0, copies: 0, fileIds: [] },
    ],
    pinned: null,
    state,
    units: {
      [UNIT.centre]: { id: UNIT.centre, code: '000.00.31.H99', name: 'Trung tâm Phục vụ hành chính công tỉnh', shortName: null },
      [UNIT.justice]: { id: UNIT.justice, code: '000.00.05.H99', name: 'Sở Tư pháp', shortName: 'STP' },
    },
    people: {
      [USER.desk]: { id: USER.desk, username: 'tiepnhan', fullName: 'Nguyễn Thị Lan' },
      [USER.justiceLeader]: { id: USER.justiceLeader, username: 'lanhdao', fullName: 'Hoàng Văn Nam' },
      [USER.justiceSpecialist]: { id: USER.justiceSpecialist, username: 'chuyenvien', fullName: 'Lê Minh Tuấn' },
    },
    trackingToken: 'abcdEFGH12345678',
    access: 'staff',
    createdAt: now,
    updatedAt: now,
    ...over,
  };
}

const opts: FormOptions = {
  printedAt: NOW,
  place: 'Hòa Giang',
  unitDetails: {
    [UNIT.centre]: { name: 'Trung tâm Phục vụ hành chính công tỉnh', parentName: 'Ủy ban nhân dân tỉnh Hòa Giang', address: '25 Đại lộ Hùng Vương', phone: '0209 3850 100' },
    [UNIT.justice]: { name: 'Sở Tư pháp', parentName: 'Ủy ban nhân dân tỉnh Hòa Giang', address: '12 đường Lê Lợi', phone: '0209 3850 205' },
  },
};

/** Every text the document prints, in order. */
function textOf(f: FormDocument): string {
  const block = (b: FormBlock): string[] => {
    switch (b.kind) {
      case 'paragraph':
        return [b.text];
      case 'fields':
        return b.rows.map((r) => `${r.label}: ${r.value}`);
      case 'list':
        return b.items;
      case 'table':
        return [...b.columns.map((c) => c.title), ...b.rows.flat()];
      case 'signatures':
        return b.blocks.flatMap((s) => [s.title, s.note ?? '', s.name ?? '']);
      case 'qr':
        return [b.caption, b.text];
    }
  };
  return [f.formNumber, f.title, f.subtitle ?? '', ...f.header.agencyLines, f.header.reference ?? '', f.header.placeAndDate ?? '', ...f.blocks.flatMap(block)].join('\n');
}

function refusedWith(f: () => unknown, kind: string): AppError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).kind).toBe(kind);
    expect((e as AppError).messages.vi).not.toBe((e as AppError).messages.en);
    return e as AppError;
  }
  throw new Error('expected a refusal');
}

function examined(j: Journey) {
  return j
    .by(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 })
    .by(USER.justiceLeader, 'assign', at('2026-04-23', '14:00'), { assigneeId: USER.justiceSpecialist })
    .by(USER.justiceLeader, 'forward', at('2026-04-23', '15:00'), { toStepIndex: 2 });
}

describe('instants as the forms print them', () => {
  it('writes hours, minutes and the Vietnamese day', () => {
    expect(vnDateTimeText(new Date('2026-11-23T07:30:00Z'))).toBe('14 giờ 30 phút, ngày 23/11/2026');
    // 23:30 UTC is already the next day in Việt Nam.
    expect(vnDateTimeText(new Date('2026-12-31T17:05:00Z'))).toBe('00 giờ 05 phút, ngày 01/01/2027');
    expect(placeOf('Ủy ban nhân dân tỉnh Hòa Giang')).toBe('Hòa Giang');
    expect(placeOf('Ủy ban nhân dân thành phố Hồ Chí Minh')).toBe('Hồ Chí Minh');
  });
});

describe('form 01', () => {
  it('prints the reception facts, the provided documents only, the appointment and the tracking QR', () => {
    const v = viewOf(received());
    const f = form01(v, { ...opts, trackingUrl: 'https://motcua.example/tra-cuu/X?t=abc' });
    expect(f.header).toEqual({
      agencyLines: ['UBND TỈNH HÒA GIANG', 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH'],
      reference: `Mã hồ sơ: ${v.code}`,
      placeAndDate: 'Hòa Giang, ngày 23 tháng 04 năm 2026',
    });
    const text = textOf(f);
    expect(text).toContain('Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 23/04/2026');
    expect(text).toContain('Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 05/05/2026');
    expect(text).toContain('Tờ khai đăng ký khai sinh');
    expect(text).not.toContain('Giấy chứng sinh');
    expect(text).toContain('Nguyễn Thị Lan');
    expect(f.blocks.find((b) => b.kind === 'qr')).toMatchObject({ text: 'https://motcua.example/tra-cuu/X?t=abc' });
    expect(f.fileName).toBe(`mau-01-${v.code}`);
  });

  it('does not apply before reception', () => {
    const j = new Journey(pinned()).by(USER.desk, 'request_supplement_before_reception', at('2026-04-23', '09:00'), { items: ['Giấy chứng sinh'], reason: 'Thiếu giấy tờ' });
    const e = refusedWith(() => form01(viewOf(j), { ...opts, trackingUrl: 'x' }), 'conflict');
    expect(e.code).toBe('form_not_applicable');
    expect(availableForms(viewOf(j))).toEqual(['02']);
  });
});

describe('form 02', () => {
  it('prints the latest request with its corrected items, or the one asked for', () => {
    const j = examined(received())
      .by(USER.justiceSpecialist, 'request_supplement', at('2026-04-24', '09:00'), { items: ['Bản sao CCCD'], reason: 'Thiếu giấy tờ' })
      .by(USER.justiceSpecialist, 'correct', at('2026-04-24', '09:10'), { targetSeq: 5, reason: 'Bổ sung danh mục', data: { items: ['Bản sao CCCD', 'Ảnh 4x6'] } });
    const v = viewOf(j, at('2026-04-24', '10:00'));
    const text = textOf(form02(v, opts));
    expect(text).toContain('Ảnh 4x6');
    expect(text).toContain('Lý do: Thiếu giấy tờ');
    expect(text).toContain('Lê Minh Tuấn');
    // The pinned policy decides the note about the clock; this view has no pinned data: Decree 61's restart.
    expect(text).toContain('tính lại');
    expect(form02(v, { ...opts, seq: 5 }).blocks).toEqual(form02(v, opts).blocks);
    expect(refusedWith(() => form02(v, { ...opts, seq: 4 }), 'not_found').code).toBe('not_found');
    refusedWith(() => form02(viewOf(received()), opts), 'conflict');
  });
});

describe('forms 03, 04 and 05', () => {
  it('03 reads the reasons from the action, one per line', () => {
    const j = new Journey(pinned()).by(USER.desk, 'refuse_reception', at('2026-04-23', '09:00'), { reasons: 'Không thuộc thẩm quyền\nThiếu chữ ký' });
    const v = viewOf(j);
    const f = form03(v, { ...opts, actions: j.actions });
    expect(f.blocks).toContainEqual({ kind: 'list', items: ['Không thuộc thẩm quyền', 'Thiếu chữ ký'], ordered: true });
    expect(availableForms(v)).toEqual(['03']);
  });

  it('04 gives the reason, both appointments and the signer with the title they hold', () => {
    const j = examined(received())
      .by(USER.justiceSpecialist, 'forward', at('2026-05-04', '09:00'), { toStepIndex: 3 })
      .by(USER.justiceLeader, 'apologise', at('2026-05-04', '10:00'), { lateUnitId: UNIT.justice, reason: 'Chờ xác minh thực địa', newDueAt: at('2026-05-08', '16:00') });
    const v = viewOf(j, at('2026-05-04', '11:00'));
    const f = form04(v, { ...opts, titles: { [USER.justiceLeader]: [{ unitId: UNIT.justice, title: 'Phó Giám đốc Sở Tư pháp' }] } });
    expect(f.header.agencyLines).toEqual(['UBND TỈNH HÒA GIANG', 'SỞ TƯ PHÁP']);
    // Circular 03/2025's name, and a number line the clerk fills in when the apology recorded no number.
    expect(f.title).toBe('Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết');
    expect(f.header.reference).toBe('Số: ……/……');
    const text = textOf(f);
    expect(text).toContain('Chờ xác minh thực địa');
    expect(text).toContain('Thời gian hẹn trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 05/05/2026');
    expect(text).toContain('Thời gian hẹn trả kết quả mới: 16 giờ 00 phút, ngày 08/05/2026');
    expect(text).toContain('PHÓ GIÁM ĐỐC SỞ TƯ PHÁP\n(Ký, ghi rõ họ tên và đóng dấu)\nHoàng Văn Nam');
    expect(availableForms(v)).toEqual(['01', '04', '06']);
    expect(availableForms({ ...v, access: 'applicant' })).toEqual(['01', '04']);
  });

  it('05 gives the stop reason', () => {
    const j = received()
      .by(USER.applicant, 'request_withdrawal', at('2026-04-24', '09:00'), { reason: 'Không còn nhu cầu' })
      .by(USER.justiceLeader, 'stop', at('2026-04-24', '10:00'), { reason: 'Công dân rút hồ sơ', ground: 'applicant_withdrawal' });
    const v = viewOf(j);
    expect(textOf(form05(v, { ...opts, actions: j.actions }))).toContain('Lý do: Công dân rút hồ sơ');
    refusedWith(() => form04(v, opts), 'conflict');
  });
});

describe('form 06', () => {
  it('has one row per stay at a step with giver, receiver and result', () => {
    const j = examined(received())
      .by(USER.justiceSpecialist, 'forward', at('2026-04-28', '16:00'), { toStepIndex: 3 })
      .by(USER.justiceLeader, 'approve', at('2026-04-29', '09:00'), {})
      .by(USER.justiceLeader, 'sign', at('2026-04-29', '09:30'), {})
      .by(USER.justiceLeader, 'finish', at('2026-04-29', '10:00'), {});
    const v = viewOf(j);
    const table = form06(v, opts).blocks.find((b) => b.kind === 'table');
    expect(table?.kind).toBe('table');
    if (table?.kind !== 'table') return;
    expect(table.rows).toHaveLength(v.state.steps.length);
    expect(table.rows.map((r) => r[3])).toEqual(v.state.steps.map((s) => ({ early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' })[s.outcome!]));
    expect(table.rows[2]![2]).toContain('1. Giao: Hoàng Văn Nam – Sở Tư pháp;\n2. Nhận: Lê Minh Tuấn – Sở Tư pháp;\nLúc 15 giờ 00 phút, ngày 23/04/2026.');
    expect(table.rows[0]![2]).toContain('Nguyễn Thị Ánh Tuyết (người nộp hồ sơ)');
  });
});

describe('form 07', () => {
  it('is a landscape book with the period in its subtitle', () => {
    const f = trackingBookForm([], { unit: { id: 1, name: 'Trung tâm Phục vụ hành chính công tỉnh', parentName: 'Ủy ban nhân dân tỉnh Hòa Giang', address: null, phone: null }, year: 2026, from: '2026-12-01', to: null, printedAt: NOW, place: 'Hòa Giang' });
    expect(f.landscape).toBe(true);
    expect(f.subtitle).toBe('Năm 2026 (từ ngày 01/12/2026 đến ngày 31/12/2026)');
    expect(f.fileName).toBe('so-theo-doi-trung-tam-phuc-vu-hanh-chinh-cong-tinh-2026-2026-12-01');
  });
});
