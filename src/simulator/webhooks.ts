// Outgoing webhooks (docs/connectfi-api.md 7.4): one POST per asynchronous status change, never retried. Fire and forget: the
// request that caused it never waits, and an unreachable URL only counts as failed. Bodies are never logged.
import type { ClientRequest } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

const TIMEOUT_MS = 5_000; // a receiver that never answers counts as failed, and does not keep a socket forever

export interface WebhookCounts {
  /** The receiver answered (any HTTP status: connectFi documents no expected reply). */
  sent: number;
  /** Not sent because of the drop fault (/__sim/webhooks { drop: true }). */
  dropped: number;
  /** No answer: bad URL, refused or reset connection, timeout. */
  failed: number;
}

export class WebhookSender {
  drop = false;
  counts: WebhookCounts = { sent: 0, dropped: 0, failed: 0 };
  private readonly pending = new Set<ClientRequest>();

  /** No URL registered: nothing is sent or counted. */
  send(url: string | undefined, body: object): void {
    if (url === undefined || url === '') return;
    if (this.drop) {
      this.counts.dropped++;
      return;
    }
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      this.counts.failed++;
      return;
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      this.counts.failed++;
      return;
    }
    this.post(target, JSON.stringify(body));
  }

  private post(target: URL, json: string): void {
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(target, {
      method: 'POST',
      agent: false, // one connection per webhook, closed after it: nothing lingers in a shared pool
      timeout: TIMEOUT_MS,
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) },
    });
    let settled = false;
    const settle = (outcome: 'sent' | 'failed') => {
      if (settled) return;
      settled = true;
      this.counts[outcome]++;
    };
    this.pending.add(req);
    req.on('response', (res) => {
      settle('sent');
      res.resume();
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => settle('failed'));
    req.on('close', () => {
      this.pending.delete(req);
      settle('failed'); // closed without an answer and without an error event
    });
    req.end(json);
  }

  /** Counters and the drop switch back to zero (POST /__sim/reset). */
  reset(): void {
    this.drop = false;
    this.counts = { sent: 0, dropped: 0, failed: 0 };
  }

  /** Simulator shutdown: abandon deliveries still in progress. */
  close(): void {
    for (const req of this.pending) req.destroy();
    this.pending.clear();
  }
}
