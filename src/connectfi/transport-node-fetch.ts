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
    async send({ method, url, headers, body, signal }) {
      try {
        const response = await fetch(url, {
          method,
          headers,
          body,
          // node-fetch declares its own AbortSignal type; Node's is compatible at run time.
          signal: signal as Parameters<typeof fetch>[1] extends infer I ? I extends { signal?: infer S } ? S : never : never,
          agent: (parsed: URL) => agents[parsed.protocol as keyof typeof agents],
        });
        return { status: response.status, body: await response.text() };
      } catch (error) {
        throw classifyTransportError(error, signal);
      }
    },
    async close() {
      for (const agent of Object.values(agents)) agent.destroy();
    },
  };
}
