// Embedded connectFi simulator on plain node:http, used by `npm start`, the tests and the benchmarks. Faithful to the
// connectFi reference (docs/connectfi-api.md); where it is silent, docs/simulator-assumptions.md says what we chose. Hot path: no
// logging (bodies carry names and documents; tokens and passwords are secrets), one JSON.parse and one
// JSON.stringify per request.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AkepaStore } from './akepa.js';
import { handleControl } from './control.js';
import type { FaultRule } from './faults.js';
import { FaultInjector, type FaultPlan } from './faults.js';
import type { Context, Reply } from './handlers.js';
import { unauthorized, validationError } from './handlers.js';
import { newRequestId } from './ids.js';
import { KycReview } from './review.js';
import type { RouteMatch } from './routes.js';
import { UPLOAD_ROUTE_KEYS, matchRoute, recordable } from './routes.js';
import { CustomerStore, DEMO_CUSTOMERS } from './state.js';
import type { DemoCustomer } from './state.js';
import { Stats } from './stats.js';
import type { RouteStats } from './stats.js';
import { TokenStore } from './tokens.js';
import { CUT, NOT_MULTIPART, readUpload } from './uploads.js';
import { WebhookSender } from './webhooks.js';

export type { DemoCustomer } from './state.js';
export type { FaultRule } from './faults.js';

export interface SimulatorOptions {
  host?: string;
  port?: number;
  login?: string;
  password?: string;
  tokenTtlMs?: number;
  /** false (default): a new login keeps older tokens valid (docs/connectfi-api.md 8). */
  revokeOnLogin?: boolean;
  seedDemoCustomers?: boolean;
  /**
   * Deprecated flow: how long the "review" takes once every requested attribute and document is in, before KYC
   * becomes APPROVED and the webhook goes out. null = never on its own, only POST /__sim/kyc/review. Default 2000.
   */
  kycReviewDelayMs?: number | null;
  /** Largest file an upload accepts (connectFi publishes no limit); default 10 MiB. */
  maxUploadBytes?: number;
}

export interface Simulator {
  /** No trailing slash, e.g. http://127.0.0.1:43123 */
  url: string;
  port: number;
  demoCustomers: DemoCustomer[];
  /** Stops listening and destroys open (keep-alive) sockets, so it resolves promptly. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20; // far above any real request; stops a runaway client from filling memory
const UNKNOWN_ROUTE = 'unknown'; // stats key for paths that answer 404
const NOT_JSON = Symbol('not JSON'); // also a malformed multipart body: both answer requestValidateError []

/**
 * The raw body, or undefined when it exceeds MAX_BODY_BYTES (the rest is drained, not kept), or CUT when a fault
 * hung up after cutAfter bytes.
 */
function readText(req: IncomingMessage, cutAfter?: number): Promise<string | undefined | typeof CUT> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      if (cutAfter !== undefined && size >= cutAfter) {
        req.socket.destroy();
        resolve(CUT);
      }
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks, size).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return NOT_JSON;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

function send(res: ServerResponse, status: number, body: object, headers?: Record<string, string>): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

/** Fault 'truncate': promise more bytes than are sent, send half, then drop the connection. */
function sendTruncated(res: ServerResponse, status: number, body: object): void {
  const json = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': json.length * 2 });
  res.write(json.subarray(0, json.length >> 1), () => res.destroy());
}

/** The simulator's request handling: one instance per simulator, its state in `ctx`. */
class SimulatorServer {
  readonly ctx: Context;
  readonly faults = new FaultInjector();
  private readonly timers = new Set<NodeJS.Timeout>(); // pending injected latencies, cleared by close()

  constructor(options: SimulatorOptions, seed: boolean) {
    const webhooks = new WebhookSender();
    this.ctx = {
      tokens: new TokenStore(options.tokenTtlMs ?? 3_600_000, options.revokeOnLogin ?? false),
      customers: new CustomerStore(seed),
      stats: new Stats(UPLOAD_ROUTE_KEYS),
      akepa: new AkepaStore(),
      webhooks,
      review: new KycReview(options.kycReviewDelayMs === undefined ? 2_000 : options.kycReviewDelayMs, webhooks),
      login: options.login ?? 'demo',
      password: options.password ?? 'demo-password',
      maxUploadBytes: options.maxUploadBytes ?? 10 * 1024 * 1024,
    };
  }

  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (path.startsWith('/__sim/')) return this.serveControl(req, res, path, q === -1 ? '' : url.slice(q + 1));

