import { LRUCache } from 'lru-cache';
import type { Viewer } from './rules/viewer';

/** How long a cached viewer is trusted without a word from the database (the NOTIFY is the real invalidation). */
const TTL_MS = 60_000;
/** Distinct tokens remembered; past this (a flood of tokens) the least recently used are forgotten first. */
const MAX_ENTRIES = 10_000;

interface Entry {
  viewer: Viewer;
  /** The token's own expiry, checked on every use. */
  expiresAt: number | null;
}

/**
 * The viewers of recently used tokens, by token hash, so that a request costs no authentication statement. Cleared
 * whenever the database says a token or account changed (NOTIFY `relais_tokens`, Migration20261123140000), and when
 * the listening connection is lost (a change could have been missed); an entry is also dropped after TTL_MS
 * (lru-cache: bounded in entries, each with its time to live).
 */
export class ViewerCache {
  private readonly entries = new LRUCache<string, Entry>({ max: MAX_ENTRIES, ttl: TTL_MS });
  private clears = 0;

  /**
   * Taken before reading a viewer from the database and handed back to `set`: a viewer read before a clear is not
   * cached after it (the read may predate the revocation the clear was for).
   */
  get generation(): number {
    return this.clears;
  }

  get(tokenHash: string, now = Date.now()): Viewer | null {
    const entry = this.entries.get(tokenHash);
    if (!entry) return null;
    if (entry.expiresAt !== null && entry.expiresAt <= now) {
      this.entries.delete(tokenHash);
      return null;
    }
    return entry.viewer;
  }

  set(tokenHash: string, viewer: Viewer, expiresAt: Date | string | null, generation: number): void {
    if (generation !== this.clears) return;
    this.entries.set(tokenHash, { viewer, expiresAt: expiresAt === null ? null : new Date(expiresAt).getTime() });
  }

  clear(): void {
    this.clears += 1;
    this.entries.clear();
  }
}
