// CONNECTFI_MAX_RPS: a process-wide ceiling on calls to connectFi (a token bucket holding one second of calls), so a
// burst of callers cannot push connectFi past what the client's contract allows. A read may queue for a token up
// to its time budget; a change never waits in a queue whose end it cannot see: it is refused, nothing sent.
export class RateCeiling {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = perSecond;
    this.updatedAt = now();
  }

  /** Resolves true once the call may go (after waiting, for a read), false when it must not (retry after `retryAfterMs`). */
  async admit(read: boolean, maxWaitMs: number): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    const waitMs = Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
    if (!read || waitMs > maxWaitMs) return { ok: false, retryAfterMs: waitMs };
    this.tokens -= 1; // reserved: later callers queue behind it
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    return { ok: true };
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = now;
  }
}
