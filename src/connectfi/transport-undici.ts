import { Agent, request } from 'undici';
import { classifyTransportError, type Transport } from './transport.js';

export function createUndiciTransport(maxSockets: number): Transport {
  const agent = new Agent({ connections: maxSockets, keepAliveTimeout: 4_000 });
  return {
    async send({ method, url, headers, body, signal }) {
      try {
        const response = await request(url, { method, headers, body, signal, dispatcher: agent });
        return { status: response.statusCode, body: await response.body.text() };
      } catch (error) {
        throw classifyTransportError(error, signal);
      }
    },
    close: () => agent.close(),
  };
}
