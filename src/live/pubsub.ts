// Events per customer, to every subscriber of that customer: in this process, or over Redis pub/sub (one channel
// per customer, subscribed while this instance has a subscriber for it) so an event published by any instance
// reaches subscribers held by every instance. Redis messages are sealed (they carry KYC data). A lost message
// (Redis down) delays an event by at most one poll interval: the poller reads the customer again.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { SharedRedis } from '../redis.js';
import type { Sealer } from '../sealed.js';
import type { LiveEvent } from './events.js';

export type Listener = (event: LiveEvent) => void;

export interface LivePubSub {
  publish(event: LiveEvent): Promise<void>;
  /** False when a publish for `customerId` could reach no subscriber now (so there is nothing to publish). */
  mayDeliver?(customerId: string): boolean;
  /** Resolves once events for `customerId` published from now on reach `listener`; the function unsubscribes. */
  subscribe(customerId: string, listener: Listener): Promise<() => void>;
  close(): Promise<void>;
}

/** Listeners per customer; the first and last one of a customer are reported, so a transport can follow. */
class Listeners {
  private readonly byCustomer = new Map<string, Set<Listener>>();

  /** True when `customerId` had no listener before. */
  add(customerId: string, listener: Listener): boolean {
    const set = this.byCustomer.get(customerId);
    if (set) return (set.add(listener), false);
    this.byCustomer.set(customerId, new Set([listener]));
    return true;
  }

  has(customerId: string): boolean {
    return this.byCustomer.has(customerId);
  }

  /** True when that was the customer's last listener. */
  remove(customerId: string, listener: Listener): boolean {
    const set = this.byCustomer.get(customerId);
    if (!set?.delete(listener) || set.size > 0) return false;
    this.byCustomer.delete(customerId);
    return true;
  }

  deliver(event: LiveEvent, logger: Logger): void {
    for (const listener of this.byCustomer.get(event.customerId) ?? []) {
      try {
        listener(event);
      } catch (error) {
        logger.error({ event: 'live.listener_failed', err: error instanceof Error ? error.message : String(error) }, 'subscriber failed');
      }
    }
  }
}

export class MemoryPubSub implements LivePubSub {
  private readonly listeners = new Listeners();

  constructor(private readonly logger: Logger) {}

  async publish(event: LiveEvent): Promise<void> {
    this.listeners.deliver(event, this.logger);
  }

  /** In one process, only this process's listeners exist. */
  mayDeliver(customerId: string): boolean {
    return this.listeners.has(customerId);
  }

  async subscribe(customerId: string, listener: Listener): Promise<() => void> {
    this.listeners.add(customerId, listener);
    return () => void this.listeners.remove(customerId, listener);
  }

  async close(): Promise<void> {}
}

export class RedisPubSub implements LivePubSub {
  private readonly listeners = new Listeners();
  /** A subscriber connection serves nothing else. */
  private readonly subscriber: Redis;
  private readonly channelPrefix: string;
  /** Per customer with a listener here: its SUBSCRIBE, settled once Redis confirmed it. */
  private readonly subscribed = new Map<string, Promise<void>>();

  constructor(private readonly redis: SharedRedis, private readonly sealer: Sealer, private readonly logger: Logger) {
    this.channelPrefix = `${redis.prefix}live:events:`;
    this.subscriber = redis.client.duplicate({ connectionName: 'connectfi-gateway-live', commandTimeout: undefined });
    this.subscriber.on('error', () => undefined); // the main connection already logs Redis's transitions
    this.subscriber.on('message', (channel: string, message: string) => {
      if (!channel.startsWith(this.channelPrefix)) return;
      const text = this.sealer.open(message);
      if (text === undefined) return; // not sealed by a gateway with our credentials
      this.listeners.deliver(JSON.parse(text) as LiveEvent, this.logger);
    });
  }

  async publish(event: LiveEvent): Promise<void> {
    try {
      await this.redis.client.publish(this.channelPrefix + event.customerId, this.sealer.seal(JSON.stringify(event)));
    } catch (error) {
      this.logger.warn({ event: 'live.publish_failed', err: error instanceof Error ? error.message : String(error) }, 'Redis publish failed: delivered locally only');
      this.listeners.deliver(event, this.logger);
    }
  }

  async subscribe(customerId: string, listener: Listener): Promise<() => void> {
    const channel = this.channelPrefix + customerId;
    // ioredis sends SUBSCRIBE and UNSUBSCRIBE in order on one connection, so the last one wins. Later listeners of
    // the same customer wait for the first one's SUBSCRIBE too.
    if (this.listeners.add(customerId, listener)) {
      this.subscribed.set(customerId, this.subscriber.subscribe(channel).then(() => undefined, (error: unknown) => {
        // Re-subscribed on reconnection; meanwhile the poller covers this customer.
        this.logger.warn({ event: 'live.subscribe_failed', err: error instanceof Error ? error.message : String(error) }, 'Redis subscribe failed');
      }));
    }
    await this.subscribed.get(customerId);
    return () => {
      if (!this.listeners.remove(customerId, listener)) return;
      this.subscribed.delete(customerId);
      this.subscriber.unsubscribe(channel).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
  }
}
