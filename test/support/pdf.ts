import { spawn } from 'node:child_process';
import path from 'node:path';

export interface PdfText {
  /** Number of pages. */
  total: number;
  pages: { num: number; text: string }[];
}

/** The text of a PDF, page by page, read back with pdf-parse in a child process (read-pdf.cjs says why). */
export function readPdf(bytes: Uint8Array): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'read-pdf.cjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as PdfText);
      else reject(new Error(`read-pdf.cjs exited with ${code}: ${Buffer.concat(err).toString('utf8')}`));
    });
    child.stdin.end(Buffer.from(bytes));
  });
}
