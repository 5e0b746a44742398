import http from 'node:http';
import https from 'node:https';
import fetch from 'node-fetch';
import { classifyTransportError, type Transport } from './transport.js';

export function createNodeFetchTransport(maxSockets: number): Transport {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets }),
    'https:': new https.Agent({ keepAlive: true, maxSockets }),
  };
  return {
    async send({ method, url, headers, body, timeoutMs }) {
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const response = await fetch(url, {
          method,
          headers,
          body,
          signal,
          agent: (parsed: URL) => agents[parsed.protocol as keyof typeof agents],
        });
        return { status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') ?? undefined };
      } catch (error) {
        throw classifyTransportError(error, signal.aborted);
      }
    },
    async close() {
      for (const agent of Object.values(agents)) agent.destroy();
    },
  };
}
