// Live KYC status (issue 13): connectFi's state of a customer's KYC, published to subscribers of that customer on
// every instance whenever it changes. Every event is connectFi's answer to a read (or to the gateway's own
// mutation), never a webhook body: a webhook only says "read this customer now". Changes are found three ways:
// a webhook (src/http/webhooks.ts), the answer of a mutation made through the gateway, and a poll every
// KYC_POLL_INTERVAL_S of each subscribed customer whose KYC is unfinished, so a lost webhook delays an event by at
// most one interval. Knows nothing of GraphQL or HTTP.
import type { CallFailure, CallResult } from '../connectfi/call-result.js';
import type { ConnectFiClient } from '../connectfi/client.js';
import type { Limiter } from '../connectfi/limiter.js';
import type { WireApplication, WireKycBundle } from '../connectfi/wire.js';
import type { Logger } from 'pino';
import { applicationEvent, isTerminal, kycEvent, subjectOf, type LiveEvent, type LiveSource } from './events.js';
import type { LivePubSub } from './pubsub.js';
import type { LiveStore } from './store.js';
import type { WebhookTokens } from './webhook-tokens.js';

export type ReadOutcome = 'changed' | 'unchanged' | 'failed';

export interface LiveMetrics {
  liveRead(source: LiveSource, outcome: ReadOutcome): void;
  livePublished(source: LiveSource, kind: LiveEvent['kind']): void;
}

export interface KycLiveOptions {
  client: ConnectFiClient;
  readLimiter: Limiter;
  store: LiveStore;
  pubsub: LivePubSub;
  tokens: WebhookTokens;
  /** GATEWAY_PUBLIC_URL: unset, connectFi is given no webhook URL. */
  publicUrl?: string;
  pollIntervalMs: number;
  metrics: LiveMetrics;
  logger: Logger;
}

export const WEBHOOK_PATH = '/webhooks/connectfi/';

/** What a webhook body suggests reading; the customer comes from the URL's token, never from the body. */
export type WebhookHint = { applicationId?: string };

export type Opened = { ok: true; events: AsyncIterableIterator<LiveEvent> } | { ok: false; failure: CallFailure };

/** Events kept for a subscriber that reads slowly; the oldest go first (the newest state is what matters). */
const MAX_QUEUED = 64;

export class KycLive {
  private readonly reads = new Map<string, { startedAt: number; promise: Promise<CallResult<LiveEvent>> }>();
  private readonly poller: Poller;
  private readonly background = new Set<Promise<unknown>>();
  /** Subjects seen in a terminal state, per subscribed customer: the poller reads them no more. */
  private readonly finished = new Map<string, Set<string>>();
  private open = 0;

  constructor(private readonly options: KycLiveOptions) {
    this.poller = new Poller(options.pollIntervalMs, (customerId) => this.poll(customerId));
  }

  /** Subscriptions open on this instance. */
  get openSubscriptions(): number {
    return this.open;
  }

  /** The webhookURL to give connectFi for this customer, when GATEWAY_PUBLIC_URL is set. */
  webhookUrl(customerId: string): string | undefined {
    const base = this.options.publicUrl;
    return base === undefined ? undefined : `${base}${WEBHOOK_PATH}${this.options.tokens.tokenFor(customerId)}`;
  }

  /** The customer a webhook URL's token speaks for, if it is valid. */
  customerOfToken(token: string): string | undefined {
    return this.options.tokens.customerOf(token);
  }

  /** connectFi answered a mutation with this state: publish it if it changed. Never throws. */
  observedKyc(customerId: string, bundle: WireKycBundle): void {
    // Nobody to tell (no subscriber, no other instance): no fingerprint, no record. A subscriber that comes later
    // starts from its own read. Applications are always observed: they must be remembered for later subscribers.
    if (this.options.pubsub.mayDeliver?.(customerId) === false) return;
    this.track(this.observe(kycEvent(customerId, bundle), 'mutation'));
  }

  observedApplication(customerId: string, application: WireApplication): void {
    this.track(this.observe(applicationEvent(customerId, application), 'mutation'));
  }

  /** A valid webhook arrived for `customerId` (answered already): read what connectFi says now. */
  webhook(customerId: string, hint: WebhookHint): void {
    const key = hint.applicationId === undefined ? readKey(customerId) : readKey(customerId, hint.applicationId);
    this.track(this.read(key, 'webhook', performance.now())); // a read already running may predate the change
  }

