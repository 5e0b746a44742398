// Injected failures for tests and benchmarks (POST /__sim/faults). connectFi documents none of these (docs/connectfi-api.md 8),
// which is exactly why the gateway must be tested against them.
import { isObject } from './validate.js';

// extAkepa: the documented back-office failure (docs/connectfi-api.md 7.3), answered instead of doing the operation.
export const FAULT_KINDS = ['latency', 'status', 'reset', 'truncate', 'expireToken', 'extAkepa'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  kind: FaultKind;
  /** Route key such as "POST /customer/kyc/add-attributes"; absent = every connectFi route. */
  route?: string;
  /** Apply to the next N matching requests only; absent = no limit. Counts down as it fires. */
  times?: number;
  /** Probability (0..1) that a matching request is hit; absent = 1. */
  rate?: number;
  latencyMs?: number;
  /** HTTP status for kind 'status'; default 500. */
  status?: number;
  /** Kind 'status' only: a Retry-After header, in seconds (e.g. with status 429). */
  retryAfterS?: number;
  /** Kind 'reset' only: hang up once this many body bytes arrived (an upload cut mid-stream); absent = after the body. */
  afterBytes?: number;
}

export interface FaultPlan {
  /** Sum of every latency rule that fired. */
  latencyMs: number;
  /** The first non-latency rule that fired, if any. */
  action?: FaultRule;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Checks the control body { faults: FaultRule[] }; returns a message for the test author instead of throwing. */
export function parseFaultRules(body: unknown): FaultRule[] | string {
  if (!isObject(body) || !Array.isArray(body.faults)) return 'body must be { faults: FaultRule[] }';
  const rules: FaultRule[] = [];
  for (const [i, raw] of body.faults.entries()) {
    if (!isObject(raw) || !FAULT_KINDS.includes(raw.kind as FaultKind)) return `faults[${i}].kind must be one of ${FAULT_KINDS.join(', ')}`;
    const { route, times, rate, latencyMs, status, afterBytes, retryAfterS } = raw;
    if (route !== undefined && typeof route !== 'string') return `faults[${i}].route must be a route key string`;
    if (times !== undefined && !isCount(times)) return `faults[${i}].times must be a non-negative integer`;
    if (rate !== undefined && !(typeof rate === 'number' && rate >= 0 && rate <= 1)) return `faults[${i}].rate must be in 0..1`;
    if (latencyMs !== undefined && !isCount(latencyMs)) return `faults[${i}].latencyMs must be a non-negative integer`;
    if (status !== undefined && !(isCount(status) && status >= 100 && status <= 599)) return `faults[${i}].status must be an HTTP status`;
    if (afterBytes !== undefined && !(isCount(afterBytes) && raw.kind === 'reset')) return `faults[${i}].afterBytes must be a non-negative integer, on a reset rule`;
    if (retryAfterS !== undefined && !(isCount(retryAfterS) && raw.kind === 'status')) return `faults[${i}].retryAfterS must be a non-negative integer, on a status rule`;
    rules.push({ kind: raw.kind as FaultKind, route, times, rate, latencyMs, status, afterBytes, retryAfterS });
  }
  return rules;
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  injected: Partial<Record<FaultKind, number>> = {};

  set(rules: FaultRule[]): void {
    this.rules = rules;
  }

  /** Forget rules and counters (POST /__sim/reset). */
  clear(): void {
    this.rules = [];
    this.injected = {};
  }

  /** Decide, once per request, what goes wrong with it. undefined (the common case) means nothing. */
  plan(routeKey: string): FaultPlan | undefined {
    if (this.rules.length === 0) return undefined;
    let latencyMs = 0;
    let action: FaultRule | undefined;
    for (const rule of this.rules) {
      if (rule.route !== undefined && rule.route !== routeKey) continue;
      if (rule.kind !== 'latency' && action !== undefined) continue;
      if (rule.times !== undefined && rule.times <= 0) continue;
      if (rule.rate !== undefined && Math.random() >= rule.rate) continue;
      if (rule.times !== undefined) rule.times--;
      this.injected[rule.kind] = (this.injected[rule.kind] ?? 0) + 1;
      if (rule.kind === 'latency') latencyMs += rule.latencyMs ?? 0;
      else action = rule;
    }
    return latencyMs === 0 && action === undefined ? undefined : { latencyMs, action };
  }
}
