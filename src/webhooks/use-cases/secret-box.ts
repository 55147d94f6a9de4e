import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Signing secrets must be usable to sign (HMAC), so they cannot be hashed: with RELAIS_WEBHOOK_SECRET_KEY they are
 * stored sealed with AES-256-GCM (`sealed:v1:<iv>:<tag>:<ciphertext>`), and a database dump alone does not give
 * them away. Without a key they are stored as they are (development); sealed values need the key to be read.
 */
const PREFIX = 'sealed:v1:';

const keyOf = (secretKey: string) => createHash('sha256').update(secretKey, 'utf8').digest();

/** A new Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function seal(secret: string, secretKey: string | null): string {
  if (!secretKey) return secret;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secretKey), iv);
  const encrypted = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${encrypted.toString('base64')}`;
}

export function unseal(stored: string, secretKey: string | null): string {
  if (!stored.startsWith(PREFIX)) return stored;
  if (!secretKey) throw new Error('a webhook secret is sealed but RELAIS_WEBHOOK_SECRET_KEY is not set');
  const [iv, tag, data] = stored.slice(PREFIX.length).split(':') as [string, string, string];
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secretKey), Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
}
