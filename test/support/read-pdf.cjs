// Reads a PDF on standard input back to text with pdf-parse (pdf.js), as a reader would, and prints
// { total, pages: [{ num, text }] } as JSON. A process of its own: pdf.js loads its worker with a dynamic import,
// which Jest's module sandbox refuses (test/support/pdf.ts runs this script).
const { PDFParse } = require('pdf-parse');

const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const result = await parser.getText();
    process.stdout.write(JSON.stringify({ total: result.total, pages: result.pages.map((p) => ({ num: p.num, text: p.text })) }));
  } finally {
    await parser.destroy();
  }
});