    const { stats } = this.ctx;
    const match = matchRoute(req.method, path);
    const route = stats.begin(match ? match.route.key : UNKNOWN_ROUTE);
    stats.recordTraceparent(route, req.headers.traceparent);
    res.once('close', () => stats.end(route)); // fires on normal end and on a dropped socket alike
    const respond = (reply: Reply, headers?: Record<string, string>) => {
      if (res.destroyed) return; // client gone (e.g. it timed out during injected latency)
      stats.responded(route, reply.status);
      send(res, reply.status, reply.body, headers);
    };
    if (!match) return respond({ status: 404, body: { code: 'notFound', requestId: newRequestId() } });

    const plan = this.faults.plan(match.route.key); // before the body: a reset may cut it mid-stream
    const body = await this.readBody(req, match, route, plan?.action);
    if (body === CUT) return; // the socket is gone: nothing to answer
    const header = req.headers['x-connectfi-token'];
    const token = typeof header === 'string' ? header : undefined;
    if (plan !== undefined && (await this.injected(plan, req, token, respond))) return;

    const reply = this.perform(match, token, body);
    if (plan?.action?.kind === 'truncate' && !res.destroyed) {
      stats.responded(route, reply.status);
      return sendTruncated(res, reply.status, reply.body);
    }
    respond(reply);
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.ctx.review.clear();
    this.ctx.webhooks.close();
  }

  /** Applies a fault plan's latency and action; true when the fault answered (or dropped) the request itself. */
  private async injected(plan: FaultPlan, req: IncomingMessage, token: string | undefined, respond: (reply: Reply, headers?: Record<string, string>) => void): Promise<boolean> {
    if (plan.latencyMs > 0) await this.delay(plan.latencyMs);
    const action = plan.action;
    switch (action?.kind) {
      case 'status': {
        const status = action.status ?? 500;
        const code = status === 429 ? 'tooManyRequests' : 'internalError'; // connectFi documents neither body
        respond({ status, body: { code, requestId: newRequestId() } }, action.retryAfterS === undefined ? undefined : { 'retry-after': String(action.retryAfterS) });
        return true;
      }
      case 'extAkepa':
        respond({ status: 400, body: { requestId: newRequestId(), code: 'extAkepa', message: 'Back-office error.' } });
        return true;
      case 'reset':
        req.socket.destroy(); // after the body arrived, before doing anything
        return true;
      case 'expireToken':
        if (token !== undefined) this.ctx.tokens.expire(token);
        return false;
      default:
        return false;
    }
  }

  /** Token first (a 401 means nothing was done, docs/connectfi-api.md 8), then the body, then the endpoint. */
  private perform(match: RouteMatch, token: string | undefined, body: unknown): Reply {
    if (match.route.auth && !this.ctx.tokens.isValid(token)) return unauthorized(true);
    if (body === NOT_JSON) return validationError([]);
    return match.route.handle(this.ctx, body, match.params);
  }

  /** JSON or multipart as the route says; bodies are recorded as they arrive, before any fault. */
  private async readBody(req: IncomingMessage, match: RouteMatch, route: RouteStats, action?: FaultRule): Promise<unknown> {
    const { stats } = this.ctx;
    const cutAfter = action?.kind === 'reset' ? action.afterBytes : undefined;
    if (match.route.body === 'none') return undefined;
    if (match.route.body === 'json') {
      const text = await readText(req, cutAfter);
      if (text === CUT) return CUT;
      const body = parseJson(text);
      if (body !== NOT_JSON) stats.record(route, recordable(match.route, body, match.params));
      return body;
    }
    const key = match.route.key;
    const upload = await readUpload(req, { maxFileBytes: this.ctx.maxUploadBytes, cutAfter, onBytes: (n) => stats.received(key, n) });
    if (upload === CUT || upload === NOT_MULTIPART) return upload === CUT ? CUT : NOT_JSON;
    stats.record(route, recordable(match.route, upload, match.params));
    return upload;
  }

  private async serveControl(req: IncomingMessage, res: ServerResponse, path: string, query: string): Promise<void> {
    const text = req.method === 'POST' ? await readText(req) : '';
    if (text === CUT) return; // never: control requests are not faulted
    const body = text === '' ? {} : parseJson(text);
    if (body === NOT_JSON) return send(res, 400, { code: 'badRequest', message: 'body is not JSON' });
    const reply = handleControl({ ...this.ctx, faults: this.faults }, req.method, path, query, body);
    send(res, reply.status, reply.body);
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const seed = options.seedDemoCustomers ?? true;
  const simulator = new SimulatorServer(options, seed);
  const server = createServer((req, res) => {
    simulator.serve(req, res).catch(() => {
      // An aborted upload or a bug: never crash the process, never log the request.
      if (!res.headersSent && !res.destroyed) send(res, 500, { code: 'internalError', requestId: newRequestId() });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    demoCustomers: seed ? DEMO_CUSTOMERS.map((c) => ({ ...c })) : [],
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        simulator.close();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
