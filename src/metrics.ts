// GET /metrics (Prometheus text format). One Registry per gateway instance, so several gateways in one process
// (tests) never share counters. Label values are bounded: operation names are client-chosen, so only well-formed
// ones are kept, and at most MAX_OPERATION_NAMES distinct ones; the rest read "other".
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { BreakerState } from './connectfi/breaker.js';
import type { UpstreamCallRecord } from './connectfi/call-result.js';
import { KeyedHistogram } from './keyed-histogram.js';
import type { RequestTelemetry } from './graphql/telemetry.js';
import type { IdempotencyResult } from './idempotency/index.js';
import type { LiveEvent, LiveSource } from './live/events.js';
import type { LiveMetrics, ReadOutcome } from './live/kyc-live.js';

/** How a POST /webhooks/connectfi/<token> was answered. */
export type WebhookResult = 'accepted' | 'unknown_token' | 'too_large' | 'invalid_body' | 'method_not_allowed';

const MAX_OPERATION_NAMES = 100;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const BREAKER_STATES: BreakerState[] = ['closed', 'half_open', 'open'];

export class GatewayMetrics implements LiveMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly operations: Counter<'operation' | 'field' | 'result'>;
  /** Operations counted since the last scrape, by label values: a Map lookup per operation instead of prom-client's label hashing. */
  private readonly operationCounts = new Map<string, { labels: { operation: string; field: string; result: string }; n: number }>();
  private readonly upstream: KeyedHistogram<'endpoint' | 'status'>;
  private readonly logins: Counter<'result'>;
  private readonly breakerTransitions: Counter<'state'>;
  private readonly idempotency: Counter<'result'>;
  private readonly webhooks: Counter<'result'>;
  private readonly liveReads: Counter<'source' | 'outcome'>;
  private readonly liveEvents: Counter<'source' | 'kind'>;
  /** Read when /metrics is scraped; set by watchSubscriptions. */
  private openSubscriptions: () => number = () => 0;
  private readonly uploads: Counter<'flow' | 'result'>;
  private readonly rateLimited: Counter<'class'>;

  /** Read when /metrics is scraped; set by watchBreaker. */
  private breakerState: () => BreakerState = () => 'closed';

  constructor() {
    const registers = [this.registry];
    // The event loop delay is sampled every 100 ms, not prom-client's 10: a 10 ms timer cost ~7–10 ms of CPU per
    // second, busy or idle; 100 ms costs ~1 ms and still gives each scrape hundreds of samples.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 100 });
    this.operations = new Counter({
      name: 'gateway_graphql_operations_total',
      help: 'GraphQL operations by operation name, root field and result __typename (field "" and result GraphQLError when the operation failed as a whole, ok when it had no result union).',
      labelNames: ['operation', 'field', 'result'],
      registers,
      collect: () => {
        for (const counted of this.operationCounts.values()) {
          if (counted.n === 0) continue;
          this.operations.inc(counted.labels, counted.n);
          counted.n = 0;
        }
      },
    });
    this.upstream = new KeyedHistogram(
      'connectfi_request_duration_seconds',
      'connectFi calls made for GraphQL operations and uploads, by endpoint and HTTP status (or the gateway error code when no status came back).',
      ['endpoint', 'status'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    );
    this.logins = new Counter({ name: 'connectfi_logins_total', help: 'connectFi logins by this instance.', labelNames: ['result'], registers });
    const breakerGauge: Gauge<'state'> = new Gauge({
      name: 'connectfi_circuit_breaker_state',
      help: 'Circuit breaker in front of connectFi: 1 for the current state.',
      labelNames: ['state'],
      registers,
      collect: () => {
        const current = this.breakerState();
        for (const state of BREAKER_STATES) breakerGauge.set({ state }, state === current ? 1 : 0);
      },
    });
    this.breakerTransitions = new Counter({
      name: 'connectfi_circuit_breaker_transitions_total', help: 'Circuit breaker state changes, by new state.', labelNames: ['state'], registers,
    });
    this.rateLimited = new Counter({
      name: 'gateway_rate_limited_total', help: 'Operations refused with RATE_LIMITED, by operation class.', labelNames: ['class'], registers,
    });
    this.idempotency = new Counter({
      name: 'gateway_idempotency_requests_total',
      help: 'Mutations with an idempotencyKey by how they were answered (replayed and shared are hits).',
      labelNames: ['result'],
      registers,
    });
    this.uploads = new Counter({
      name: 'gateway_uploads_total',
      help: 'Uploads to /uploads/<token> by flow and result: ok, the gateway\'s code, or connectfi_refused.',
      labelNames: ['flow', 'result'],
      registers,
    });
    this.webhooks = new Counter({
      name: 'gateway_webhooks_total',
      help: 'connectFi webhooks received, by result (accepted, unknown_token, too_large, invalid_body, method_not_allowed).',
      labelNames: ['result'],
      registers,
    });
    this.liveReads = new Counter({
      name: 'gateway_kyc_live_reads_total',
      help: 'connectFi reads for live KYC status, by cause (webhook, poll, subscribe) and outcome (changed, unchanged, failed).',
      labelNames: ['source', 'outcome'],
      registers,
    });
    this.liveEvents = new Counter({
      name: 'gateway_kyc_events_published_total',
      help: 'KYC changes published to subscribers (on every instance), by cause (webhook, poll, subscribe, mutation) and kind (kyc, application).',
      labelNames: ['source', 'kind'],
      registers,
    });
    const open = () => this.openSubscriptions();
    new Gauge({
      name: 'gateway_subscriptions_open',
      help: 'GraphQL subscriptions open on this instance.',
      registers,
      collect() {
        this.set(open());
      },
    });
  }

  /** Where the gateway_subscriptions_open gauge reads its value. */
  watchSubscriptions(open: () => number): void {
    this.openSubscriptions = open;
  }

  webhook(result: WebhookResult): void {
    this.webhooks.inc({ result });
  }

  liveRead(source: LiveSource, outcome: ReadOutcome): void {
    this.liveReads.inc({ source, outcome });
  }

  livePublished(source: LiveSource, kind: LiveEvent['kind']): void {
    this.liveEvents.inc({ source, kind });
  }

  /** A caller went over its rate limit (labelled by operation class only: caller identities are unbounded). */
  limited(operationClass: string): void {
    this.rateLimited.inc({ class: operationClass });
  }

  /** The circuit breaker whose state the connectfi_circuit_breaker_state gauge reports. */
  watchBreaker(state: () => BreakerState): void {
    this.breakerState = state;
  }

  login(ok: boolean): void {
    this.logins.inc({ result: ok ? 'ok' : 'failed' });
  }

  breakerChanged(state: BreakerState): void {
    this.breakerTransitions.inc({ state });
  }

  idempotencyResult(result: IdempotencyResult): void {
    this.idempotency.inc({ result });
  }

  /** One upload; `result` must be bounded (the caller maps connectFi's own codes to one label). */
  upload(flow: string, result: string, call?: UpstreamCallRecord): void {
    this.uploads.inc({ flow, result });
    if (call) this.upstream.observe({ endpoint: call.endpoint, status: String(call.status ?? call.error ?? 'none') }, call.ms / 1000);
  }

  /** One operation's results and connectFi calls, as its RequestTelemetry recorded them. */
  operation(operationName: string | null | undefined, telemetry: RequestTelemetry, failed: boolean): void {
    const operation = this.operationLabel(operationName);
    let fields = 0;
    for (const field in telemetry.results) {
      this.countOperation(operation, field, telemetry.results[field]);
      fields++;
    }
    if (fields === 0) this.countOperation(operation, '', failed ? 'GraphQLError' : 'ok');
    for (const call of telemetry.upstream) {
      this.upstream.observe({ endpoint: call.endpoint, status: String(call.status ?? call.error ?? 'none') }, call.ms / 1000);
    }
  }

  private countOperation(operation: string, field: string, result: string): void {
    const key = `${operation}\u0000${field}\u0000${result}`;
    const counted = this.operationCounts.get(key);
    if (counted === undefined) this.operationCounts.set(key, { labels: { operation, field, result }, n: 1 });
    else counted.n++;
  }

  private operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (this.operationNames.has(name)) return name; // only well-formed names are kept
    if (!OPERATION_NAME.test(name)) return 'invalid';
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }
}
