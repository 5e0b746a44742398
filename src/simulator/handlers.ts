// The connectFi endpoints themselves: body in, { status, body } out. Transport and faults live in index.ts.
import { newRequestId } from './ids.js';
import type { CustomerStore } from './state.js';
import { WAITING_DATA, kycBundle, storeAttributes } from './state.js';
import type { Stats } from './stats.js';
import type { TokenStore } from './tokens.js';
import type { JsonObject, ValidationItem } from './validate.js';
import { isObject, validateAddAttributes, validateKycInit, validateLogin } from './validate.js';

export interface Reply {
  status: number;
  body: object;
}

export interface Context {
  tokens: TokenStore;
  customers: CustomerStore;
  stats: Stats;
  login: string;
  password: string;
}

export interface Route {
  /** Key used by stats, recorded bodies and fault rules. */
  key: string;
  /** Needs a valid x-connectfi-token. */
  auth: boolean;
  /** Reads a JSON body (POST). */
  hasBody: boolean;
  handle(ctx: Context, body: unknown, param: string): Reply;
}

function ok(data: unknown): Reply {
  return { status: 200, body: { code: '0', data, requestId: newRequestId() } };
}

export function validationError(context: ValidationItem[]): Reply {
  return { status: 400, body: { requestId: newRequestId(), code: 'requestValidateError', context } };
}

function customerNotFound(customerId: string): Reply {
  return {
    status: 400,
    body: { requestId: newRequestId(), code: 'customerNotFound', context: { customerId }, message: 'Customer not found.' },
  };
}

export function unauthorized(withRequestId: boolean): Reply {
  const body = { code: 'unauthorized', message: 'Authentication error' };
  return { status: 401, body: withRequestId ? { ...body, requestId: newRequestId() } : body };
}

const getToken: Route = {
  key: 'POST /auth/get-token',
  auth: false,
  hasBody: true,
  handle(ctx, body) {
    const errors = validateLogin(body);
    if (errors.length > 0) return validationError(errors);
    const { login, password } = (body as { user: { login: string; password: string } }).user;
    if (login !== ctx.login || password !== ctx.password) return unauthorized(false); // documented without requestId
    ctx.stats.logins++;
    return ok(ctx.tokens.issue());
  },
};

const kycInit: Route = {
  key: 'POST /customer/kyc/init',
  auth: true,
  hasBody: true,
  handle(ctx, body) {
    const errors = validateKycInit(body);
    if (errors.length > 0) return validationError(errors);
    const { customerId } = body as { customerId: string };
    const customer = ctx.customers.get(customerId);
    return customer ? ok(kycBundle(customer, false)) : customerNotFound(customerId);
  },
};

const addAttributes: Route = {
  key: 'POST /customer/kyc/add-attributes',
  auth: true,
  hasBody: true,
  handle(ctx, body) {
    const errors = validateAddAttributes(body);
    if (errors.length > 0) return validationError(errors);
    const { customerId, additionalAttributes } = body as { customerId: string; additionalAttributes?: JsonObject | null };
    if (!isObject(additionalAttributes)) return { status: 400, body: { code: 'exception', requestId: newRequestId() } };
    const customer = ctx.customers.get(customerId);
    if (!customer) return customerNotFound(customerId);
    if (customer.status !== WAITING_DATA) {
      return { status: 400, body: { requestId: newRequestId(), code: 'statusNotWAITING_DATA', message: 'Need WAITING_DATA status' } };
    }
    storeAttributes(customer, additionalAttributes);
    // kycAttributes sits beside data, as in the page's example (add-attributes-page.txt).
    return {
      status: 200,
      body: { code: '0', data: kycBundle(customer, false), kycAttributes: additionalAttributes, requestId: newRequestId() },
    };
  },
};

const kycStatus: Route = {
  key: 'GET /customer/kyc/status/:customerId',
  auth: true,
  hasBody: false,
  handle(ctx, _body, customerId) {
    const customer = ctx.customers.get(customerId);
    return customer ? ok(kycBundle(customer, true)) : customerNotFound(customerId);
  },
};

const POST_ROUTES = new Map([getToken, kycInit, addAttributes].map((route) => [route.key.replace('POST ', ''), route]));
const STATUS_PREFIX = '/customer/kyc/status/';

export interface RouteMatch {
  route: Route;
  param: string;
}

export function matchRoute(method: string | undefined, path: string): RouteMatch | undefined {
  if (method === 'POST') {
    const route = POST_ROUTES.get(path);
    return route && { route, param: '' };
  }
  if (method === 'GET' && path.startsWith(STATUS_PREFIX)) {
    const raw = path.slice(STATUS_PREFIX.length);
    if (raw === '' || raw.includes('/')) return undefined;
    return { route: kycStatus, param: decodeSegment(raw) };
  }
  return undefined;
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // malformed escape: look it up as sent, which ends in customerNotFound
  }
}

/** Recorded bodies are readable through /__sim/requests, so the login password is never kept. */
export function recordable(route: Route, body: unknown): unknown {
  if (route !== getToken || !isObject(body) || !isObject(body.user) || body.user.password === undefined) return body;
  return { ...body, user: { ...body.user, password: '[redacted]' } };
}
