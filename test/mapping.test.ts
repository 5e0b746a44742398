// Narrow unit tests of the wire ⇄ GraphQL mapping, for wire shapes the simulator does not produce.
import { cardIssueType, customerType, documentSide, fieldErrorsFrom, kycStatus, toWireAddAttributes } from '../src/graphql/mapping.js';
import { addKycAttributesResult } from '../src/graphql/results.js';
import type { WireAddAttributesResponse } from '../src/connectfi/wire.js';

const input = {
  customerId: 'cstap_x',
  additionalAttributes: { cardAttributes: { productId: 'P', nameOnCard: 'N', designId: '1', addressType: 'PRIMARY', issueType: 'RE-ISSUE' } },
} as const;
const bundle = { customer: { customerId: 'cstap_x' }, kyc: { status: 'WAITING_DATA' } };

describe('mapping', () => {
  it('reads kycAttributes from data when connectFi puts it there', () => {
    const echoed = { cardAttributes: { productID: 'FROM_DATA', nameOnCard: 'N', designId: '1', addressType: 'PRIMARY', issueType: 'NEW' } };
    const value = { code: '0', data: { ...bundle, kycAttributes: echoed }, requestId: 'r' } as WireAddAttributesResponse;
    const wire = toWireAddAttributes(input as never);
    const result = addKycAttributesResult({ ok: true, value }, input as never, wire);
    expect(result).toMatchObject({ __typename: 'AddKycAttributesSuccess', requestId: 'r', kycAttributes: echoed });
  });

  it('falls back to what was sent when connectFi echoes nothing', () => {
    const wire = toWireAddAttributes(input as never);
    const result = addKycAttributesResult({ ok: true, value: { code: '0', data: bundle } as WireAddAttributesResponse }, input as never, wire);
    expect(result).toMatchObject({ kycAttributes: wire.additionalAttributes });
    expect(wire.additionalAttributes.cardAttributes).toMatchObject({ productID: 'P', issueType: 'RE-ISSUE', additionalData: {} });
  });

  it('translates AJV paths and missing properties into GraphQL input names', () => {
    expect(fieldErrorsFrom([
      { instancePath: '/additionalAttributes/cardAttributes', keyword: 'required', params: { missingProperty: 'productID' } },
      { instancePath: '/additionalAttributes/cardAttributes/productID', keyword: 'type', params: { type: 'string' } },
      { instancePath: '/additionalAttributes/cardAttributes/issueType', keyword: 'enum', params: { allowedValues: [] } },
    ]).map((f) => f.path)).toEqual([
      ['additionalAttributes', 'cardAttributes', 'productId'],
      ['additionalAttributes', 'cardAttributes', 'productId'],
      ['additionalAttributes', 'cardAttributes', 'issueType'],
    ]);
  });

  it('maps wire enum values it does not know to UNKNOWN, or null where the enum is also an input', () => {
    expect(kycStatus('PENDING_REVIEW')).toBe('UNKNOWN');
    expect(kycStatus('APPROVED')).toBe('APPROVED');
    expect(documentSide('SELFIE')).toBe('UNKNOWN');
    expect(customerType('business')).toBe('BUSINESS');
    expect(customerType('trust')).toBe('UNKNOWN');
    expect(cardIssueType('LOST')).toBeNull();
    expect(cardIssueType('RE-ISSUE')).toBe('RE-ISSUE');
  });

  it('maps an unexpected connectFi code to UpstreamError, NOT_APPLIED for a 4xx', () => {
    const result = addKycAttributesResult(
      { ok: false, failure: { kind: 'rejected', status: 400, error: { code: 'exception', requestId: 'r1' } } },
      input as never, toWireAddAttributes(input as never),
    );
    expect(result).toMatchObject({ __typename: 'UpstreamError', code: 'exception', requestId: 'r1', outcome: 'NOT_APPLIED', retryable: false });
  });
});
