// The test-control API under /__sim/: not connectFi, no token, never faulted or counted.
import type { FaultInjector } from './faults.js';
import { staffReview } from './akepa.js';
import { parseFaultRules } from './faults.js';
import type { Context, Reply } from './handlers.js';
import { randomAlnum } from './ids.js';
import type { CustomerStore } from './state.js';
import { WAITING_DATA } from './state.js';
import { isObject, isValidId } from './validate.js';

export type ControlDeps = Context & { faults: FaultInjector };

const MAX_CREATE = 100_000;
const DONE: Reply = { status: 200, body: { ok: true } };

function badRequest(message: string): Reply {
  return { status: 400, body: { code: 'badRequest', message } };
}

function createCustomers(customers: CustomerStore, body: unknown): Reply {
  if (!isObject(body)) return badRequest('body must be an object');
  const { count = 1, prefix = randomAlnum(6), kycStatus = WAITING_DATA, lastName = 'Testman' } = body;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_CREATE) {
    return badRequest(`count must be an integer in 1..${MAX_CREATE}`);
  }
  if (typeof prefix !== 'string') return badRequest('prefix must be a string');
  if (typeof kycStatus !== 'string' || kycStatus === '') return badRequest('kycStatus must be a non-empty string');
  if (typeof lastName !== 'string' || lastName === '') return badRequest('lastName must be a non-empty string');
  const customerIds = Array.from({ length: count }, (_, i) => `cstap_${prefix}${i + 1}`);
  if (!customerIds.every(isValidId)) return badRequest('prefix makes customer IDs that are not ^[0-9A-Za-z_-]{1,36}$');
  customers.create(customerIds, kycStatus, lastName);
  return { status: 200, body: { customerIds } };
}

/** Deprecated flow: approve a customer whose attributes and documents are all in, now (as the review would). */
function reviewKyc(deps: ControlDeps, body: unknown): Reply {
  const customerId = isObject(body) ? body.customerId : undefined;
  const customer = typeof customerId === 'string' ? deps.customers.get(customerId) : undefined;
  if (!customer) return badRequest('customerId must name a known customer');
  if (!deps.review.approveNow(customer)) return badRequest('KYC is not waiting for review (something is missing, or it is not WAITING_DATA)');
  return DONE;
}

function setReviewDelay(deps: ControlDeps, body: unknown): Reply {
  const delayMs = isObject(body) ? body.delayMs : undefined;
  if (delayMs !== null && !(typeof delayMs === 'number' && Number.isInteger(delayMs) && delayMs >= 0)) {
    return badRequest('delayMs must be a non-negative integer, or null for manual review only');
  }
  deps.review.delayMs = delayMs;
  return DONE;
}

function configureWebhooks(deps: ControlDeps, body: unknown): Reply {
  if (!isObject(body) || typeof body.drop !== 'boolean') return badRequest('body must be { drop: boolean }');
  deps.webhooks.drop = body.drop;
  return DONE;
}

function reset(deps: ControlDeps): Reply {
  deps.stats.reset();
  deps.faults.clear();
  deps.customers.reset();
  deps.akepa.reset();
  deps.review.clear();
  deps.webhooks.reset();
  return DONE;
}

export function handleControl(deps: ControlDeps, method: string | undefined, path: string, query: string, body: unknown): Reply {
  switch (`${method} ${path}`) {
    case 'GET /__sim/stats':
      return { status: 200, body: deps.stats.snapshot(deps.faults.injected, deps.webhooks.counts) };
    case 'GET /__sim/traceparents':
      return { status: 200, body: { traceparents: deps.stats.traceparents(new URLSearchParams(query).get('route') ?? '') } };
    case 'GET /__sim/requests':
      return { status: 200, body: { bodies: deps.stats.recorded(new URLSearchParams(query).get('route') ?? '') } };
    case 'POST /__sim/reset':
      return reset(deps);
    case 'POST /__sim/faults': {
      const rules = parseFaultRules(body);
      if (typeof rules === 'string') return badRequest(rules);
      deps.faults.set(rules);
      return DONE;
    }
    case 'POST /__sim/customers':
      return createCustomers(deps.customers, body);
    case 'POST /__sim/expire-tokens':
      deps.tokens.expireAll();
      return DONE;
    case 'POST /__sim/kyc/review':
      return reviewKyc(deps, body);
    case 'POST /__sim/kyc/review-delay':
      return setReviewDelay(deps, body);
    case 'POST /__sim/akepa/review':
      return staffReview(deps, body);
    case 'POST /__sim/webhooks':
      return configureWebhooks(deps, body);
    default:
      return { status: 404, body: { code: 'notFound' } };
  }
}
