import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import fetch from 'node-fetch';
import { classifyTransportError, type Transport } from './transport.js';

export function createNodeFetchTransport(maxSockets: number): Transport {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets }),
    'https:': new https.Agent({ keepAlive: true, maxSockets }),
  };
  return {
    async send({ method, url, headers, body, timeoutMs }) {
      // A JSON call is small: one limit on the whole exchange. A streamed body may take long: a limit on each pause.
      const timeout = typeof body === 'object' ? idleTimeout(timeoutMs, body) : { signal: AbortSignal.timeout(timeoutMs), clear() {} };
      try {
        const response = await fetch(url, {
          method,
          headers,
          body,
          signal: timeout.signal,
          agent: (parsed: URL) => agents[parsed.protocol as keyof typeof agents],
        });
        return { status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') ?? undefined };
      } catch (error) {
        throw classifyTransportError(error, timeout.signal.aborted, body);
      } finally {
        timeout.clear();
      }
    },
    async close() {
      for (const agent of Object.values(agents)) agent.destroy();
    },
  };
}

/**
 * Aborts after `ms` without progress: no chunk of `body` taken by connectFi, or no answer once it is all sent. As
 * undici does, a body with nothing buffered is waiting on its own source (the uploading client), which is timed there.
 */
function idleTimeout(ms: number, body: Readable): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(function fire() {
    if (!body.readableEnded && body.readableLength === 0 && !body.destroyed) timer.refresh();
    else controller.abort();
  }, ms);
  body.on('data', () => timer.refresh());
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
