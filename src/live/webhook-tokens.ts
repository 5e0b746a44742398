// The secret in a webhook URL. connectFi does not sign webhooks, so the URL it is given is the credential:
// /webhooks/connectfi/<token>, where token = base64url(customerId) "." base64url(HMAC-SHA256(key, customerId)).
// Any instance with the same GATEWAY_WEBHOOK_SECRET verifies any instance's tokens without shared state, and a
// leaked URL speaks for its one customer only. Tokens are never logged.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** connectFi's customer IDs (common-id, and the deprecated endpoints' hyphen). */
const CUSTOMER_ID = /^[0-9A-Za-z_-]{1,64}$/;
const MAC_CHARS = 43; // 32 bytes in base64url, no padding
const MAX_TOKEN_LENGTH = 200;
const PURPOSE = 'connectfi-webhook/v1\u0000';

export class WebhookTokens {
  private readonly key: Buffer;

  /** `secret` unset: a random key, so only this process accepts the URLs it hands out. */
  constructor(secret: string | undefined) {
    this.key = secret === undefined ? randomBytes(32) : Buffer.from(secret, 'utf8');
  }

  tokenFor(customerId: string): string {
    return `${Buffer.from(customerId, 'utf8').toString('base64url')}.${this.mac(customerId).toString('base64url')}`;
  }

  /** The customer a token speaks for, or undefined when it is malformed or its MAC does not match (constant time). */
  customerOf(token: string): string | undefined {
    if (token.length > MAX_TOKEN_LENGTH) return undefined;
    const dot = token.indexOf('.');
    if (dot <= 0 || token.indexOf('.', dot + 1) !== -1) return undefined;
    const encodedMac = token.slice(dot + 1);
    if (encodedMac.length !== MAC_CHARS || !/^[A-Za-z0-9_-]+$/.test(encodedMac)) return undefined;
    const customerId = Buffer.from(token.slice(0, dot), 'base64url').toString('utf8');
    if (!CUSTOMER_ID.test(customerId) || Buffer.from(customerId, 'utf8').toString('base64url') !== token.slice(0, dot)) return undefined;
    const given = Buffer.from(encodedMac, 'base64url');
    return given.length === 32 && timingSafeEqual(given, this.mac(customerId)) ? customerId : undefined;
  }

  private mac(customerId: string): Buffer {
    return createHmac('sha256', this.key).update(PURPOSE).update(customerId).digest();
  }
}
