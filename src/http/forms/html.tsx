// The printable HTML version of a FormDocument: same content as the PDF, a print stylesheet, no script.
import QRCode from 'qrcode';
import { NATIONAL_MOTTO, type FormBlock, type FormDocument } from '../../domain/form-document.js';
import { raw, type Child, type SafeHtml } from '../jsx/jsx-runtime.js';

const PRINT_CSS = `
body{font:12.5pt/1.45 "Times New Roman","DejaVu Serif",serif;color:#000;background:#fff;max-width:190mm;margin:10mm auto;padding:0 8mm}
.form-no{text-align:right;font-size:9pt}.head{display:flex;justify-content:space-between;gap:12px;text-align:center}
.head div{flex:1}.motto2{text-decoration:underline}.date{font-style:italic}
h1{text-align:center;font-size:14pt;margin:14px 0 2px;text-transform:uppercase}.subtitle{text-align:center;font-style:italic;margin:0 0 10px}
table{border-collapse:collapse;width:100%;font-size:10.5pt;margin:6px 0}td,th{border:1px solid #000;padding:3px 4px;vertical-align:top}th{background:#eee}
.fields p{margin:2px 0}.sig{display:flex;justify-content:space-around;text-align:center;margin-top:16px;min-height:110px}.sig div{flex:1}
.qr{display:flex;gap:10px;align-items:center;font-size:9.5pt}.qr svg{width:28mm;height:28mm}
.noprint{margin:8px 0;font-family:system-ui,sans-serif}
@media print{.noprint{display:none}body{margin:0}}
@page{size:A4;margin:15mm}
`;

function qrSvg(text: string): string {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  let path = '';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) path += `M${c} ${r}h1v1h-1z`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 ${n + 4} ${n + 4}" role="img" aria-label="QR"><rect x="-2" y="-2" width="${n + 4}" height="${n + 4}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}

/** A form's table block; the tracking-book page shows the same table on screen, with its own class and caption. */
export function FormTable({ b, class: cls, caption }: { b: Extract<FormBlock, { kind: 'table' }>; class?: string; caption?: Child }) {
  return (
    <table class={cls}>
      {caption}
      <thead>
        <tr>
          {b.columns.map((c) => (
            <th scope="col">{c.title}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {b.rows.map((r) => (
          <tr>
            {r.map((c) => (
              <td>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Block({ b }: { b: FormBlock }) {
  switch (b.kind) {
    case 'paragraph':
      return <p style={b.align ? `text-align:${b.align}` : undefined}>{b.bold ? <strong>{b.text}</strong> : b.italic ? <em>{b.text}</em> : b.text}</p>;
    case 'fields':
      return (
        <div class="fields">
          {b.rows.map((r) => (
            <p>
              <strong>{r.label}:</strong> {r.value || '…'}
            </p>
          ))}
        </div>
      );
    case 'list':
      return b.ordered ? (
        <ol>
          {b.items.map((i) => (
            <li>{i}</li>
          ))}
        </ol>
      ) : (
        <ul>
          {b.items.map((i) => (
            <li>{i}</li>
          ))}
        </ul>
      );
    case 'table':
      return <FormTable b={b} />;
    case 'signatures':
      return (
        <div class="sig">
          {b.blocks.map((s) => (
            <div>
              <strong>{s.title}</strong>
              {s.note && (
                <>
                  <br />
                  <em>{s.note}</em>
                </>
              )}
              {s.name && (
                <>
                  <br />
                  <br />
                  <br />
                  <br />
                  <strong>{s.name}</strong>
                </>
              )}
            </div>
          ))}
        </div>
      );
    case 'qr':
      return (
        <div class="qr">
          {raw(qrSvg(b.text))}
          <div>
            {b.caption}
            <br />
            <a href={b.text}>{b.text}</a>
          </div>
        </div>
      );
  }
}

export function renderFormHtml(form: FormDocument, pdfHref?: string): SafeHtml {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="vi">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{form.title}</title>
          <style>{raw(PRINT_CSS)}</style>
        </head>
        <body>
          {pdfHref && (
            <p class="noprint">
              <a href={pdfHref}>Tải bản PDF / Download PDF</a>
            </p>
          )}
          <p class="form-no">{form.formNumber}</p>
          <div class="head">
            <div>
              {form.header.agencyLines.map((l, i) => (i === form.header.agencyLines.length - 1 ? <strong>{l}</strong> : <>{l}</>)).flatMap((x, i) => (i ? [<br />, x] : [x]))}
              {form.header.reference && (
                <>
                  <br />
                  {form.header.reference}
                </>
              )}
            </div>
            <div>
              <strong>{NATIONAL_MOTTO[0]}</strong>
              <br />
              <strong class="motto2">{NATIONAL_MOTTO[1]}</strong>
              {form.header.placeAndDate && (
                <>
                  <br />
                  <span class="date">{form.header.placeAndDate}</span>
                </>
              )}
            </div>
          </div>
          <h1>{form.title}</h1>
          {form.subtitle && <p class="subtitle">{form.subtitle}</p>}
          {form.blocks.map((b) => (
            <Block b={b} />
          ))}
        </body>
      </html>
    </>
  );
}
