// `npm run bench` keeps working as the gateway changes: a minimal run (1 round of 1 s, 1 and 4 connections, no
// warm-up) of every target over real HTTP, checked for what must hold whatever the machine's speed: every answer
// a success, every target measured, one connectFi call per request, the verdict and reference comparison written.
// No timing figure is asserted: speed lives in the benchmark itself.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNodeToExit } from './helpers/process.js';

const RUN = fileURLToPath(new URL('../bench/run.mjs', import.meta.url));

it('runs every target, answers only successes, and makes one connectFi call per request', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-'));
  try {
    const run = await runNodeToExit([RUN], {
      PATH: process.env.PATH, HOME: process.env.HOME, BENCH_RESULTS_DIR: dir, BENCH_ROUNDS: '1', BENCH_DURATION_S: '1', BENCH_WARMUP_S: '0', BENCH_CONNECTIONS: '1,4', BENCH_QUIET_WAIT_S: '0',
    });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const result = JSON.parse(readFileSync(path.join(dir, 'latest.json'), 'utf8'));
    expect(result.valid).toBe(true);
    expect(Object.keys(result.summary).sort()).toEqual(['apollo@4', 'gateway@1', 'gateway@4', 'graphql-js@4', 'proxy@1', 'proxy@4']);
    for (const [target, s] of Object.entries<{ reqPerSec: number; upstreamCallsPerReq: number; bad: number }>(result.summary)) {
      expect({ target, bad: s.bad, served: s.reqPerSec > 0 }).toEqual({ target, bad: 0, served: true });
      // autocannon may stop with a request in flight on each connection: allow that much slack, no more.
      expect(s.upstreamCallsPerReq).toBeGreaterThanOrEqual(0.9);
      expect(s.upstreamCallsPerReq).toBeLessThanOrEqual(1.1);
    }
    expect(result.preflight.gatewayFeatures).toEqual({ authEnforced: true, anonymousStatus: 401, metricsStatus: 200 });
    expect(result.verdict.checks.map((c: { name: string }) => c.name)).toEqual(['throughput c4', 'p99 c4', 'RSS', 'p50 c1', 'vs Mesh c4']);
    expect(Object.keys(result.references.servers)).toEqual(['apollo', 'graphql-js']);
    expect(result.references.servers.apollo.gatewayVsThis.reqPerSec).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/^VERDICT: \d\/5 targets met/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
