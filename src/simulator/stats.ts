// Counters and recorded request bodies behind GET /__sim/stats and GET /__sim/requests.
import type { WebhookCounts } from './webhooks.js';

export interface RouteStats {
  requests: number;
  responses: Record<string, number>;
  inFlight: number;
  maxInFlight: number;
  /** Last RECORDED_BODIES request bodies (uploads: file name, size and type only), oldest first. */
  bodies: unknown[];
  /** W3C traceparent headers of the last RECORDED_BODIES requests (absent: null): does the caller propagate traces? */
  traceparents: Array<string | null>;
}

const RECORDED_BODIES = 100;

export class Stats {
  private readonly routes = new Map<string, RouteStats>();
  logins = 0;
  inFlight = 0;
  /** Body bytes that reached each upload route, cut uploads included: 0 proves a refused upload never left the gateway. */
  private bytesReceived: Record<string, number> = {};

  constructor(private readonly uploadRouteKeys: string[]) {
    this.reset();
  }

  received(routeKey: string, count: number): void {
    this.bytesReceived[routeKey] = (this.bytesReceived[routeKey] ?? 0) + count;
  }

  /** A request arrived; it stays in flight until end() (its response closed), injected latency included. */
  begin(routeKey: string): RouteStats {
    let route = this.routes.get(routeKey);
    if (route === undefined) {
      route = { requests: 0, responses: {}, inFlight: 0, maxInFlight: 0, bodies: [], traceparents: [] };
      this.routes.set(routeKey, route);
    }
    route.requests++;
    this.inFlight++;
    if (++route.inFlight > route.maxInFlight) route.maxInFlight = route.inFlight;
    return route;
  }

  end(route: RouteStats): void {
    route.inFlight--;
    this.inFlight--;
  }

  responded(route: RouteStats, status: number): void {
    route.responses[status] = (route.responses[status] ?? 0) + 1;
  }

  record(route: RouteStats, body: unknown): void {
    if (route.bodies.push(body) > RECORDED_BODIES) route.bodies.shift();
  }

  recordTraceparent(route: RouteStats, header: string | string[] | undefined): void {
    if (route.traceparents.push(typeof header === 'string' ? header : null) > RECORDED_BODIES) route.traceparents.shift();
  }

  traceparents(routeKey: string): Array<string | null> {
    return this.routes.get(routeKey)?.traceparents ?? [];
  }

  recorded(routeKey: string): unknown[] {
    return this.routes.get(routeKey)?.bodies ?? [];
  }

  /** Zero everything except what is in flight right now: those requests will still call end(). */
  reset(): void {
    this.logins = 0;
    this.bytesReceived = Object.fromEntries(this.uploadRouteKeys.map((key) => [key, 0]));
    for (const [key, route] of this.routes) {
      if (route.inFlight === 0) {
        this.routes.delete(key);
      } else {
        Object.assign(route, { requests: 0, responses: {}, maxInFlight: route.inFlight, bodies: [], traceparents: [] });
      }
    }
  }

  snapshot(faultsInjected: object, webhooks: WebhookCounts): object {
    const requests: Record<string, number> = {};
    const responses: Record<string, Record<string, number>> = {};
    const maxInFlight: Record<string, number> = {};
    for (const [key, route] of this.routes) {
      requests[key] = route.requests;
      responses[key] = route.responses;
      maxInFlight[key] = route.maxInFlight;
    }
    return {
      requests, responses, logins: this.logins, inFlight: this.inFlight, maxInFlight, faultsInjected,
      bytesReceived: { ...this.bytesReceived }, webhooks: { ...webhooks },
    };
  }
}
