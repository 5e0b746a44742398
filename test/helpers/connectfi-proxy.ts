// A pass-through HTTP proxy between the gateway and the simulator, for the two things the simulator's faults
// cannot do: hold a connectFi call until the test lets it go (so "while the call is still running" is a state
// the test controls, not a latency window it races), and answer a body connectFi's contract allows but the
// simulator never produces. Everything else is forwarded as is, over real HTTP both ways.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitUntil } from './wait.js';

/** Changes a JSON answer before the gateway reads it; return the new body. */
export type Rewrite = (routeKey: string, status: number, body: any) => unknown;

/** "GET /customer/kyc/status/:customerId" for /customer/kyc/status/x, else "METHOD /path" (the simulator's keys). */
function routeKeyOf(method: string, path: string): string {
  return path.startsWith('/customer/kyc/status/') ? `${method} /customer/kyc/status/:customerId` : `${method} ${path}`;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export class ConnectFiProxy {
  /** Calls per route key that reached the proxy (held or not). */
  readonly calls: Record<string, number> = {};
  /**
   * Most calls per route key open at once, from their arrival to their answer: the gateway's own concurrency
   * towards connectFi, since the proxy answers a call only once the simulator has.
   */
  readonly maxConcurrent: Record<string, number> = {};
  private readonly open: Record<string, number> = {};
  private holding = new Set<string>();
  private held: Array<() => void> = [];
  private rewrite: Rewrite | undefined;

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<ConnectFiProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new ConnectFiProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => {
      proxy.forward(target, req, res).catch(() => res.destroy());
    });
    return proxy;
  }

  /** Holds every call to `routeKey` from now on, before it reaches the simulator, until release(). */
  hold(routeKey: string): void {
    this.holding.add(routeKey);
  }

  /** How many calls are being held now. */
  get heldCount(): number {
    return this.held.length;
  }

  /** Waits until `count` calls are held (fails after the helper's deadline). */
  async waitForHeld(count: number): Promise<void> {
    await waitUntil(`${count} held connectFi call(s)`, () => this.heldCount, (n) => n >= count);
  }

  /** Stops holding and lets every held call through. */
  release(): void {
    this.holding.clear();
    const held = this.held;
    this.held = [];
    for (const go of held) go();
  }

  /** Rewrites JSON answers from now on (undefined: stop). */
  rewriteAnswers(rewrite: Rewrite | undefined): void {
    this.rewrite = rewrite;
  }

  async close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async forward(target: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    const path = (req.url ?? '/').split('?', 1)[0];
    const key = routeKeyOf(req.method ?? 'GET', path);
    this.calls[key] = (this.calls[key] ?? 0) + 1;
    this.open[key] = (this.open[key] ?? 0) + 1;
    this.maxConcurrent[key] = Math.max(this.maxConcurrent[key] ?? 0, this.open[key]);
    try {
      await this.pass(key, target, req, body, res);
    } finally {
      this.open[key]--;
    }
  }

  private async pass(key: string, target: string, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    if (this.holding.has(key)) await new Promise<void>((go) => this.held.push(go));
    if (res.destroyed) return; // the gateway gave up meanwhile: nothing reaches the simulator

    const { host: _host, connection: _connection, ...headers } = req.headers;
    const answer = await new Promise<IncomingMessage>((resolve, reject) => {
      const out = request(`${target}${req.url}`, { method: req.method, headers, agent: false }, resolve);
      out.on('error', reject);
      out.end(body);
    });
    let text = (await readAll(answer)).toString('utf8');
    const status = answer.statusCode ?? 502;
    if (this.rewrite && /json/.test(answer.headers['content-type'] ?? '')) {
      text = JSON.stringify(this.rewrite(key, status, JSON.parse(text)));
    }
    if (res.destroyed) return; // the gateway timed out meanwhile
    res.writeHead(status, { 'content-type': answer.headers['content-type'] ?? 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }
}
