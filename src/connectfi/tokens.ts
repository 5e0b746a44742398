// Caches connectFi's token until shortly before dtsExpireAt and shares one login among concurrent callers.
import type { WireToken } from './wire.js';

const MAX_REFRESH_MARGIN_MS = 60_000;
const FALLBACK_LIFETIME_MS = 60_000; // when dtsExpireAt cannot be read, do not trust the token for long

/** Where the client gets its connectFi token: this process's TokenCache, or one shared through Redis (shared-token.ts). */
export interface TokenSource {
  get(): Promise<string>;
  /** The current token when it is valid now, without waiting (the hot path skips a promise). */
  peek(): string | undefined;
  /** Forget a token connectFi refused (401), unless a newer one has already replaced it. */
  invalidate(token: string): void | Promise<void>;
}

export type TokenSourceFactory = (login: () => Promise<WireToken>) => TokenSource;

/** When to refresh a token issued at `issuedAt`: a tenth of its lifetime early (at most a minute), so it never expires in flight. */
export function refreshTime(issuedAt: number, dtsExpireAt: string): { refreshAt: number; expiresAt: number } {
  const parsed = Date.parse(dtsExpireAt);
  const lifetime = Number.isFinite(parsed) ? parsed - issuedAt : FALLBACK_LIFETIME_MS;
  return { refreshAt: issuedAt + lifetime - Math.min(MAX_REFRESH_MARGIN_MS, lifetime / 10), expiresAt: issuedAt + lifetime };
}

export class TokenCache implements TokenSource {
  private current?: { token: string; refreshAt: number };
  private pending?: Promise<string>;

  constructor(
    private readonly login: () => Promise<WireToken>,
    private readonly now: () => number = Date.now,
  ) {}

  peek(): string | undefined {
    return this.current && this.now() < this.current.refreshAt ? this.current.token : undefined;
  }

  /** A valid token; concurrent callers share a single login (single flight). */
  get(): Promise<string> {
    const token = this.peek();
    if (token !== undefined) return Promise.resolve(token);
    this.pending ??= this.refresh().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forget a token connectFi refused, unless a newer one has already replaced it. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }

  private async refresh(): Promise<string> {
    const issuedAt = this.now();
    const { token, dtsExpireAt } = await this.login();
    this.current = { token, refreshAt: refreshTime(issuedAt, dtsExpireAt).refreshAt };
    return token;
  }
}
