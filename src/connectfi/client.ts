// One method per connectFi endpoint, for one GraphQL request: every call is reported to that request's observer
// (its log line and metrics). Cheap to create: the connection (tokens, transport, breaker) is shared.
import { isTransientReadFailure, type CallObserver, type CallResult } from './call-result.js';
import type { ConnectFiConnection } from './connection.js';
import type {
  WireAddAttributesRequest, WireAddAttributesResponse, WireApplication, WireGenerateDocumentRequest, WireGeneratedDocument,
  WireIdentificationRequest, WireKycBundle, WireStartKycRequest, WireSuccess, WireUpdateApplicationRequest,
} from './wire.js';

const READ_RETRY_BASE_MS = 50;

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
    return this.read({ method: 'POST', path: '/akepa/status', route: '/akepa/status', body: { customerId, applicationId } });
  }

  generateApplicationDocument(body: WireGenerateDocumentRequest): Promise<CallResult<WireSuccess<WireGeneratedDocument>>> {
    return this.post('/akepa/document/generate', body);
  }

  updateApplication(body: WireUpdateApplicationRequest): Promise<CallResult<WireSuccess<WireApplication>>> {
    return this.post('/akepa/update', body);
  }

  getKycStatus(customerId: string): Promise<CallResult<WireSuccess<WireKycBundle>>> {
    return this.read({ method: 'GET', path: `/customer/kyc/status/${encodeURIComponent(customerId)}`, route: '/customer/kyc/status/:customerId' });
  }

  /** A change: never repeated here (its outcome after a failure may be unknown). */
  private post<T extends WireSuccess<unknown>>(path: string, body: unknown): Promise<CallResult<T>> {
    return this.connection.call<T>({ method: 'POST', path, route: path, body }, this.observer);
  }

  /** A read, so safe to repeat: retried once, after a jittered pause, when it failed in a way that may pass. */
  private async read<T extends WireSuccess<unknown>>(spec: Parameters<ConnectFiConnection['call']>[0]): Promise<CallResult<T>> {
    const first = await this.connection.call<T>(spec, this.observer);
    if (first.ok || !isTransientReadFailure(first.failure)) return first;
    await new Promise((resolve) => setTimeout(resolve, READ_RETRY_BASE_MS + Math.random() * READ_RETRY_BASE_MS));
    return this.connection.call<T>(spec, this.observer);
  }
}
