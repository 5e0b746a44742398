import { Agent, request } from 'undici';
import { classifyTransportError, type Transport } from './transport.js';

export function createUndiciTransport(maxSockets: number, connectTimeoutMs: number): Transport {
  const agent = new Agent({ connections: maxSockets, keepAliveTimeout: 4_000, connect: { timeout: connectTimeoutMs } });
  return {
    async send({ method, url, headers, body, timeoutMs }) {
      try {
        // undici's own timers: cheaper per call than an AbortSignal.timeout for every request. With a streamed body,
        // headersTimeout also bounds each pause while connectFi does not take it (not a pause of its source).
        const response = await request(url, {
          method, headers, body, dispatcher: agent, headersTimeout: timeoutMs, bodyTimeout: timeoutMs,
        });
        const retryAfter = response.headers['retry-after'];
        return { status: response.statusCode, body: await response.body.text(), retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter };
      } catch (error) {
        throw classifyTransportError(error, false, body);
      }
    },
    close: () => agent.close(),
  };
}
