// A multipart/form-data body as a browser sends it, for pages and API routes that take uploads.
import { randomBytes } from 'node:crypto';

export interface Upload {
  field: string;
  name: string;
  type: string;
  bytes: Buffer;
}

export function multipart(fields: Record<string, string>, files: Upload[] = []): { payload: Buffer; type: string } {
  const boundary = `----motcua${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`));
    chunks.push(f.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}
