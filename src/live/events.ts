// What the live KYC machinery carries: one customer's state as connectFi last answered it, for one subject (the
// deprecated flow's KYC, or one akepa application). Events are only ever built from connectFi's answers.
import { createHash } from 'node:crypto';
import type { WireApplication, WireKycBundle } from '../connectfi/wire.js';

export type LiveEvent =
  | { kind: 'kyc'; customerId: string; fingerprint: string; readAt: number; bundle: WireKycBundle }
  | { kind: 'application'; customerId: string; fingerprint: string; readAt: number; application: WireApplication };

/** Where an event came from, for the metrics. */
export type LiveSource = 'webhook' | 'poll' | 'subscribe' | 'mutation';

export const kycEvent = (customerId: string, bundle: WireKycBundle): LiveEvent =>
  ({ kind: 'kyc', customerId, fingerprint: fingerprint(bundle), readAt: Date.now(), bundle });

export const applicationEvent = (customerId: string, application: WireApplication): LiveEvent =>
  ({ kind: 'application', customerId, fingerprint: fingerprint(application), readAt: Date.now(), application });

/** "kyc", or "app:<applicationId>": one state per subject, the latest wins. */
export function subjectOf(event: LiveEvent): string {
  return event.kind === 'kyc' ? 'kyc' : `app:${event.application.applicationId}`;
}

/** Nothing more can change: deprecated APPROVED, akepa completed. */
export function isTerminal(event: LiveEvent): boolean {
  return event.kind === 'kyc' ? (event.bundle.customer.kycStatus ?? event.bundle.kyc.status) === 'APPROVED' : event.application.status === 'completed';
}

function fingerprint(state: unknown): string {
  return createHash('sha256').update(JSON.stringify(state)).digest('base64url').slice(0, 22);
}
