import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applicantMessageFor, smsText, vnTimeAndDate, type DossierAction } from '../../../src/domain/dossier/index.js';

const base = { at: new Date('2026-12-03T02:00:00Z'), actorId: 1, actorRoles: ['desk'], unitId: 1, seq: 2 } as const;
const ctx = { code: '000.00.31.H99-261203-0001', procedureName: 'Đăng ký hoạt động chi nhánh của tổ chức hành nghề luật sư', applicantName: 'Đỗ Thị Mai', dueAt: new Date('2026-12-10T02:00:00Z'), trackingUrl: 'https://dvc.example/tra-cuu/x?t=abc', deskName: 'Trung tâm Phục vụ hành chính công tỉnh' };

describe('messages to the applicant', () => {
  it('writes SMS text as plain ASCII whatever the Vietnamese input', () => {
    expect(smsText('Đỗ Thị Mai — hồ sơ đã được tiếp nhận')).toBe('Do Thi Mai — ho so da duoc tiep nhan');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...'aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐĂÂÊÔƠƯ '.split(''))), (chars) => {
        expect(smsText(chars.join(''))).toMatch(/^[a-zA-Z ]*$/);
      }),
    );
  });

  it('prints the appointment in Vietnam time', () => {
    expect(vnTimeAndDate(new Date('2026-12-10T09:30:00Z'))).toBe('16:30 ngày 10/12/2026');
  });

  it('lists every item of a supplement request and names the desk', () => {
    const m = applicantMessageFor({ ...base, type: 'request_supplement', payload: { items: ['Bản sao giấy phép', 'Tờ khai (mẫu 02)'], reason: 'Thiếu giấy tờ' } } as DossierAction, ctx)!;
    expect(m.kind).toBe('supplement_request');
    expect(m.body).toContain('1. Bản sao giấy phép\n2. Tờ khai (mẫu 02)');
    expect(m.body).toContain('Trung tâm Phục vụ hành chính công tỉnh');
    expect(m.sms).toContain('can bo sung 2 noi dung');
  });

  it('tells the new appointment when the supplement arrives, and that it will be recounted while waiting', () => {
    const m = applicantMessageFor({ ...base, type: 'supplement_received', payload: { note: null } } as DossierAction, ctx)!;
    expect(m.kind).toBe('supplement_received');
    expect(m.body).toContain('Ngày hẹn trả kết quả: 09:00 ngày 10/12/2026');
    expect(m.sms).toContain('Hen tra ket qua 09:00 ngay 10/12/2026');
    // An online resubmission before reception has no appointment to tell.
    expect(applicantMessageFor({ ...base, type: 'supplement_received', payload: {} } as DossierAction, { ...ctx, dueAt: null })).toBeNull();
    const asked = applicantMessageFor({ ...base, type: 'request_supplement', payload: { items: ['Bản sao'], reason: 'Thiếu' } } as DossierAction, { ...ctx, dueAt: null, dueRecounted: true })!;
    expect(asked.body).toContain('tính lại từ đầu khi nhận đủ hồ sơ bổ sung');
  });

  it('says nothing of internal actions', () => {
    for (const type of ['assign', 'forward', 'approve', 'sign', 'consult', 'correct'] as const)
      expect(applicantMessageFor({ ...base, type, payload: {} } as unknown as DossierAction, ctx)).toBeNull();
  });

  it('omits the code and link before a dossier has a code', () => {
    const m = applicantMessageFor({ ...base, type: 'refuse_reception', payload: { reasons: 'Không thuộc thẩm quyền' } } as DossierAction, { ...ctx, code: null, trackingUrl: null })!;
    expect(m.subject).toBe('[Một Cửa] Hồ sơ của ông/bà không được giải quyết');
    expect(m.body).not.toContain('Theo dõi hồ sơ');
    expect(m.sms).toBe('Ho so khong duoc tiep nhan. Ly do: Khong thuoc tham quyen.');
  });
});
