// The statistics table of a unit and the units below it as Excel (exceljs) and CSV: Vietnamese headers (the reader
// is a provincial office), whole numbers with thousands separators, the on-time rate as a percentage, the header
// row frozen. Both files carry the same columns, in the same order, from the same view.
import ExcelJS from 'exceljs';
import type { UnitTableView } from '../../app/statistics.js';
import { vnDateTimeText } from '../vn-time.js';

type Row = UnitTableView['rows'][number];
type Cell = number | string | null;

interface Column {
  header: string;
  width: number;
  format?: string;
  value: (r: Row | UnitTableView['total']) => Cell;
}

const COUNT = '#,##0';
const COLUMNS: Column[] = [
  { header: 'Tiếp nhận mới', width: 12, format: COUNT, value: (r) => r.received },
  { header: 'Trực tiếp', width: 10, format: COUNT, value: (r) => r.receivedByChannel.counter },
  { header: 'Trực tuyến', width: 10, format: COUNT, value: (r) => r.receivedByChannel.online },
  { header: 'Bưu chính', width: 10, format: COUNT, value: (r) => r.receivedByChannel.postal },
  { header: 'Kỳ trước chuyển sang', width: 12, format: COUNT, value: (r) => r.carriedOver },
  { header: 'Giải quyết trước hạn', width: 12, format: COUNT, value: (r) => r.finished.early },
  { header: 'Giải quyết đúng hạn', width: 12, format: COUNT, value: (r) => r.finished.onTime },
  { header: 'Giải quyết quá hạn', width: 12, format: COUNT, value: (r) => r.finished.late },
  { header: 'Đang giải quyết trong hạn', width: 12, format: COUNT, value: (r) => r.inProgress.withinDue },
  { header: 'Đang giải quyết quá hạn', width: 12, format: COUNT, value: (r) => r.inProgress.overdue },
  { header: 'Từ chối giải quyết', width: 10, format: COUNT, value: (r) => r.refused },
  { header: 'Dừng xử lý', width: 10, format: COUNT, value: (r) => r.stopped },
  { header: 'Rút hồ sơ', width: 10, format: COUNT, value: (r) => r.withdrawn },
  { header: 'Xin lỗi đúng hạn', width: 10, format: COUNT, value: (r) => r.apologies.onTime },
  { header: 'Xin lỗi muộn', width: 10, format: COUNT, value: (r) => r.apologies.late },
  { header: 'Quá hạn không xin lỗi', width: 12, format: COUNT, value: (r) => r.lateWithoutApology },
  { header: 'Tỷ lệ trước và đúng hạn', width: 12, format: '0.00%', value: (r) => r.onTimeRate },
];

const unitCells = (r: Row): Cell[] => [r.unit.code, `${'  '.repeat(r.unit.depth)}${r.unit.name}`];
const dm = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/** The table as rows of cells, the header first and the total last: what both formats write. */
function table(v: UnitTableView): Cell[][] {
  return [
    ['Mã đơn vị', 'Đơn vị', ...COLUMNS.map((c) => c.header)],
    ...v.rows.map((r) => [...unitCells(r), ...COLUMNS.map((c) => c.value(r))]),
    ['', 'Tổng cộng', ...COLUMNS.map((c) => c.value(v.total))],
  ];
}

export async function statisticsWorkbook(v: UnitTableView): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Một Cửa';
  // The workbook's own dates would come from the server's clock; the period says what the file is about.
  wb.created = v.asOf;
  wb.modified = v.asOf;
  const ws = wb.addWorksheet('Theo đơn vị', { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  ws.columns = [{ width: 16 }, { width: 44 }, ...COLUMNS.map((c) => ({ width: c.width, style: c.format ? { numFmt: c.format } : {} }))];
  for (const cells of table(v)) ws.addRow(cells);
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  ws.getRow(ws.rowCount).font = { bold: true };
  const info = wb.addWorksheet('Kỳ báo cáo');
  info.columns = [{ width: 28 }, { width: 60 }];
  info.addRows([
    ['Đơn vị', `${v.unit.name} (${v.unit.code}) và các đơn vị trực thuộc`],
    ['Kỳ', `Từ ${dm(v.from)} đến ${dm(v.to)}`],
    ['Số liệu đang giải quyết tính đến', vnDateTimeText(v.asOf)],
    ['Cách tính', 'Đúng hạn, quá hạn so với ngày hẹn trả ban đầu; hồ sơ dừng xử lý sau hạn tính là quá hạn.'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvCell = (c: Cell) => {
  const s = c === null ? '' : String(c);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** UTF-8 with a byte-order mark, so that Excel opens the Vietnamese text as such. */
export function statisticsCsv(v: UnitTableView): string {
  return `\uFEFF${table(v)
    .map((r) => r.map(csvCell).join(','))
    .join('\r\n')}\r\n`;
}

/** A download name we build (never user input): the unit's code and the period. */
export const statisticsFileName = (v: UnitTableView, ext: 'xlsx' | 'csv') => `thong-ke_${v.unit.code}_${v.from}_${v.to}.${ext}`;
