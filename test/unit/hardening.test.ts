// Pure pieces of issue 10 part D: the download name the server builds, the wait message of a 429, the back-off.
import { describe, expect, it } from 'vitest';
import { cleanFileName, downloadFileName } from '../../src/app/dossiers/files.js';
import { loginDelaySeconds } from '../../src/app/throttle.js';
import { testConfig } from '../../src/app/config.js';
import { waitMessage } from '../../src/domain/errors.js';

describe('download names', () => {
  it('are built from the code, the document and the real type, with nothing of the upload', () => {
    const n = downloadFileName('000.00.43.H99-261123-0001', 'Tờ khai đăng ký kết hôn\u202Eexe.pdf', 2, 'image/jpeg');
    expect(n.ascii).toBe('000.00.43.H99-261123-0001_To-khai-dang-ky-ket-hon-exe-pdf_2.jpg');
    expect(n.unicode).toBe('000.00.43.H99-261123-0001_Tờ-khai-đăng-ký-kết-hôn-exe-pdf_2.jpg');
    expect(downloadFileName('x"; evil=1', '', null, 'application/pdf').ascii).toBe('x-evil-1_tep.pdf');
    for (const s of [n.ascii, n.unicode]) expect(s).not.toMatch(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069"\\/]/);
  });

  it('stored names lose control and bidirectional characters', () => {
    expect(cleanFileName('hoa-don\u202Efdp.exe')).toBe('hoa-donfdp.exe');
    expect(cleanFileName('../..\\a\u0000b\u2067.pdf')).toBe('ab.pdf');
  });
});

describe('waiting', () => {
  it('says how long in both languages, in minutes from two minutes up', () => {
    expect(waitMessage(30)).toEqual({ vi: 'Quá nhiều yêu cầu; vui lòng thử lại sau 30 giây', en: 'Too many requests; please try again in 30 seconds' });
    expect(waitMessage(0.2).en).toMatch(/in 1 second$/);
    expect(waitMessage(900)).toEqual({ vi: 'Quá nhiều yêu cầu; vui lòng thử lại sau 15 phút', en: 'Too many requests; please try again in 15 minutes' });
  });

  it('backs off sign-in failures exponentially after the free ones, up to the configured cap', () => {
    const ctx = { config: testConfig({ loginMaxFailures: 5, lockoutMinutes: 15 }) } as never;
    expect([1, 4, 5, 6, 7, 8, 9, 10, 11, 50].map((n) => loginDelaySeconds(ctx, n))).toEqual([0, 0, 30, 60, 120, 240, 480, 900, 900, 900]);
  });
});
