// What every connectFi endpoint shares: the Route shape, the context it runs in, and the documented reply bodies.
// Transport and faults live in index.ts; the endpoints themselves in kyc.ts, customer-init.ts and akepa.ts.
import type { AkepaStore } from './akepa.js';
import { newRequestId } from './ids.js';
import type { KycReview } from './review.js';
import type { CustomerStore } from './state.js';
import type { Stats } from './stats.js';
import type { TokenStore } from './tokens.js';
import type { ValidationItem } from './validate.js';
import { validateLogin } from './validate.js';
import type { WebhookSender } from './webhooks.js';

export interface Reply {
  status: number;
  body: object;
}

export interface Context {
  tokens: TokenStore;
  customers: CustomerStore;
  stats: Stats;
  akepa: AkepaStore;
  webhooks: WebhookSender;
  review: KycReview;
  /** Also the aggregatorId in akepa answers and webhooks (the docs' example shows the client ID there). */
  login: string;
  password: string;
  maxUploadBytes: number;
}

/** none: GET; json: a JSON body; multipart: one streamed file (uploads.ts). */
export type BodyKind = 'none' | 'json' | 'multipart';

export interface Route {
  /** Key used by stats, recorded bodies and fault rules; its :names are the path parameters, in order. */
  key: string;
  /** Needs a valid x-connectfi-token. */
  auth: boolean;
  body: BodyKind;
  handle(ctx: Context, body: unknown, params: string[]): Reply;
}

export function ok(data: unknown): Reply {
  return { status: 200, body: { code: '0', data, requestId: newRequestId() } };
}

/** A business error: 400 unless said otherwise; context and message only where the docs show them. */
export function fail(code: string, context?: object, message?: string, status = 400): Reply {
  return { status, body: { requestId: newRequestId(), code, ...(context && { context }), ...(message && { message }) } };
}

export function validationError(context: ValidationItem[]): Reply {
  return { status: 400, body: { requestId: newRequestId(), code: 'requestValidateError', context } };
}

export function customerNotFound(customerId: string): Reply {
  return fail('customerNotFound', { customerId }, 'Customer not found.');
}

export function unauthorized(withRequestId: boolean): Reply {
  const body = { code: 'unauthorized', message: 'Authentication error' };
  return { status: 401, body: withRequestId ? { ...body, requestId: newRequestId() } : body };
}

export const getToken: Route = {
  key: 'POST /auth/get-token',
  auth: false,
  body: 'json',
  handle(ctx, body) {
    const errors = validateLogin(body);
    if (errors.length > 0) return validationError(errors);
    const { login, password } = (body as { user: { login: string; password: string } }).user;
    if (login !== ctx.login || password !== ctx.password) return unauthorized(false); // documented without requestId
    ctx.stats.logins++;
    return ok(ctx.tokens.issue());
  },
};
