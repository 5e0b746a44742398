// Waiting on conditions instead of sleeping: a test waits for what it needs (a counter, a log line, a socket
// state) and fails with a clear message when that never comes, rather than hoping a fixed delay was long enough.
import { readFileSync } from 'node:fs';

/** Far longer than any condition here takes to come true on a loaded machine; only a broken test reaches it. */
export const DEADLINE_MS = 15_000;

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Polls `probe` until `done(value)` holds and returns that value. Throws after `timeoutMs` (measured with
 * performance.now, so a faked Date cannot stop the clock), naming `what` and the last value seen.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => T | Promise<T>,
  done: (value: T) => boolean = Boolean,
  { timeoutMs = DEADLINE_MS, intervalMs = 10 }: WaitOptions = {},
): Promise<T> {
  const stopAt = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (performance.now() > stopAt) {
      throw new Error(`Gave up after ${timeoutMs} ms waiting for ${what}; last value: ${preview(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

// TCP states in /proc/net/tcp (include/net/tcp_states.h).
const ESTABLISHED = '01';
const CLOSE_WAIT = '08';

/**
 * Open client connections (this machine, IPv4) whose remote end is `port`: ESTABLISHED, or CLOSE_WAIT (the peer
 * closed, the local side has not yet noticed). Linux only (/proc/net/tcp), like the soak test's RSS reading.
 */
export function openConnectionsTo(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1).filter((line) => {
    const [, , remote, state] = line.trim().split(/\s+/);
    return remote?.endsWith(`:${hexPort}`) && (state === ESTABLISHED || state === CLOSE_WAIT);
  }).length;
}

/**
 * `promise`'s value, or a failure naming `what` if it has not settled after `timeoutMs`: for an operation that
 * must finish long before some other event (the bound only turns a hang into a clear message).
 */
export async function within<T>(what: string, promise: Promise<T>, timeoutMs = DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
