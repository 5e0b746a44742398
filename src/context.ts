// Built once per GraphQL request: the connectFi client, this request's loaders, and what its log line reports.
import DataLoader from 'dataloader';
import type { CallResult, ConnectFiClient, UpstreamCallRecord } from './connectfi/client.js';
import type { Limiter } from './connectfi/limiter.js';
import type { WireKycBundle, WireSuccess } from './connectfi/wire.js';
import type { Idempotency, IdempotencyResult } from './idempotency/index.js';

export type KycBundleResult = CallResult<WireSuccess<WireKycBundle>>;

/** Who is calling: from the Authorization header (src/auth.ts), or anonymous where that is allowed. */
export interface Caller {
  kind: 'anonymous' | 'apiKey' | 'jwt';
  /** Stable, non-secret identifier (never the credential itself), e.g. a key fingerprint or a JWT subject. */
  id: string;
}

export const ANONYMOUS: Caller = { kind: 'anonymous', id: 'anonymous' };

export interface GatewayContext {
  caller: Caller;
  connectFi: ConnectFiClient;
  /** connectFi calls made for this request, for its log line. */
  upstreamCalls: UpstreamCallRecord[];
  /** Root field → __typename of its result, for the log line. */
  results: Record<string, string>;
  /** Idempotent mutations (idempotencyKey): in-memory or Redis store, shared by every request. */
  idempotency: Idempotency;
  /** How this request's idempotencyKey was answered, for the log line. */
  idempotencyResult?: IdempotencyResult;
  loaders: {
    /** GET /customer/kyc/status/:customerId by customer ID; failures are values, so one key never fails another. */
    kycBundle: DataLoader<string, KycBundleResult>;
  };
}

export function createContextFactory(connectFi: ConnectFiClient, readLimiter: Limiter, idempotency: Idempotency) {
  return async (caller: Caller = ANONYMOUS): Promise<GatewayContext> => {
    const upstreamCalls: UpstreamCallRecord[] = [];
    const kycBundle = new DataLoader<string, KycBundleResult>((customerIds) =>
      Promise.all(customerIds.map((id) => readLimiter(() => connectFi.getKycStatus(id, upstreamCalls)))),
    );
    return { caller, connectFi, upstreamCalls, results: {}, idempotency, loaders: { kycBundle } };
  };
}
