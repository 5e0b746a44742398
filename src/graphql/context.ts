// Built once per GraphQL request: the caller, a connectFi client that reports to this request's telemetry,
// this request's loaders, and the shared idempotency store.
import DataLoader from 'dataloader';
import type { Caller } from '../auth.js';
import type { CallResult } from '../connectfi/call-result.js';
import { ConnectFiClient } from '../connectfi/client.js';
import type { ConnectFiConnection } from '../connectfi/connection.js';
import { createLimiter, type Limiter } from '../connectfi/limiter.js';
import type { WireApplication, WireKycBundle, WireSuccess } from '../connectfi/wire.js';
import type { Idempotency } from '../idempotency/index.js';
import type { KycLive } from '../live/kyc-live.js';
import type { UploadTargets } from '../uploads/targets.js';
import { RequestTelemetry } from './telemetry.js';

export type KycBundleResult = CallResult<WireSuccess<WireKycBundle>>;
export type ApplicationResult = CallResult<WireSuccess<WireApplication>>;

/** The key of an application read: connectFi names an application by customer and application ID. */
export const applicationKey = (customerId: string, applicationId: string) => JSON.stringify([customerId, applicationId]);

export interface GatewayContext {
  caller: Caller;
  connectFi: ConnectFiClient;
  telemetry: RequestTelemetry;
  /** Idempotent mutations (idempotencyKey): in-memory or Redis store, shared by every request. */
  idempotency: Idempotency;
  /** Signs one-time upload URLs (src/uploads/). */
  uploadTargets: UploadTargets;
  /** Live KYC status (src/live/): webhook URLs, what mutations learn, subscriptions. */
  live?: KycLive;
  loaders: {
    /** GET /customer/kyc/status/:customerId by customer ID; failures are values, so one key never fails another. */
    kycBundle: DataLoader<string, KycBundleResult>;
    /** POST /akepa/status by applicationKey(customerId, applicationId). */
    application: DataLoader<string, ApplicationResult>;
  };
}

/** What every request's context shares. */
export interface ContextDeps {
  connection: ConnectFiConnection;
  /** Process-wide bound on concurrent reads. */
  readLimiter: Limiter;
  /** Bound on one request's concurrent reads. */
  readsPerRequest: number;
  idempotency: Idempotency;
  uploadTargets: UploadTargets;
  live?: KycLive;
}

export function createContextFactory({ connection, readLimiter, readsPerRequest, idempotency, uploadTargets, live }: ContextDeps) {
  return async (caller: Caller): Promise<GatewayContext> => {
    const telemetry = new RequestTelemetry();
    const connectFi = new ConnectFiClient(connection, telemetry);
    const requestLimiter = createLimiter(readsPerRequest);
    const limit = <T>(read: () => Promise<T>) => requestLimiter(() => readLimiter(read));
    const kycBundle = new DataLoader<string, KycBundleResult>((customerIds) =>
      Promise.all(customerIds.map((id) => limit(() => connectFi.getKycStatus(id)))),
    );
    const application = new DataLoader<string, ApplicationResult>((keys) =>
      Promise.all(keys.map((key) => {
        const [customerId, applicationId] = JSON.parse(key) as [string, string];
        return limit(() => connectFi.getApplication(customerId, applicationId));
      })),
    );
    return { caller, connectFi, telemetry, idempotency, uploadTargets, live, loaders: { kycBundle, application } };
  };
}
