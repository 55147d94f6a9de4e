import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { sendWebhook } from '../src/webhooks/use-cases/send';
import { newWebhookSecret, seal, unseal } from '../src/webhooks/use-cases/secret-box';

// The HTTP side of a delivery, against a local server: no hub needed.
const LOCAL = { allowHttp: true, allowPrivate: true };
const secret = newWebhookSecret();
let server: http.Server;
let hits: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

function url(path: string, host = '127.0.0.1'): string {
  return `http://${host}:${(server.address() as AddressInfo).port}${path}`;
}

const message = (target: string) => ({ url: target, messageId: 'msg_test_1', body: JSON.stringify({ type: 'WEBHOOK_TEST', data: {} }), secrets: [secret] });

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url === '/redirect') res.writeHead(302, { location: url('/elsewhere') }).end();
      else if (req.url === '/large') res.writeHead(200).end('y'.repeat(100_000));
      else if (req.url === '/silent') return; // never answers
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
beforeEach(() => (hits = []));
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('sendWebhook', () => {
  it('POSTs a body the receiver verifies with standardwebhooks', async () => {
    const result = await sendWebhook(message(url('/ok')), LOCAL, 5000);
    expect(result).toMatchObject({ ok: true, statusCode: 204, error: null });
    const [hit] = hits;
    expect(() => new Webhook(secret).verify(hit!.body, hit!.headers as Record<string, string>)).not.toThrow();
  });

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    const result = await sendWebhook(message(url('/redirect')), LOCAL, 5000);
    expect(result).toMatchObject({ ok: false, statusCode: 302 });
    expect(hits.map((h) => h.path)).toEqual(['/redirect']);
  });

  it('keeps only the first kilobyte of a large answer', async () => {
    const result = await sendWebhook(message(url('/large')), LOCAL, 5000);
    expect(result.ok).toBe(true);
    expect(result.body).toHaveLength(1024);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const result = await sendWebhook(message(url('/silent')), LOCAL, 300);
    expect(result).toMatchObject({ ok: false, statusCode: null });
    expect(result.error).toMatch(/no answer within 300 ms/);
  });

  it('refuses at delivery time a name or address that is private, and plain http where not allowed', async () => {
    const byName = await sendWebhook(message(url('/ok', 'localhost')), { allowHttp: true, allowPrivate: false }, 5000);
    expect(byName.ok).toBe(false);
    expect(byName.error).toMatch(/private, loopback or link-local/);
    const byAddress = await sendWebhook(message(url('/ok')), { allowHttp: true, allowPrivate: false }, 5000);
    expect(byAddress.error).toMatch(/private, loopback or link-local/);
    const plain = await sendWebhook(message(url('/ok')), { allowHttp: false, allowPrivate: true }, 5000);
    expect(plain.error).toMatch(/http: is not allowed/);
    expect(hits).toHaveLength(0);
  });
});

describe('secret box', () => {
  it('seals with a key and opens with it; without a key the secret is kept as is', () => {
    const key = 'k'.repeat(40);
    const sealed = seal(secret, key);
    expect(sealed).not.toContain(secret);
    expect(unseal(sealed, key)).toBe(secret);
    expect(() => unseal(sealed, 'x'.repeat(40))).toThrow();
    expect(seal(secret, null)).toBe(secret);
  });
});
