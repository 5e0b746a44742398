// GET /ready: readiness. Not draining, circuit not open, Redis answering (when used), a connectFi token obtainable.
import type { Route } from './router.js';
import { sendJson } from './respond.js';

export interface ReadinessChecks {
  draining(): boolean;
  circuitOpen(): boolean;
  /** undefined when Redis is not used. */
  redisAnswers?: () => Promise<boolean>;
  /** Resolves once a connectFi token is at hand; rejects when none can be had. */
  connectFiToken(): Promise<unknown>;
}

export function readyRoute(checks: ReadinessChecks): Route {
  return {
    path: '/ready',
    methods: ['GET', 'HEAD'],
    async handle(_req, res) {
      const reason = await notReadyReason(checks);
      if (reason === undefined) sendJson(res, 200, { status: 'ready' });
      else sendJson(res, 503, { status: 'not_ready', reason });
    },
  };
}

async function notReadyReason(checks: ReadinessChecks): Promise<string | undefined> {
  if (checks.draining()) return 'shutting_down';
  if (checks.circuitOpen()) return 'connectfi_circuit_open';
  if (checks.redisAnswers && !(await checks.redisAnswers())) return 'redis_unavailable';
  try {
    await checks.connectFiToken();
  } catch {
    return checks.circuitOpen() ? 'connectfi_circuit_open' : 'connectfi_login_failed';
  }
  return undefined;
}
