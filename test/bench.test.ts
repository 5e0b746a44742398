// `npm run bench` keeps working as the gateway changes: a minimal run of every scenario over real HTTP (http at 1 and
// 4 connections for 1 s, latency at 5 ms for 1 s, no warm-up; 20 subscriptions; 64 KiB uploads), checked for what
// must hold whatever the machine's speed: every answer a success, every target measured, one connectFi call per
// request, the gateway's features really on, the same answer size from the gateway and the reference, every
// subscription served (by documentId) and the webhook's change reaching them all, every upload stored, every verdict
// written. No timing figure is asserted: speed lives in the benchmark itself.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNodeToExit } from './helpers/process.js';

const RUN = fileURLToPath(new URL('../bench/run.mjs', import.meta.url));

it('runs every scenario, answers only successes, and makes one connectFi call per request', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-'));
  try {
    const run = await runNodeToExit([RUN], {
      PATH: process.env.PATH, HOME: process.env.HOME, BENCH_RESULTS_DIR: dir, BENCH_QUIET_WAIT_S: '0',
      BENCH_ROUNDS: '1', BENCH_DURATION_S: '1', BENCH_WARMUP_S: '0', BENCH_CONNECTIONS: '1,4',
      BENCH_LATENCY_MS: '5', BENCH_LATENCY_CONNECTIONS: '4', BENCH_LATENCY_DURATION_S: '1', BENCH_LATENCY_ROUNDS: '1',
      BENCH_LATENCY_WARMUP_S: '0', BENCH_LATENCY_CUSTOMERS: '20',
      BENCH_SUBS_TOTAL: '20', BENCH_SUBS_FANOUT: '5', BENCH_SUBS_SETTLE_S: '0',
      BENCH_UPLOAD_BYTES: '65536', BENCH_UPLOAD_ROUNDS: '1', BENCH_UPLOAD_CONCURRENT: '2',
    });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const result = JSON.parse(readFileSync(path.join(dir, 'latest.json'), 'utf8'));
    expect(result.valid).toBe(true);

    const http = result.results.http;
    expect(Object.keys(http.summary).sort()).toEqual(['apollo@1', 'apollo@4', 'gateway@1', 'gateway@4', 'proxy@1', 'proxy@4']);
    for (const [target, s] of Object.entries<{ reqPerSec: number; upstreamCallsPerReq: number; bad: number }>(http.summary)) {
      expect({ target, bad: s.bad, served: s.reqPerSec > 0 }).toEqual({ target, bad: 0, served: true });
      // autocannon may stop with a request in flight on each connection: allow that much slack, no more.
      expect(s.upstreamCallsPerReq).toBeGreaterThanOrEqual(0.9);
      expect(s.upstreamCallsPerReq).toBeLessThanOrEqual(1.1);
    }
    expect(http.preflight.gatewayFeatures).toEqual({ authEnforced: true, trustedDocuments: true, cors: true, metrics: true });
    expect(http.preflight.gateway.bytes).toBe(http.preflight.apollo.bytes); // the same selection, answered alike
    expect(http.references.apollo.gatewayVsThis.reqPerSec).toBeGreaterThan(0);

    const latency = result.results.latency;
    expect(Object.keys(latency.summary)).toEqual(['proxy mutation', 'gateway mutation', 'proxy read', 'gateway read']);
    for (const s of Object.values<{ reqPerSec: number; bad: number }>(latency.summary)) expect({ bad: s.bad, served: s.reqPerSec > 0 }).toEqual({ bad: 0, served: true });

    const subscriptions = result.results.subscriptions;
    expect(subscriptions.ready).toMatchObject({ subscriptions: 20, subscribed: 20, failed: 0 });
    expect(subscriptions.fanout.subscribers).toBe(5);
    expect(subscriptions.webhooks.sent).toBe(1);

    const uploads = result.results.uploads.summary;
    expect(uploads.times.direct).toHaveLength(1);
    expect(uploads.times.gateway).toHaveLength(1);

    const checks = result.verdict.checks as Array<{ scenario: string; name: string; pass?: boolean }>;
    expect(checks.map((c) => c.scenario)).toEqual([
      ...Array(4).fill('http'), ...Array(5).fill('latency'), ...Array(2).fill('subscriptions'), ...Array(2).fill('uploads'),
    ]);
    expect(checks.map((c) => `${c.scenario}: ${c.name}`)).toEqual(expect.arrayContaining([
      'http: throughput c4 vs tuned Apollo', 'http: CPU/request c4 vs tuned Apollo', 'http: p50 c1 over proxy', 'http: RSS after the HTTP runs',
      'latency: reads in flight at connectFi (sampled max)',
    ]));
    for (const c of checks) expect({ check: c.name, judged: typeof c.pass }).toEqual({ check: c.name, judged: 'boolean' });
    expect(run.stdout).toMatch(/^VERDICT: \d+\/\d+ targets met/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

it('bench/alloc-profile.mjs reports both processes\' allocation per request, by function', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-alloc-'));
  try {
    const run = await runNodeToExit([fileURLToPath(new URL('../bench/alloc-profile.mjs', import.meta.url))], {
      PATH: process.env.PATH, HOME: process.env.HOME, BENCH_RESULTS_DIR: dir, ALLOC_WARMUP: '0', ALLOC_REQUESTS: '50', ALLOC_TOP: '3',
    });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    for (const name of ['gateway', 'apollo']) {
      const [, kib, rows] = new RegExp(`^${name}: ([\\d.]+) KiB allocated per request \\(sampled\\), by allocating function:\\n((?:.+\\n){3})`, 'm').exec(run.stdout) ?? [];
      expect({ name, sampled: Number(kib) > 0, rows: rows?.split('\n').filter((row) => / B {2}\S/.test(row)).length }).toEqual({ name, sampled: true, rows: 3 });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
