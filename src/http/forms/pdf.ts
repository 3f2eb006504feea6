// Renders a FormDocument to PDF with embedded (subset) DejaVu fonts, so Vietnamese text prints on any machine and
// stays extractable and searchable. The fonts come from an npm package, so no system font is needed.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { NATIONAL_MOTTO, type FormBlock, type FormDocument } from '../../domain/form-document.js';

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONTS = {
  regular: join(fontDir, 'DejaVuSerif.ttf'),
  bold: join(fontDir, 'DejaVuSerif-Bold.ttf'),
  italic: join(fontDir, 'DejaVuSerif-Italic.ttf'),
};

const MARGIN = 50;
const BASE = 10.5;

type Doc = PDFKit.PDFDocument;

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

function header(doc: Doc, form: FormDocument): void {
  const width = doc.page.width - 2 * MARGIN;
  const half = width * 0.45;
  const top = doc.y;
  doc.font('regular').fontSize(8).text(form.formNumber, MARGIN, top - 22, { width, align: 'right' });
  doc.font('bold').fontSize(BASE - 1);
  let left = top;
  form.header.agencyLines.forEach((line, i) => {
    doc.font(i === form.header.agencyLines.length - 1 ? 'bold' : 'regular').text(line, MARGIN, left, { width: half, align: 'center' });
    left = doc.y;
  });
  if (form.header.reference) {
    doc.font('regular').text(form.header.reference, MARGIN, left + 4, { width: half, align: 'center' });
    left = doc.y;
  }
  doc.font('bold').text(NATIONAL_MOTTO[0], MARGIN + width - half - 30, top, { width: half + 30, align: 'center' });
  doc.text(NATIONAL_MOTTO[1], { width: half + 30, align: 'center', underline: true });
  let right = doc.y;
  if (form.header.placeAndDate) {
    doc.font('italic').text(form.header.placeAndDate, MARGIN + width - half - 30, right + 6, { width: half + 30, align: 'center' });
    right = doc.y;
  }
  doc.x = MARGIN;
  doc.y = Math.max(left, right) + 14;
  doc.font('bold').fontSize(BASE + 3).text(form.title.toUpperCase(), MARGIN, doc.y, { width, align: 'center' });
  if (form.subtitle) doc.font('italic').fontSize(BASE).text(form.subtitle, { width, align: 'center' });
  doc.moveDown(0.8);
}

async function block(doc: Doc, b: FormBlock): Promise<void> {
  const width = doc.page.width - 2 * MARGIN;
  doc.x = MARGIN;
  switch (b.kind) {
    case 'paragraph':
      ensureSpace(doc, 30);
      doc.font(b.bold ? 'bold' : b.italic ? 'italic' : 'regular').fontSize(BASE).text(b.text, MARGIN, doc.y, { width, align: b.align ?? 'justify' });
      doc.moveDown(0.4);
      return;
    case 'fields':
      for (const r of b.rows) {
        ensureSpace(doc, 18);
        doc.font('bold').fontSize(BASE).text(`${r.label}: `, MARGIN, doc.y, { continued: true, width });
        doc.font('regular').text(r.value || '…');
      }
      doc.moveDown(0.4);
      return;
    case 'list':
      b.items.forEach((item, i) => {
        ensureSpace(doc, 18);
        doc.font('regular').fontSize(BASE).text(`${b.ordered ? `${i + 1}.` : '–'} ${item}`, MARGIN + 12, doc.y, { width: width - 12 });
      });
      doc.moveDown(0.4);
      return;
    case 'table': {
      const total = b.columns.reduce((s, c) => s + c.width, 0);
      const widths = b.columns.map((c) => (c.width / total) * width);
      const row = (cells: string[], bold: boolean) => {
        doc.font(bold ? 'bold' : 'regular').fontSize(BASE - 1.5);
        const heights = cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 6 }));
        const h = Math.max(...heights) + 6;
        if (doc.y + h > doc.page.height - MARGIN) doc.addPage();
        const y = doc.y;
        let x = MARGIN;
        cells.forEach((c, i) => {
          doc.rect(x, y, widths[i]!, h).stroke();
          doc.text(c, x + 3, y + 3, { width: widths[i]! - 6 });
          x += widths[i]!;
        });
        doc.x = MARGIN;
        doc.y = y + h;
      };
      doc.lineWidth(0.5);
      row(b.columns.map((c) => c.title), true);
      for (const r of b.rows) row(r, false);
      doc.moveDown(0.6);
      return;
    }
    case 'signatures': {
      ensureSpace(doc, 90);
      const w = width / b.blocks.length;
      const y = doc.y + 6;
      let bottom = y;
      b.blocks.forEach((s, i) => {
        const x = MARGIN + i * w;
        doc.font('bold').fontSize(BASE).text(s.title, x, y, { width: w, align: 'center' });
        if (s.note) doc.font('italic').fontSize(BASE - 1.5).text(s.note, x, doc.y, { width: w, align: 'center' });
        if (s.name) doc.font('bold').fontSize(BASE).text(s.name, x, doc.y + 48, { width: w, align: 'center' });
        bottom = Math.max(bottom, doc.y);
      });
      doc.x = MARGIN;
      doc.y = bottom + 12;
      return;
    }
    case 'qr': {
      const size = 84;
      ensureSpace(doc, size + 24);
      const qr = QRCode.create(b.text, { errorCorrectionLevel: 'M' });
      const n = qr.modules.size;
      const cell = size / n;
      const x0 = MARGIN;
      const y0 = doc.y;
      doc.save();
      for (let r = 0; r < n; r++)
        for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) doc.rect(x0 + c * cell, y0 + r * cell, cell, cell);
      doc.fill('#000');
      doc.restore();
      doc.font('regular').fontSize(BASE - 2).text(b.caption, x0 + size + 10, y0 + 10, { width: width - size - 10 });
      doc.text(b.text, { width: width - size - 10 });
      doc.x = MARGIN;
      doc.y = y0 + size + 10;
      return;
    }
  }
}

export async function renderFormPdf(form: FormDocument, meta: { author?: string } = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: form.landscape ? 'landscape' : 'portrait',
    margins: { top: MARGIN + 10, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: { Title: form.title, Author: meta.author ?? 'Một Cửa', Creator: 'Một Cửa', Subject: form.formNumber },
    lang: 'vi',
    pdfVersion: '1.7',
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.registerFont('italic', FONTS.italic);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  header(doc, form);
  for (const b of form.blocks) await block(doc, b);
  doc.end();
  return done;
}