  /**
   * The customer's events: the current state first (the deprecated KYC, then each application this gateway heard
   * of), then one event per change. Fails (nothing to iterate) when connectFi cannot tell the customer's KYC now.
   */
  async subscribe(customerId: string): Promise<Opened> {
    const stream = new EventStream(() => {
      unsubscribe();
      this.poller.remove(customerId);
      if (!this.poller.has(customerId)) this.finished.delete(customerId);
      this.open--;
    });
    const unsubscribe = await this.options.pubsub.subscribe(customerId, (event) => {
      this.noteFinished(event);
      stream.push(event);
    });
    // Reads that started before this point may predate a change the subscriber must see: never share those.
    const subscribedAt = performance.now();
    const [kyc, applications] = await Promise.all([
      this.read(readKey(customerId), 'subscribe', subscribedAt),
      this.options.store.applications(customerId).then((ids) => Promise.all(ids.map((id) => this.read(readKey(customerId, id), 'subscribe', subscribedAt)))),
    ]);
    if (!kyc.ok) {
      unsubscribe();
      return kyc;
    }
    const snapshot = [kyc.value, ...applications.flatMap((read) => (read.ok ? [read.value] : []))];
    this.open++;
    this.poller.add(customerId);
    snapshot.forEach((event) => this.noteFinished(event));
    stream.start(snapshot);
    return { ok: true, events: stream };
  }

  /** Stops polling and waits (briefly) for webhook reads still running. */
  async close(): Promise<void> {
    this.poller.stop();
    await Promise.race([Promise.allSettled(this.background), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    await this.options.pubsub.close();
  }

  /** Re-reads what is unfinished of a subscribed customer (called at most once per interval, across instances). */
  private async poll(customerId: string): Promise<void> {
    if (!(await this.options.store.claimPoll(customerId, Math.floor(this.options.pollIntervalMs * 0.8)))) return;
    const finished = this.finished.get(customerId) ?? new Set<string>();
    const ids = await this.options.store.applications(customerId);
    const keys = [...(finished.has('kyc') ? [] : [readKey(customerId)]), ...ids.filter((id) => !finished.has(`app:${id}`)).map((id) => readKey(customerId, id))];
    await Promise.all(keys.map((key) => this.read(key, 'poll', 0)));
  }

  /**
   * One connectFi read, published if it changed. Concurrent reads of the same subject share one call, provided it
   * started at or after `notBefore` (performance.now()).
   */
  private read(key: string, source: LiveSource, notBefore: number): Promise<CallResult<LiveEvent>> {
    const running = this.reads.get(key);
    if (running && running.startedAt >= notBefore) return running.promise;
    const entry = { startedAt: performance.now(), promise: this.readNow(key, source) };
    this.reads.set(key, entry);
    void entry.promise.finally(() => {
      if (this.reads.get(key) === entry) this.reads.delete(key);
    });
    return entry.promise;
  }

  private async readNow(key: string, source: LiveSource): Promise<CallResult<LiveEvent>> {
    const [customerId, applicationId] = JSON.parse(key) as [string, string?];
    const { client, readLimiter, metrics, logger } = this.options;
    try {
      const result: CallResult<LiveEvent> = applicationId === undefined
        ? mapResult(await readLimiter(() => client.getKycStatus(customerId)), (data) => kycEvent(customerId, data))
        : mapResult(await readLimiter(() => client.getApplication(customerId, applicationId)), (data) => applicationEvent(customerId, data));
      if (!result.ok) {
        metrics.liveRead(source, 'failed');
        const code = result.failure.kind === 'rejected' ? result.failure.error.code : result.failure.code;
        logger.info({ event: 'live.read_failed', source, subject: applicationId === undefined ? 'kyc' : 'application', code }, 'connectFi read failed');
        return result;
      }
      metrics.liveRead(source, (await this.observe(result.value, source)) ? 'changed' : 'unchanged');
      return result;
    } catch (error) {
      metrics.liveRead(source, 'failed');
      logger.error({ event: 'live.read_failed', source, err: error instanceof Error ? error.message : String(error) }, 'live KYC read failed');
      return { ok: false, failure: { kind: 'failed', code: 'UPSTREAM_BAD_RESPONSE', outcome: 'NOT_APPLIED', retryable: true } };
    }
  }

  /** Publishes `event` when it is new for its subject; true when it was published. */
  private async observe(event: LiveEvent, source: LiveSource): Promise<boolean> {
    const { store, pubsub, metrics } = this.options;
    if (event.kind === 'application') await store.rememberApplication(event.customerId, event.application.applicationId);
    if (!(await store.recordState(event.customerId, subjectOf(event), event.fingerprint, event.readAt))) return false;
    await pubsub.publish(event);
    metrics.livePublished(source, event.kind);
    return true;
  }

  private noteFinished(event: LiveEvent): void {
    if (!isTerminal(event) || !this.poller.has(event.customerId)) return;
    const set = this.finished.get(event.customerId) ?? new Set<string>();
    this.finished.set(event.customerId, set.add(subjectOf(event)));
  }

  private track(work: Promise<unknown>): void {
    const settled = work.catch((error: unknown) => {
      this.options.logger.error({ event: 'live.failed', err: error instanceof Error ? error.message : String(error) }, 'live KYC update failed');
    });
    this.background.add(settled);
    void settled.finally(() => this.background.delete(settled));
  }
}

const readKey = (customerId: string, applicationId?: string) => JSON.stringify(applicationId === undefined ? [customerId] : [customerId, applicationId]);

function mapResult<T>(result: CallResult<{ data: T }>, map: (data: T) => LiveEvent): CallResult<LiveEvent> {
  return result.ok ? { ok: true, value: map(result.value.data) } : result;
}

/**
 * One subscriber's events, as an async iterator. Until start(), events wait behind the snapshot; then each subject's
 * state is delivered once per change, never an older read after a newer one.
 */
class EventStream implements AsyncIterableIterator<LiveEvent> {
  private queue: LiveEvent[] = [];
  private held: LiveEvent[] | undefined = [];
  private waiting: ((result: IteratorResult<LiveEvent>) => void) | undefined;
  private readonly last = new Map<string, { fingerprint: string; readAt: number }>();
  private done = false;

  constructor(private readonly onClose: () => void) {}

  push(event: LiveEvent): void {
    if (this.done) return;
    if (this.held) this.held.push(event);
    else this.offer(event);
  }

  start(snapshot: LiveEvent[]): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const event of [...snapshot, ...held]) this.offer(event);
  }

