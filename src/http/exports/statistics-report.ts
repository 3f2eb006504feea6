// The periodic report of a unit as a printable document (rendered to PDF with embedded fonts by src/http/forms/pdf.ts):
// the unit's figures for the period, then the table of its units. The same view as the page and the Excel file.
import type { UnitTableView } from '../../app/statistics.js';
import { vietnameseLongDate, type FormDocument } from '../../domain/form-document.js';
import { vnDateOf } from '../../domain/calendar/index.js';
import { vnDateTimeText } from '../vn-time.js';

const n = (x: number) => x.toLocaleString('vi-VN');
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toLocaleString('vi-VN', { maximumFractionDigits: 2 })} %`);
const dm = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

export function statisticsReport(v: UnitTableView): FormDocument {
  const t = v.total;
  const finished = t.finished.early + t.finished.onTime + t.finished.late;
  const rows = v.rows.filter((r) => r.received + r.carriedOver + r.finished.early + r.finished.onTime + r.finished.late > 0);
  return {
    formNumber: '',
    title: 'Báo cáo kết quả giải quyết thủ tục hành chính',
    subtitle: `Kỳ báo cáo: từ ngày ${dm(v.from)} đến ngày ${dm(v.to)}`,
    header: { agencyLines: [v.unit.name.toUpperCase()], placeAndDate: vietnameseLongDate(vnDateOf(v.asOf)) },
    landscape: true,
    fileName: `bao-cao_${v.unit.code}_${v.from}_${v.to}`,
    blocks: [
      { kind: 'paragraph', text: 'I. SỐ LIỆU CHUNG', bold: true },
      {
        kind: 'fields',
        rows: [
          { label: 'Tổng số hồ sơ tiếp nhận trong kỳ', value: `${n(t.received)} (trực tiếp ${n(t.receivedByChannel.counter)}, trực tuyến ${n(t.receivedByChannel.online)}, bưu chính ${n(t.receivedByChannel.postal)})` },
          { label: 'Kỳ trước chuyển sang', value: n(t.carriedOver) },
          { label: 'Đã giải quyết', value: `${n(finished)} (trước hạn ${n(t.finished.early)}, đúng hạn ${n(t.finished.onTime)}, quá hạn ${n(t.finished.late)})` },
          { label: 'Tỷ lệ giải quyết trước và đúng hạn', value: pct(t.onTimeRate) },
          { label: `Đang giải quyết (đến ${vnDateTimeText(v.asOf)})`, value: `${n(t.inProgress.withinDue + t.inProgress.overdue)} (trong hạn ${n(t.inProgress.withinDue)}, quá hạn ${n(t.inProgress.overdue)})` },
          { label: 'Từ chối giải quyết / dừng xử lý / công dân rút', value: `${n(t.refused)} / ${n(t.stopped)} / ${n(t.withdrawn)}` },
          { label: 'Văn bản xin lỗi (đúng hạn / muộn)', value: `${n(t.apologies.onTime)} / ${n(t.apologies.late)}` },
          { label: 'Hồ sơ quá hạn không có văn bản xin lỗi', value: n(t.lateWithoutApology) },
        ],
      },
      { kind: 'paragraph', text: 'II. THEO ĐƠN VỊ', bold: true },
      {
        kind: 'table',
        columns: [
          { title: 'Đơn vị', width: 8 },
          { title: 'Tiếp nhận', width: 2 },
          { title: 'Kỳ trước', width: 2 },
          { title: 'Trước hạn', width: 2 },
          { title: 'Đúng hạn', width: 2 },
          { title: 'Quá hạn', width: 2 },
          { title: 'Đang quá hạn', width: 2 },
          { title: 'Tỷ lệ đúng hạn', width: 2 },
        ],
        rows: [
          ...rows.map((r) => [r.unit.name, n(r.received), n(r.carriedOver), n(r.finished.early), n(r.finished.onTime), n(r.finished.late), n(r.inProgress.overdue), pct(r.onTimeRate)]),
          ['Tổng cộng', n(t.received), n(t.carriedOver), n(t.finished.early), n(t.finished.onTime), n(t.finished.late), n(t.inProgress.overdue), pct(t.onTimeRate)],
        ],
      },
      { kind: 'paragraph', text: 'Đúng hạn, quá hạn tính theo ngày hẹn trả ban đầu; hồ sơ dừng xử lý sau hạn tính là quá hạn.', italic: true },
      { kind: 'signatures', blocks: [{ title: 'NGƯỜI LẬP BÁO CÁO', note: '(Ký, ghi rõ họ tên)' }, { title: 'THỦ TRƯỞNG ĐƠN VỊ', note: '(Ký, ghi rõ họ tên và đóng dấu)' }] },
    ],
  };
}
