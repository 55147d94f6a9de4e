import type { EntityManager } from '@mikro-orm/postgresql';
import { LRUCache } from 'lru-cache';
import { Account } from '../entities/account';
import { ApiToken } from '../entities/api-token';
import type { Viewer } from '../rules/viewer';
import { generateTokenSecret, hashTokenSecret } from '../rules/token-secret';
import { noteTokensChanged } from '../../common/request-scope';

export interface IssuedToken {
  token: ApiToken;
  /** The secret itself: shown once, never stored. */
  secret: string;
}

export interface IssueTokenOptions {
  label?: string;
  expiresAt?: Date;
  /** A chosen secret (the demo network's well-known tokens); random otherwise. */
  secret?: string;
}

/** Creates a bearer token for `account` and returns its secret once. Flushes. */
export async function issueToken(em: EntityManager, account: Account, options: IssueTokenOptions = {}): Promise<IssuedToken> {
  const secret = options.secret ?? generateTokenSecret();
  const token = em.create(ApiToken, {
    account,
    tokenHash: hashTokenSecret(secret),
    prefix: secret.slice(0, 12),
    label: options.label ?? null,
    expiresAt: options.expiresAt ?? null,
  });
  await em.flush();
  return { token, secret };
}

/**
 * Revokes one token by id, or every token of an account; returns how many were revoked. The instance serving the
 * request forgets its cached viewers before it answers (common/request-scope.ts); the others on the NOTIFY.
 */
export async function revokeTokens(em: EntityManager, where: { tokenId: number } | { accountId: number }): Promise<number> {
  const filter = 'tokenId' in where ? { id: where.tokenId } : { account: where.accountId };
  noteTokensChanged();
  return em.nativeUpdate(ApiToken, { ...filter, revokedAt: null }, { revokedAt: new Date() });
}

/**
 * The viewer behind a token hash, with the token's expiry, if the token exists, is neither revoked nor expired, and
 * its account is active. Every request not served from the viewer cache starts here: one plain-row statement.
 */
export async function findViewerByTokenHash(em: EntityManager, tokenHash: string): Promise<{ viewer: Viewer; expiresAt: Date | string | null } | null> {
  // Timestamps come back as the driver gives them (a string here, MikroORM's setting).
  const [row] = await em.getConnection().execute<(Viewer & { expiresAt: Date | string | null })[]>(
    `select a.id as "accountId", t.id as "tokenId", a.email, a.display_name as "displayName", a.role,
            a.structure_id as "structureId", a.company_id as "companyId", a.participant_id as "participantId",
            t.expires_at as "expiresAt"
     from api_token t join account a on a.id = t.account_id
     where t.token_hash = ? and t.revoked_at is null and (t.expires_at is null or t.expires_at > now()) and a.disabled_at is null`,
    [tokenHash],
  );
  if (!row) return null;
  const { expiresAt, ...viewer } = row;
  return { viewer, expiresAt };
}

/** The viewer behind a bearer secret (see findViewerByTokenHash). */
export async function findViewerByTokenSecret(em: EntityManager, secret: string): Promise<Viewer | null> {
  return (await findViewerByTokenHash(em, hashTokenSecret(secret)))?.viewer ?? null;
}

/** Of these token ids, those no longer valid: revoked, expired, or of a disabled account. */
export async function invalidTokenIds(em: EntityManager, tokenIds: readonly number[]): Promise<Set<number>> {
  if (tokenIds.length === 0) return new Set();
  const rows = await em.getConnection().execute<{ id: number }[]>(
    `select t.id from api_token t join account a on a.id = t.account_id
     where t.id in (${tokenIds.map(() => '?').join(', ')})
       and (t.revoked_at is not null or t.expires_at <= now() or a.disabled_at is not null)`,
    [...tokenIds],
  );
  return new Set(rows.map((r) => r.id));
}

/** Runs one SQL statement (a `pg` Pool): the recorder writes outside the ORM and outside the request's statements. */
export interface SqlRunner {
  query(text: string, values: unknown[]): Promise<unknown>;
}

/** `api_token.last_used_at` is kept to the minute: precise enough to spot unused tokens, cheap enough per request. */
const LAST_USED_RESOLUTION_MS = 60_000;
/** Tokens whose last write this instance remembers; past this many (a flood of distinct tokens) the least recently used go first. */
const REMEMBERED_TOKENS = 10_000;

/**
 * Records that tokens were used, at most once a minute per token and without a statement in the request: each
 * instance remembers when it last wrote a token, and the UPDATE's own condition keeps several instances from
 * writing it more often between them. The write is not awaited; a failure is reported to `onError`, never to the
 * request.
 */
export class TokenUsageRecorder {
  /** Tokens written within the last LAST_USED_RESOLUTION_MS (lru-cache: an entry lives that long, no longer). */
  private readonly recentlyWritten = new LRUCache<number, true>({ max: REMEMBERED_TOKENS, ttl: LAST_USED_RESOLUTION_MS });

  constructor(
    private readonly sql: SqlRunner,
    private readonly onError: (error: unknown) => void,
  ) {}

  record(tokenId: number): void {
    if (this.recentlyWritten.has(tokenId)) return;
    this.recentlyWritten.set(tokenId, true);
    this.sql
      .query(
        `update api_token set last_used_at = now()
         where id = $1 and (last_used_at is null or last_used_at < now() - make_interval(secs => $2))`,
        [tokenId, LAST_USED_RESOLUTION_MS / 1000],
      )
      .catch(this.onError);
  }
}
