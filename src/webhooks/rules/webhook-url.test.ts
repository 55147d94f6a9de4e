import { isForbiddenAddress, validateWebhookUrl } from './webhook-url';
import { BadInputError } from '../../common/errors';

const STRICT = { allowHttp: false, allowPrivate: false };

describe('isForbiddenAddress', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip'])(
    'refuses %s',
    (ip) => expect(isForbiddenAddress(ip)).toBe(true),
  );
  it.each(['8.8.8.8', '172.32.0.1', '193.51.24.1', '2a01:e0a::1', '::ffff:8.8.8.8'])('accepts %s', (ip) => expect(isForbiddenAddress(ip)).toBe(false));
});

describe('validateWebhookUrl', () => {
  it('accepts https', () => expect(validateWebhookUrl(' https://partner.example.fr/hook ', STRICT, 'input.url').href).toBe('https://partner.example.fr/hook'));
  it('refuses http unless allowed, naming the field', () => {
    expect(() => validateWebhookUrl('http://partner.example.fr/hook', STRICT, 'input.url')).toThrow(new BadInputError('input.url', 'must be an https URL'));
    expect(validateWebhookUrl('http://partner.example.fr/hook', { ...STRICT, allowHttp: true }, 'input.url').protocol).toBe('http:');
  });
  it.each(['ftp://x.fr/', 'not a url', '', 'https://user:pw@x.fr/', 'https://x.fr/#frag', 'file:///etc/passwd'])('refuses %j', (url) =>
    expect(() => validateWebhookUrl(url, STRICT, 'input.url')).toThrow(BadInputError),
  );
  it('refuses a private IP literal unless allowed', () => {
    expect(() => validateWebhookUrl('https://127.0.0.1:8443/', STRICT, 'input.url')).toThrow(/private, loopback or link-local/);
    expect(() => validateWebhookUrl('https://[::1]/', STRICT, 'input.url')).toThrow(/private/);
    expect(validateWebhookUrl('https://127.0.0.1:8443/', { ...STRICT, allowPrivate: true }, 'input.url').port).toBe('8443');
  });
});
