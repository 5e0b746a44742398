// GraphQL over WebSocket as a client sees it: graphql-ws's createClient with the ws package (Node has no browser
// WebSocket with custom headers), events collected as they arrive, and waits on them (never fixed sleeps).
import { createServer } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { waitUntil } from './wait.js';

export const KYC_UPDATES = /* GraphQL */ `subscription KycUpdates($id: ID!) {
  kycUpdates(customerId: $id) {
    __typename
    ... on KycProcessUpdate { customer { customerId kycStatus } kyc { status attributeCodes } kycDocumentList { id uploadStatus } }
    ... on KycApplicationUpdate { application { applicationId customerId status outcome } }
  }
}`;

export interface ClientOptions {
  /** Sent in connection_init's payload. */
  authorization?: string;
  /** Sent as the upgrade request's Origin header, as a browser would. */
  origin?: string;
}

export interface Closed {
  code: number;
  reason: string;
}

/** One subscription's payloads (`next` messages), its error, and whether it completed. */
export class Feed {
  readonly events: any[] = [];
  error: unknown;
  completed = false;
  dispose: () => void = () => undefined;

  /** The first `count` payloads, once they have arrived. */
  async first(count: number): Promise<any[]> {
    await waitUntil(`${count} subscription event(s)`, () => this.events.length + (this.error || this.completed ? 1_000 : 0), (n) => n >= count);
    if (this.events.length < count) throw new Error(`subscription ended after ${this.events.length} event(s): ${JSON.stringify(this.error ?? 'completed')}`);
    return this.events.slice(0, count);
  }

  /** The first payload after the first `after` ones that matches. */
  async next(matches: (payload: any) => boolean, after = 0): Promise<any> {
    const found = () => this.events.slice(after).find(matches);
    await waitUntil('a matching subscription event', () => found() ?? (this.error || this.completed ? 'ended' : undefined), (v) => v !== undefined);
    const event = found();
    if (event === undefined) throw new Error(`subscription ended first: ${JSON.stringify(this.error ?? 'completed')}`);
    return event;
  }

  /** Resolves once the subscription failed or completed. */
  async ended(): Promise<void> {
    await waitUntil('the subscription to end', () => this.error !== undefined || this.completed);
  }
}

export class LiveClient {
  readonly client: Client;
  closed: Closed | undefined;
  opened = false;

  constructor(httpUrl: string, options: ClientOptions = {}) {
    const headers = options.origin === undefined ? {} : { origin: options.origin };
    class HeaderSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    }
    this.client = createClient({
      url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: HeaderSocket,
      connectionParams: options.authorization === undefined ? undefined : { authorization: options.authorization },
      lazy: true,
      retryAttempts: 0,
      on: {
        opened: () => void (this.opened = true),
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: unknown };
          this.closed = { code, reason: String(reason ?? '') };
        },
      },
    });
  }

  subscribe(query: string, variables: Record<string, unknown>, extra: Record<string, unknown> = {}): Feed {
    const feed = new Feed();
    feed.dispose = this.client.subscribe({ query, variables, ...extra } as { query: string }, {
      next: (payload) => void feed.events.push(payload),
      error: (error) => void (feed.error = error ?? 'error'),
      complete: () => void (feed.completed = true),
    });
    return feed;
  }

  kycUpdates(customerId: string): Feed {
    return this.subscribe(KYC_UPDATES, { id: customerId });
  }

  async waitClosed(): Promise<Closed> {
    return waitUntil('the WebSocket to close', () => this.closed, (c) => c !== undefined) as Promise<Closed>;
  }

  async dispose(): Promise<void> {
    await this.client.dispose();
  }
}

/** The first payload (or error) of one subscription, then the connection is closed. */
export async function subscribeOnce(httpUrl: string, query: string, variables: Record<string, unknown>, authorization?: string): Promise<any> {
  const client = new LiveClient(httpUrl, { authorization });
  const feed = client.subscribe(query, variables);
  try {
    await waitUntil('a first subscription payload', () => feed.events.length > 0 || feed.error !== undefined || feed.completed);
    return feed.events[0] ?? { errors: [feed.error] };
  } finally {
    feed.dispose();
    await client.dispose();
  }
}

/** A loopback port free right now (for a gateway that must know its own URL before it listens). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A metric's value in a /metrics text (0 when absent), e.g. metric(text, 'gateway_webhooks_total', { result: 'accepted' }). */
export function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || line.startsWith('#')) continue;
    const match = /^([a-z_]+)(\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) total += Number(match[3]);
  }
  return total;
}

export async function metrics(httpUrl: string): Promise<string> {
  return (await fetch(`${httpUrl}/metrics`)).text();
}
