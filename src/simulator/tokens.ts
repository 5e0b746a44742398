// Access tokens from POST /auth/get-token (docs/connectfi-api.md 2.1, 2.2 and the section 8 defaults).
import { randomAlnum } from './ids.js';

export interface IssuedToken {
  token: string;
  dtsExpireAt: string;
}

export class TokenStore {
  /** token -> expiry (epoch ms). A forgotten token and an expired one both answer 401, so expiring = deleting. */
  private readonly expiry = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly revokeOnLogin: boolean,
  ) {}

  issue(): IssuedToken {
    const now = Date.now();
    if (this.revokeOnLogin) this.expiry.clear();
    else for (const [token, expiresAt] of this.expiry) if (expiresAt <= now) this.expiry.delete(token); // keep the map small
    const token = randomAlnum(66); // every documented token is 66 alphanumerics
    const expiresAt = now + this.ttlMs;
    this.expiry.set(token, expiresAt);
    return { token, dtsExpireAt: new Date(expiresAt).toISOString() };
  }

  isValid(token: string | undefined): boolean {
    if (token === undefined) return false;
    const expiresAt = this.expiry.get(token);
    return expiresAt !== undefined && expiresAt > Date.now();
  }

  expire(token: string): void {
    this.expiry.delete(token);
  }

  expireAll(): void {
    this.expiry.clear();
  }
}
