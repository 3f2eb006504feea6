// PDF forms: Vietnamese text must be embedded and extractable (checked with poppler's pdftotext and pdffonts).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FormDocument } from '../../../src/domain/form-document.js';
import { renderFormHtml } from '../../../src/http/forms/html.js';
import { renderFormPdf } from '../../../src/http/forms/pdf.js';

const form: FormDocument = {
  formNumber: 'Mẫu số 01',
  title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  header: { agencyLines: ['UBND TỈNH HÒA GIANG', 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG'], reference: 'Mã hồ sơ: 000.00.31.H99-261123-0001', placeAndDate: 'Hòa Giang, ngày 23 tháng 11 năm 2026' },
  blocks: [
    { kind: 'fields', rows: [{ label: 'Người nộp', value: 'Nguyễn Thị Ánh Tuyết' }, { label: 'Thủ tục', value: 'Đăng ký khai sinh <b>' }] },
    { kind: 'table', columns: [{ title: 'TT', width: 1 }, { title: 'Tên giấy tờ', width: 8 }, { title: 'Bản chính', width: 2 }], rows: [['1', 'Giấy chứng sinh', '1']] },
    { kind: 'qr', text: 'http://localhost:3000/tra-cuu/000.00.31.H99-261123-0001', caption: 'Quét mã để tra cứu hồ sơ' },
    { kind: 'signatures', blocks: [{ title: 'NGƯỜI NỘP HỒ SƠ', note: '(Ký, ghi rõ họ tên)' }, { title: 'NGƯỜI TIẾP NHẬN', note: '(Ký, ghi rõ họ tên)', name: 'Nguyễn Thị Lan' }] },
  ],
  fileName: 'phieu-tiep-nhan',
};

describe('form rendering', () => {
  it('produces a PDF whose Vietnamese text is extractable, with the fonts embedded', async () => {
    const pdf = await renderFormPdf(form);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = new URL('../../../test-results/', import.meta.url).pathname;
    mkdirSync(dir, { recursive: true });
    const file = `${dir}form-sample.pdf`;
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', 'Nguyễn Thị Ánh Tuyết', 'Đăng ký khai sinh <b>', 'Giấy chứng sinh', 'NGƯỜI TIẾP NHẬN', '000.00.31.H99-261123-0001'])
      expect(text).toContain(s);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const line of fonts) expect(line).toMatch(/DejaVuSerif.*\byes\s+yes\s+yes\b/);
  });

  it('renders the same document as escaped, printable HTML with an inline QR code', () => {
    const html = renderFormHtml(form, '/x.pdf').html;
    expect(html).toContain('Đăng ký khai sinh &lt;b&gt;');
    expect(html).toContain('<svg');
    expect(html).toContain('href="/x.pdf"');
    expect(html).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  });
});
