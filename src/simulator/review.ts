// The deprecated flow's "review" (docs/connectfi-api.md 5.1 step 5, 5.7): once nothing is missing, KYC becomes APPROVED after a
// delay (or at once through POST /__sim/kyc/review), never in the answer to the client's own request, and the
// customer's webhookURL gets one POST. connectFi documents neither the delay nor that webhook's body.
import { newRequestId } from './ids.js';
import type { Customer } from './state.js';
import { APPROVED, WAITING_DATA } from './state.js';
import type { WebhookSender } from './webhooks.js';

/** Every requested attribute group and every document is in, and KYC is still waiting. */
export function readyForReview(c: Customer): boolean {
  return c.kycStarted && c.status === WAITING_DATA && c.attributeCodes.length === 0 && c.documents.every((d) => d.uploadStatus);
}

export class KycReview {
  /** null: no automatic approval, only POST /__sim/kyc/review. */
  delayMs: number | null;
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly defaultDelayMs: number | null,
    private readonly webhooks: WebhookSender,
  ) {
    this.delayMs = defaultDelayMs;
  }

  /** After an upload or add-attributes: start the review clock once the customer is ready. */
  consider(c: Customer): void {
    if (this.delayMs === null || this.timers.has(c.customerId) || !readyForReview(c)) return;
    const timer = setTimeout(() => {
      this.timers.delete(c.customerId);
      this.approve(c);
    }, this.delayMs);
    timer.unref(); // a pending review never keeps a process alive
    this.timers.set(c.customerId, timer);
  }

  /** POST /__sim/kyc/review: approve now; false when the customer is not ready. */
  approveNow(c: Customer): boolean {
    if (!readyForReview(c)) return false;
    clearTimeout(this.timers.get(c.customerId));
    this.timers.delete(c.customerId);
    this.approve(c);
    return true;
  }

  /** Forget pending reviews (reset, close) and go back to the configured delay. */
  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.delayMs = this.defaultDelayMs;
  }

  private approve(c: Customer): void {
    if (!readyForReview(c)) return;
    c.status = APPROVED;
    this.webhooks.send(c.webhookURL, { code: '0', data: { customerId: c.customerId, kycStatus: c.status }, requestId: newRequestId() });
  }
}
