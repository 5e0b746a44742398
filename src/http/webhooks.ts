// POST /webhooks/connectfi/<token>: connectFi's webhooks (one POST per asynchronous KYC change, never retried).
// Not a browser route: no CORS, no CSRF check. The token in the URL is the credential (src/live/webhook-tokens.ts):
// unknown or malformed, 404 and nothing happens. The body is only a hint of what to read: the gateway answers 200
// at once, then reads the customer's state from connectFi and publishes what connectFi says (src/live/kyc-live.ts).
// Neither tokens nor bodies are logged.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { WEBHOOK_PATH, type KycLive, type WebhookHint } from '../live/kyc-live.js';
import type { WebhookResult } from '../metrics.js';
import { declaredTooLarge, readBody } from './body.js';
import { sendJson } from './respond.js';
import type { Route } from './router.js';

/** connectFi's webhook bodies are a few hundred bytes; anything near this is not one. */
export const MAX_WEBHOOK_BYTES = 64 * 1024;
const APPLICATION_ID = /^[0-9A-Za-z_-]{1,64}$/;

export interface WebhookRouteOptions {
  live: KycLive;
  metrics: { webhook(result: WebhookResult): void };
  logger: Logger;
}

export function webhookRoute(options: WebhookRouteOptions): Route {
  return { path: WEBHOOK_PATH, prefix: true, handle: (req, res) => handleWebhook(options, req, res) };
}

async function handleWebhook({ live, metrics, logger }: WebhookRouteOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const refuse = (status: number, result: WebhookResult, headers?: Record<string, string>) => {
    metrics.webhook(result);
    logger.info({ event: 'webhook.refused', result, remote: req.socket.remoteAddress }, 'connectFi webhook refused');
    sendJson(res, status, { error: result }, { connection: 'close', ...headers });
  };
  const token = (req.url ?? '').split('?', 1)[0].slice(WEBHOOK_PATH.length);
  const customerId = live.customerOfToken(token);
  if (customerId === undefined) return refuse(404, 'unknown_token');
  if (req.method !== 'POST') return refuse(405, 'method_not_allowed', { allow: 'POST' });
  if (declaredTooLarge(req, MAX_WEBHOOK_BYTES)) return refuse(413, 'too_large');
  const text = await readBody(req, MAX_WEBHOOK_BYTES);
  if (text === undefined) return refuse(413, 'too_large');
  const hint = hintOf(text);
  if (hint === undefined) return refuse(400, 'invalid_body');
  metrics.webhook('accepted');
  sendJson(res, 200, { ok: true }); // connectFi never retries: answer first, then read
  logger.info({ event: 'webhook.accepted', subject: hint.applicationId === undefined ? 'kyc' : 'application' }, 'connectFi webhook accepted');
  live.webhook(customerId, hint);
}

/** What the body suggests reading: an application (7.4's body), else the deprecated flow's KYC. Undefined: not JSON. */
function hintOf(text: string): WebhookHint | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const data = (body as { data?: unknown }).data;
  const applicationId = typeof data === 'object' && data !== null ? (data as { applicationId?: unknown }).applicationId : undefined;
  return typeof applicationId === 'string' && APPLICATION_ID.test(applicationId) ? { applicationId } : {};
}
