// Values the gateway keeps in Redis are sealed (AES-256-GCM) with a key derived from a secret every instance
// already has (the connectFi password), so reading Redis alone gives neither a connectFi token nor the KYC data in
// idempotency records. A value sealed under other credentials (a rotated password) simply does not open.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export class Sealer {
  private readonly key: Buffer;

  /** `salt` scopes the key (e.g. connectFi URL and login), `purpose` separates uses (token, records). */
  constructor(secret: string, salt: string, purpose: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, salt, purpose, 32));
  }

  seal(text: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The text, or undefined when `sealed` was not sealed with this key or was altered. */
  open(sealed: string): string | undefined {
    try {
      const bytes = Buffer.from(sealed, 'base64url');
      if (bytes.length < 28) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
