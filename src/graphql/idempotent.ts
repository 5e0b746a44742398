// Runs a mutation under its idempotencyKey (src/idempotency/): at most one connectFi call per (caller, key,
// input); repeats answer the stored member, and the store's own refusals become members here.
import { idempotencyRefusal } from './results.js';
import type { GatewayContext } from './context.js';

export async function runIdempotent<M extends { __typename: string }>(
  context: GatewayContext, idempotencyKey: string | null | undefined, wireInput: unknown, execute: () => Promise<M>,
): Promise<M | ReturnType<typeof idempotencyRefusal>> {
  if (idempotencyKey === undefined || idempotencyKey === null) return execute();
  const answer = await context.idempotency.run(context.caller.id, idempotencyKey, wireInput, execute);
  context.telemetry.idempotency = answer.result;
  return answer.kind === 'answer' ? answer.value : idempotencyRefusal(answer.refusal, idempotencyKey);
}
