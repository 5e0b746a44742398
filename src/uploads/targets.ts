// Upload URLs: the token in /uploads/<token> is the credential. It is signed (HMAC-SHA256 with GATEWAY_UPLOAD_SECRET,
// so every instance accepts every instance's), bound to the customer, the connectFi document and the flow, and
// expires after UPLOAD_URL_TTL_S. Single use is enforced by the upload route when the upload succeeds.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Which connectFi endpoint receives the file. */
export type UploadFlow = 'kyc' | 'akepa';

export interface UploadGrant {
  flow: UploadFlow;
  customerId: string;
  documentId: string;
  /** akepa: the document's declared extension (jpg | png); the file's content must match it. */
  extension?: 'jpg' | 'png';
  /** Epoch seconds. */
  expiresAt: number;
  /** Random, so two URLs for the same document differ (and single use is per URL). */
  nonce: string;
}

export interface UploadTarget {
  documentId: string;
  url: string;
  method: 'POST';
  fileField: 'file';
  maxBytes: number;
  acceptedContentTypes: string[];
  expiresAt: string;
}

export const FILE_FIELD = 'file';

/** MIME types by flow: the deprecated flow takes any image or PDF connectFi accepts; akepa the declared extension. */
export function acceptedContentTypes(grant: Pick<UploadGrant, 'flow' | 'extension'>): string[] {
  if (grant.flow === 'akepa') return [grant.extension === 'png' ? 'image/png' : 'image/jpeg'];
  return ['image/png', 'image/jpeg', 'application/pdf'];
}

export class UploadTargets {
  private readonly key: Buffer;

  constructor(
    secret: string | undefined,
    private readonly options: { ttlS: number; maxBytes: number; baseUrl: () => string; now?: () => number },
  ) {
    this.key = secret === undefined ? randomBytes(32) : Buffer.from(secret, 'utf8');
  }

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  issue(grant: Omit<UploadGrant, 'expiresAt' | 'nonce'>): UploadTarget {
    const expiresAt = Math.floor(this.now() / 1000) + this.options.ttlS;
    const token = this.sign({ ...grant, expiresAt, nonce: randomBytes(9).toString('base64url') });
    return {
      documentId: grant.documentId,
      url: `${this.options.baseUrl()}/uploads/${token}`,
      method: 'POST',
      fileField: FILE_FIELD,
      maxBytes: this.options.maxBytes,
      acceptedContentTypes: acceptedContentTypes(grant),
      expiresAt: new Date(expiresAt * 1000).toISOString(),
    };
  }

  /** The grant a token carries, or undefined when it is malformed, forged or expired. */
  verify(token: string): UploadGrant | undefined {
    const dot = token.indexOf('.');
    if (dot <= 0 || token.length > 2048) return undefined;
    const payload = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = this.mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let grant: UploadGrant;
    try {
      grant = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as UploadGrant;
    } catch {
      return undefined;
    }
    return grant.expiresAt > this.now() / 1000 ? grant : undefined;
  }

  private sign(grant: UploadGrant): string {
    const payload = Buffer.from(JSON.stringify(grant)).toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(`upload/v1\u0000${payload}`).digest();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
