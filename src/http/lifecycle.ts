// The HTTP server's life: listen, then on shutdown drain (stop accepting, let requests in flight finish within
// the grace period, closing each connection as it goes idle), then cut whatever is left.
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';

export interface HttpServer {
  url: string;
  port: number;
  /** True once drain() has started: readiness reports it. */
  readonly draining: boolean;
  /** Resolves when every connection is closed; `cut` says whether the grace period ran out first. */
  drain(graceMs: number): Promise<{ cut: boolean }>;
}

/** The server's 'upgrade' listener (WebSocket); upgrades during a drain are refused before it is called. */
export type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export async function listen(listener: RequestListener, host: string, port: number, logger: Logger, upgrade?: UpgradeListener): Promise<HttpServer> {
  let draining = false;
  let inFlight = 0;
  const server: Server = createServer((req, res) => {
    inFlight++;
    res.once('close', () => inFlight--);
    if (draining) res.setHeader('connection', 'close');
    listener(req, res);
  });
  server.keepAliveTimeout = 65_000; // longer than typical load balancers' idle timeout
  if (upgrade) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!draining) return upgrade(req, socket, head);
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    get draining() {
      return draining;
    },
    drain(graceMs) {
      draining = true;
      logger.info({ event: 'gateway.draining', inFlight, graceMs }, 'draining requests in flight');
      return new Promise((resolve) => {
        let cut = false;
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        const force = setTimeout(() => {
          cut = true;
          logger.warn({ event: 'gateway.grace_expired', inFlight }, 'grace period over: closing the remaining connections');
          server.closeAllConnections();
        }, graceMs);
        server.close(() => {
          clearInterval(idle);
          clearTimeout(force);
          resolve({ cut });
        });
        server.closeIdleConnections();
      });
    },
  };
}
