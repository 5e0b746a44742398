// A circuit breaker in front of every connectFi call (login included). After `failureThreshold` consecutive
// failures (timeouts, resets, refused connections, 5xx; never a 4xx business answer) it opens: calls fail fast
// without reaching connectFi for `cooldownMs`. Then it lets one probe through (half-open): the probe's success
// closes it, its failure opens it again for another cool-down.
import { BodyAbortedError, TransportError, type Transport } from './transport.js';

export type BreakerState = 'closed' | 'open' | 'half_open';

/** Raised instead of calling connectFi while the circuit is open: nothing was sent. */
export class CircuitOpenError extends TransportError {
  constructor() {
    super('not-sent', undefined);
    this.message = 'connectFi circuit open';
  }
}

export interface BreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  onStateChange?: (state: BreakerState, previous: BreakerState) => void;
  now?: () => number;
}

interface Permit {
  readonly probe: boolean;
}

// Permits carry no state of their own: two constants, nothing allocated per call.
const CALL: Permit = Object.freeze({ probe: false });
const PROBE: Permit = Object.freeze({ probe: true });

export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The state as a caller would meet it now (an open circuit whose cool-down is over reads half_open). */
  get state(): BreakerState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.cooldownMs) return 'half_open';
    return this.current;
  }

  /** A permit to call connectFi, or undefined to fail fast. */
  enter(): Permit | undefined {
    if (this.current === 'closed') return CALL;
    if (this.current === 'open') {
      if (this.now() - this.openedAt < this.options.cooldownMs) return undefined;
      this.transition('half_open');
    }
    if (this.probing) return undefined; // half-open: one probe at a time
    this.probing = true;
    return PROBE;
  }

  success(permit: Permit): void {
    if (permit.probe) {
      this.probing = false;
      this.failures = 0;
      this.transition('closed');
    } else if (this.current === 'closed') {
      this.failures = 0;
    }
  }

  failure(permit: Permit): void {
    if (permit.probe) {
      this.probing = false;
      this.open();
    } else if (this.current === 'closed' && ++this.failures >= this.options.failureThreshold) {
      this.open();
    }
  }

  /** The gateway abandoned the call itself: it says nothing about connectFi (a probe's turn passes to the next call). */
  release(permit: Permit): void {
    if (permit.probe) this.probing = false;
  }

  private open(): void {
    this.openedAt = this.now();
    this.transition('open');
  }

  private transition(next: BreakerState): void {
    const previous = this.current;
    this.current = next;
    if (previous !== next) this.options.onStateChange?.(next, previous);
  }
}

/**
 * `transport` behind `breaker`: a TransportError or a 5xx counts as a failure, any other answer as a success, and a
 * body the gateway stopped itself (an upload refused mid-stream) as neither.
 */
export function withBreaker(transport: Transport, breaker: CircuitBreaker): Transport {
  return {
    async send(request) {
      const permit = breaker.enter();
      if (permit === undefined) throw new CircuitOpenError();
      let response;
      try {
        response = await transport.send(request);
      } catch (error) {
        if (error instanceof BodyAbortedError) breaker.release(permit);
        else breaker.failure(permit);
        throw error;
      }
      if (response.status >= 500) breaker.failure(permit);
      else breaker.success(permit);
      return response;
    },
    close: () => transport.close(),
  };
}
