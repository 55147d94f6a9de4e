import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../../src/access/entities/account';
import { issueToken } from '../../src/access/use-cases/api-tokens';
import { TOKEN_PREFIX } from '../../src/access/rules/token-secret';

/**
 * Bearer tokens for the workloads, issued by the hub's own `issueToken` (src/access/use-cases/api-tokens.ts): only
 * the SHA-256 of each secret is stored. The secrets are derived from the seed and a label, so that the same seed
 * gives the same tokens (the fixture stays valid across regenerations); they open a benchmark database only.
 */
export function benchSecret(seed: number, label: string): string {
  const digest = createHash('sha256').update(`relais-bench\u0000${seed}\u0000${label}`, 'utf8').digest('base64url');
  return `${TOKEN_PREFIX}bench_${digest.slice(0, 40)}`;
}

export interface IssuedBenchToken {
  accountId: number;
  tokenId: number;
  secret: string;
}

/** Issues one token per request, each for the account id given. */
export class TokenIssuer {
  private readonly issued = new Map<string, IssuedBenchToken>();

  constructor(
    private readonly em: EntityManager,
    private readonly seed: number,
  ) {}

  /** The token of `label` for `accountId` (issued once per label). */
  async issue(label: string, accountId: number): Promise<IssuedBenchToken> {
    const known = this.issued.get(label);
    if (known) {
      if (known.accountId !== accountId) throw new Error(`token ${label} issued for account ${known.accountId}, asked for ${accountId}`);
      return known;
    }
    const account = await this.em.findOneOrFail(Account, accountId);
    const { token, secret } = await issueToken(this.em, account, { secret: benchSecret(this.seed, label), label: `bench ${label}` });
    const result = { accountId, tokenId: token.id, secret };
    this.issued.set(label, result);
    return result;
  }

  get count(): number {
    return this.issued.size;
  }
}
