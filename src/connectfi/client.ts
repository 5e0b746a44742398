// One method per connectFi endpoint, for one GraphQL request: every call is reported to that request's observer
// (its log line and metrics). Cheap to create: the connection (tokens, transport, breaker) is shared.
import { isTransientReadFailure, type CallObserver, type CallResult } from './call-result.js';
import type { ConnectFiConnection } from './connection.js';
import type { WireAddAttributesRequest, WireAddAttributesResponse, WireKycBundle, WireSuccess } from './wire.js';

const READ_RETRY_BASE_MS = 50;

export class ConnectFiClient {
  constructor(
    private readonly connection: ConnectFiConnection,
    private readonly observer?: CallObserver,
  ) {}

  addKycAttributes(body: WireAddAttributesRequest): Promise<CallResult<WireAddAttributesResponse>> {
    return this.connection.call({ method: 'POST', path: '/customer/kyc/add-attributes', route: '/customer/kyc/add-attributes', body }, this.observer);
  }

  getKycStatus(customerId: string): Promise<CallResult<WireSuccess<WireKycBundle>>> {
    return this.read({ method: 'GET', path: `/customer/kyc/status/${encodeURIComponent(customerId)}`, route: '/customer/kyc/status/:customerId' });
  }

  /** A read, so safe to repeat: retried once, after a jittered pause, when it failed in a way that may pass. */
  private async read<T extends WireSuccess<unknown>>(spec: Parameters<ConnectFiConnection['call']>[0]): Promise<CallResult<T>> {
    const first = await this.connection.call<T>(spec, this.observer);
    if (first.ok || !isTransientReadFailure(first.failure)) return first;
    await new Promise((resolve) => setTimeout(resolve, READ_RETRY_BASE_MS + Math.random() * READ_RETRY_BASE_MS));
    return this.connection.call<T>(spec, this.observer);
  }
}
