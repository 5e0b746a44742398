// Reading a request body safely: declared and actual size limits, clients that go away, and JSON nesting bounds
// checked before anything parses or walks the JSON.
import type { IncomingMessage } from 'node:http';

/**
 * Deepest nesting of objects and arrays accepted in a JSON request body (or GET `variables`/`extensions`).
 * The deepest legitimate body is about 22 levels (the envelope, then additionalData, which the gateway caps at
 * 16); without a bound, a 64 KiB body of `[[[[…` nests 30,000 levels deep and overflows the stack of
 * whatever walks it recursively.
 */
export const MAX_JSON_DEPTH = 64;

/** True when the declared Content-Length already exceeds `max` (the body is then not read at all). */
export function declaredTooLarge(req: IncomingMessage, max: number): boolean {
  const declared = req.headers['content-length'];
  return declared !== undefined && Number(declared) > max;
}

/**
 * The whole body as text, or undefined once it exceeds `max` bytes. Past the limit the rest is read and dropped,
 * not buffered (destroying the stream would reset the connection before the client reads the 413).
 */
export function readBody(req: IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    if (req.destroyed) return reject(new ClientAbortedError());
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > max) {
        tooLarge = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new ClientAbortedError());
    });
  });
}

/** The client went away before sending its whole request: nobody is left to answer. */
export class ClientAbortedError extends Error {
  constructor() {
    super('client aborted the request');
  }
}

/** Whether objects and arrays in a JSON text nest deeper than `limit` (a linear scan; strings are skipped). */
export function jsonNestsDeeperThan(text: string, limit: number): boolean {
  // Depth never exceeds the number of opening brackets, and a typical body has a handful: counting them with
  // the native indexOf is ~10x cheaper than the character loop below, which only deeper candidates need.
  if (!opensMoreThan(text, limit)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** More than `limit` `{` and `[` in all, inside strings or not. */
function opensMoreThan(text: string, limit: number): boolean {
  let count = 0;
  for (const opener of ['{', '[']) {
    for (let i = text.indexOf(opener); i !== -1; i = text.indexOf(opener, i + 1)) if (++count > limit) return true;
  }
  return false;
}

/** The JSON-valued GET parameters (`variables`, `extensions`) nest deeper than `limit`. */
export function searchNestsDeeperThan(search: string, limit: number): boolean {
  if (search === '') return false;
  const params = new URLSearchParams(search);
  return ['variables', 'extensions'].some((name) => params.getAll(name).some((value) => jsonNestsDeeperThan(value, limit)));
}

/** application/json, whatever the case and parameters (`Application/JSON; charset=utf-8`). */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === 'application/json') return true; // what nearly every client sends
  return contentType !== undefined && contentType.split(';', 1)[0].trim().toLowerCase() === 'application/json';
}