  next(): Promise<IteratorResult<LiveEvent>> {
    const event = this.queue.shift();
    if (event) return Promise.resolve({ value: event, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<LiveEvent>> {
    if (!this.done) {
      this.done = true;
      this.queue = [];
      this.onClose();
      this.waiting?.({ value: undefined, done: true });
      this.waiting = undefined;
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<LiveEvent> {
    return this;
  }

  private offer(event: LiveEvent): void {
    const subject = subjectOf(event);
    const last = this.last.get(subject);
    if (last && (last.fingerprint === event.fingerprint || last.readAt > event.readAt)) return;
    this.last.set(subject, { fingerprint: event.fingerprint, readAt: event.readAt });
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: event, done: false });
      return;
    }
    this.queue.push(event);
    if (this.queue.length > MAX_QUEUED) this.queue.shift();
  }
}

/** One timer per subscribed customer (however many subscribers), every interval with ±20% jitter. */
class Poller {
  private readonly customers = new Map<string, { subscribers: number; timer?: NodeJS.Timeout }>();
  private stopped = false;

  constructor(private readonly intervalMs: number, private readonly poll: (customerId: string) => Promise<void>) {}

  has(customerId: string): boolean {
    return this.customers.has(customerId);
  }

  add(customerId: string): void {
    const entry = this.customers.get(customerId);
    if (entry) return void entry.subscribers++;
    const created = { subscribers: 1 } as { subscribers: number; timer?: NodeJS.Timeout };
    this.customers.set(customerId, created);
    this.schedule(customerId, created);
  }

  remove(customerId: string): void {
    const entry = this.customers.get(customerId);
    if (!entry || --entry.subscribers > 0) return;
    clearTimeout(entry.timer);
    this.customers.delete(customerId);
  }

  stop(): void {
    this.stopped = true;
    for (const entry of this.customers.values()) clearTimeout(entry.timer);
    this.customers.clear();
  }

  private schedule(customerId: string, entry: { timer?: NodeJS.Timeout }): void {
    if (this.stopped) return;
    entry.timer = setTimeout(() => {
      void this.poll(customerId).catch(() => undefined).finally(() => {
        if (this.customers.get(customerId) === entry) this.schedule(customerId, entry);
      });
    }, this.intervalMs * (0.8 + Math.random() * 0.4));
    entry.timer.unref();
  }
}
