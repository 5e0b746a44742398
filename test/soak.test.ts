// A bounded soak of the real entry point (dist/main.js in a child process) against the simulator: 20,000
// mutations, 32 at a time, with 1% injected faults (0.5% HTTP 500, 0.5% dropped connections). Every request must
// get a typed answer, the gateway's counts must match the simulator's own, the breaker must not trip, and the
// gateway's memory (RSS, read from /proc) after the run must be within 20% of what it was after a warm-up.
import { readFileSync } from 'node:fs';
import { startSimulator } from '../src/simulator/index.js';
import { ADD_KYC_ATTRIBUTES, cardInput } from './helpers/operations.js';
import { startGatewayProcess, type GatewayProcess } from './helpers/process.js';
import { LOGIN, PASSWORD, ROUTES, SimulatorControl, postGraphQL } from './helpers/stack.js';

const API_KEY = 'test-soak-key-7c2e4a9b1f';
const WARM_UP = 2_000;
const RUN = 20_000;
const CONCURRENCY = 32;
const CUSTOMERS = 200;

function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

interface Tally {
  byType: Record<string, number>;
  byCode: Record<string, number>;
  /** HTTP status other than 200, a GraphQL error, or no union member: must stay empty. */
  untyped: string[];
}

/** `count` mutations, `CONCURRENCY` at a time, each with its own idempotencyKey. */
async function drive(gateway: GatewayProcess, customerIds: string[], count: number, keyPrefix: string): Promise<Tally> {
  const tally: Tally = { byType: {}, byCode: {}, untyped: [] };
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const variables = cardInput(customerIds[i % customerIds.length]);
      const input = { ...variables.input, idempotencyKey: `${keyPrefix}-${i}` };
      try {
        const r = await postGraphQL(gateway.url, ADD_KYC_ATTRIBUTES, { input }, { authorization: `Bearer ${API_KEY}` });
        const result = r.body.data?.addKycAttributes;
        if (r.status !== 200 || r.body.errors || typeof result?.__typename !== 'string') {
          tally.untyped.push(JSON.stringify(r).slice(0, 300));
          continue;
        }
        tally.byType[result.__typename] = (tally.byType[result.__typename] ?? 0) + 1;
        if (result.code) tally.byCode[result.code] = (tally.byCode[result.code] ?? 0) + 1;
      } catch (error) {
        tally.untyped.push(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return tally;
}

describe('soak', () => {
  it(`${RUN} mutations with 1% injected faults: typed answers, counts match connectFi's, memory stays flat`, async () => {
    const simulator = await startSimulator({ login: LOGIN, password: PASSWORD });
    const sim = new SimulatorControl(simulator.url);
    let gateway: GatewayProcess | undefined;
    try {
      gateway = await startGatewayProcess({
        CONNECTFI_BASE_URL: simulator.url, CONNECTFI_LOGIN: LOGIN, CONNECTFI_PASSWORD: PASSWORD, GATEWAY_API_KEYS: API_KEY,
        IDEMPOTENCY_MAX_ENTRIES: '1000', // the LRU bound is reached during the warm-up
      });
      const pid = gateway.child.pid!;
      const customerIds = await sim.createCustomers(CUSTOMERS, 'WAITING_DATA', 'soak');

      const warm = await drive(gateway, customerIds, WARM_UP, 'warm');
      expect(warm.untyped).toEqual([]);
      expect(warm.byType).toEqual({ AddKycAttributesSuccess: WARM_UP });
      const rssAfterWarmUp = rssBytes(pid);

      await sim.reset(); // counters from zero (customers are seeded again: create ours again)
      await sim.createCustomers(CUSTOMERS, 'WAITING_DATA', 'soak');
      await sim.faults([
        { kind: 'status', status: 500, route: ROUTES.addAttributes, rate: 0.005 },
        { kind: 'reset', route: ROUTES.addAttributes, rate: 0.005 },
      ]);
      const started = Date.now();
      const run = await drive(gateway, customerIds, RUN, 'run');
      const seconds = (Date.now() - started) / 1000;
      const rssAfterRun = rssBytes(pid);
      const stats = await sim.stats();

      // Every request got a union member, and only the two members this run can produce.
      expect(run.untyped).toEqual([]);
      const successes = run.byType.AddKycAttributesSuccess ?? 0;
      const upstreamErrors = run.byType.UpstreamError ?? 0;
      expect(successes + upstreamErrors).toBe(RUN);
      // The gateway's counts are connectFi's counts: each 200 is a success, each injected fault an UpstreamError.
      const injected500 = stats.faultsInjected.status ?? 0;
      const injectedResets = stats.faultsInjected.reset ?? 0;
      expect(stats.requests[ROUTES.addAttributes]).toBe(RUN);
      expect(stats.responses[ROUTES.addAttributes]['200']).toBe(successes);
      expect(stats.responses[ROUTES.addAttributes]['500'] ?? 0).toBe(injected500);
      expect(run.byCode).toEqual({
        ...(injected500 ? { UPSTREAM_SERVER_ERROR: injected500 } : {}),
        ...(injectedResets ? { UPSTREAM_CONNECTION_LOST: injectedResets } : {}),
      });
      expect(upstreamErrors).toBe(injected500 + injectedResets);
      expect(upstreamErrors).toBeGreaterThan(RUN * 0.005); // the faults did happen (about 200 expected)
      expect(stats.logins).toBe(0); // the token from the warm-up served the whole run
      // 1% of failures never trips the breaker (it needs 5 in a row).
      expect(run.byCode.UPSTREAM_CIRCUIT_OPEN).toBeUndefined();

      // Memory: within 20% of the level after the warm-up.
      const growth = rssAfterRun / rssAfterWarmUp - 1;
      process.stdout.write(
        `soak: ${RUN} mutations in ${seconds.toFixed(1)} s (${Math.round(RUN / seconds)}/s), ${successes} successes, ` +
          `${injected500} x 500 and ${injectedResets} resets injected; RSS ${(rssAfterWarmUp / 2 ** 20).toFixed(1)} MiB after warm-up, ` +
          `${(rssAfterRun / 2 ** 20).toFixed(1)} MiB after the run (${(growth * 100).toFixed(1)}%)\n`,
      );
      expect(growth).toBeLessThanOrEqual(0.2);

      expect(await gateway.stop('SIGTERM')).toBe(0);
      gateway = undefined;
    } finally {
      await gateway?.stop('SIGKILL');
      await simulator.close();
    }
  }, 180_000);
});
