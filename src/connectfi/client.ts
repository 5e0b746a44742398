// One method per connectFi endpoint, for one GraphQL request: every call is reported to that request's observer
// (its log line and metrics). Cheap to create: the connection (tokens, transport, breaker) is shared.
import { isTransientReadFailure, type CallFailure, type CallObserver, type CallResult } from './call-result.js';
import type { CallSpec, ConnectFiConnection } from './connection.js';
import type {
  WireAddAttributesRequest, WireAddAttributesResponse, WireApplication, WireGenerateDocumentRequest, WireGeneratedDocument,
  WireIdentificationRequest, WireKycBundle, WireStartKycRequest, WireSuccess, WireUpdateApplicationRequest,
} from './wire.js';

const READ_RETRY_BASE_MS = 50;

function retryPause(failure: CallFailure, remainingMs: number): number | undefined {
  if (isTransientReadFailure(failure)) return READ_RETRY_BASE_MS + Math.random() * READ_RETRY_BASE_MS;
  const wait = failure.kind === 'failed' && failure.code === 'UPSTREAM_RATE_LIMITED' ? failure.retryAfterMs : undefined;
  return wait !== undefined && wait <= remainingMs ? wait : undefined;
}

export class ConnectFiClient {
  constructor(
    private readonly connection: ConnectFiConnection,
    private readonly observer?: CallObserver,
  ) {}

  addKycAttributes(body: WireAddAttributesRequest): Promise<CallResult<WireAddAttributesResponse>> {
    return this.post('/customer/kyc/add-attributes', body);
  }

  startKyc(body: WireStartKycRequest): Promise<CallResult<WireSuccess<WireKycBundle>>> {
    return this.post('/customer/kyc/init', body);
  }

  startIdentification(body: WireIdentificationRequest): Promise<CallResult<WireSuccess<WireApplication>>> {
    return this.post('/akepa/identification', body);
  }

  /** A read (POST only because connectFi takes its parameters in a body). */
  getApplication(customerId: string, applicationId: string): Promise<CallResult<WireSuccess<WireApplication>>> {
    return this.read({ method: 'POST', path: '/akepa/status', route: '/akepa/status', body: { customerId, applicationId }, read: true });
  }

  generateApplicationDocument(body: WireGenerateDocumentRequest): Promise<CallResult<WireSuccess<WireGeneratedDocument>>> {
    return this.post('/akepa/document/generate', body);
  }

  updateApplication(body: WireUpdateApplicationRequest): Promise<CallResult<WireSuccess<WireApplication>>> {
    return this.post('/akepa/update', body);
  }

  getKycStatus(customerId: string): Promise<CallResult<WireSuccess<WireKycBundle>>> {
    return this.read({ method: 'GET', path: `/customer/kyc/status/${encodeURIComponent(customerId)}`, route: '/customer/kyc/status/:customerId', read: true });
  }

  /** A change: never repeated here (its outcome after a failure may be unknown). */
  private post<T extends WireSuccess<unknown>>(path: string, body: unknown): Promise<CallResult<T>> {
    return this.connection.call<T>({ method: 'POST', path, route: path, body }, this.observer);
  }

  /**
   * A read, so safe to repeat once: after a jittered pause when it failed in a way that may pass, or after
   * connectFi's Retry-After when that fits in the call's time budget.
   */
  private async read<T extends WireSuccess<unknown>>(spec: CallSpec): Promise<CallResult<T>> {
    const started = Date.now();
    const first = await this.connection.call<T>(spec, this.observer);
    if (first.ok) return first;
    const pauseMs = retryPause(first.failure, this.connection.timeoutMs - (Date.now() - started));
    if (pauseMs === undefined) return first;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    return this.connection.call<T>(spec, this.observer);
  }
}
