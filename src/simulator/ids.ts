// Random identifiers in the shapes connectFi uses on the wire (docs/connectfi-api.md 1.5, 1.7, 2.1).
import { randomBytes, randomUUID } from 'node:crypto';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random [0-9A-Za-z] string; rejection sampling keeps all 62 characters equally likely. */
export function randomAlnum(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      const v = byte & 63;
      if (v < 62 && out.length < length) out += ALNUM[v];
    }
  }
  return out;
}

/** 32 lowercase hex characters, like connectFi's requestIds. A v4 UUID minus dashes is exactly that, and cheap (pooled entropy). */
export function newRequestId(): string {
  return randomUUID().replaceAll('-', '');
}
