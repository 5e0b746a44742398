// A small typed client, as a frontend would write one: documents and types come from
// `npm run codegen` (examples/generated/), and every union member must be handled or this file fails to compile.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { AddKycAttributesDocument, type AddKycAttributesMutation, type AddKycAttributesMutationVariables } from './generated/graphql.js';

export async function request<R, V>(url: string, document: TypedDocumentNode<R, V>, variables: V, headers: Record<string, string> = {}): Promise<R> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: R; errors?: Array<{ message: string }> };
  if (!body.data) throw new Error(body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`);
  return body.data;
}

type AddResult = AddKycAttributesMutation['addKycAttributes'];

/** What a UI would show for each outcome. */
export function describeAddKycAttributes(result: AddResult): string {
  switch (result.__typename) {
    case 'AddKycAttributesSuccess':
      return `Attributes accepted; KYC is ${result.kyc.status}, ${result.kycDocumentList.length} document(s) expected.`;
    case 'InvalidInputError':
      return `Please correct: ${result.fields.map((f) => f.path.join('.')).join(', ')}`;
    case 'KycStatusConflictError':
      return `This step needs KYC status ${result.requiredStatus}.`;
    case 'CustomerNotFoundError':
      return `Unknown customer ${result.customerId}.`;
    case 'IdempotencyKeyReuseError':
      return `Key ${result.idempotencyKey} was already used for a different request.`;
    case 'UpstreamError':
      return result.outcome === 'UNKNOWN' ? 'Outcome unknown: check the status before retrying.' : 'Try again later.';
    default: {
      const unhandled: never = result; // a new union member makes this line fail to compile
      return unhandled;
    }
  }
}

export async function addKycAttributes(url: string, variables: AddKycAttributesMutationVariables, headers?: Record<string, string>): Promise<AddResult> {
  return (await request(url, AddKycAttributesDocument, variables, headers)).addKycAttributes;
}
