// The test-control API under /__sim/: not connectFi, no token, never faulted or counted.
import type { FaultInjector } from './faults.js';
import { parseFaultRules } from './faults.js';
import type { Reply } from './handlers.js';
import { randomAlnum } from './ids.js';
import type { CustomerStore } from './state.js';
import { WAITING_DATA } from './state.js';
import type { Stats } from './stats.js';
import type { TokenStore } from './tokens.js';
import { isObject, isValidId } from './validate.js';

export interface ControlDeps {
  stats: Stats;
  faults: FaultInjector;
  customers: CustomerStore;
  tokens: TokenStore;
}

const MAX_CREATE = 100_000;
const DONE: Reply = { status: 200, body: { ok: true } };

function badRequest(message: string): Reply {
  return { status: 400, body: { code: 'badRequest', message } };
}

function createCustomers(customers: CustomerStore, body: unknown): Reply {
  if (!isObject(body)) return badRequest('body must be an object');
  const { count = 1, prefix = randomAlnum(6), kycStatus = WAITING_DATA } = body;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_CREATE) {
    return badRequest(`count must be an integer in 1..${MAX_CREATE}`);
  }
  if (typeof prefix !== 'string') return badRequest('prefix must be a string');
  if (typeof kycStatus !== 'string' || kycStatus === '') return badRequest('kycStatus must be a non-empty string');
  const customerIds = Array.from({ length: count }, (_, i) => `cstap_${prefix}${i + 1}`);
  if (!customerIds.every(isValidId)) return badRequest('prefix makes customer IDs that are not ^[0-9A-Za-z_-]{1,36}$');
  customers.create(customerIds, kycStatus);
  return { status: 200, body: { customerIds } };
}

export function handleControl(deps: ControlDeps, method: string | undefined, path: string, query: string, body: unknown): Reply {
  switch (`${method} ${path}`) {
    case 'GET /__sim/stats':
      return { status: 200, body: deps.stats.snapshot(deps.faults.injected) };
    case 'GET /__sim/requests':
      return { status: 200, body: { bodies: deps.stats.recorded(new URLSearchParams(query).get('route') ?? '') } };
    case 'POST /__sim/reset':
      deps.stats.reset();
      deps.faults.clear();
      deps.customers.reset();
      return DONE;
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
    default:
      return { status: 404, body: { code: 'notFound' } };
  }
}
