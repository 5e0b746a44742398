// Scenario "subscriptions": idle kycUpdates subscriptions over graphql-ws, and one connectFi webhook fanned out.
// Skipped while the gateway has no subscription support.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/harness.mjs';

export function options() {
  return {};
}

export async function run() {
  if (!fs.existsSync(path.join(ROOT, 'schema', 'subscriptions.graphql'))) {
    return {
      skipped: 'this build has no GraphQL subscriptions (schema/subscriptions.graphql)',
      checks: [
        { name: 'RSS with 10,000 idle subscriptions', target: '< 400 MB', text: 'not measured' },
        { name: 'one webhook to 1,000 subscribers, the last reached', target: '≤ 1 s', text: 'not measured' },
      ],
    };
  }
  throw new Error('subscriptions: not implemented yet');
}
