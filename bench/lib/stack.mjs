// The processes a scenario measures, each started the way it runs for real: the connectFi simulator, the bare
// keep-alive proxy (bench/proxy.mjs), the gateway with every production feature on, and the reference servers.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { startCommand } from '../../scripts/start-command.mjs';
import { baseEnv, die, freePort, PROFILE_DIR, RESULTS_DIR, ROOT, STAMP, startProcess, waitReady } from './harness.mjs';
import { gatewayMutationBody, MANIFEST_PATH, ORIGIN, referenceMutationBody } from './workload.mjs';

export const API_KEY = `bench-key-${randomBytes(12).toString('hex')}`;
const SIM_LOGIN = 'bench_gateway';
const SIM_PASSWORD = `bench-${randomBytes(9).toString('base64url')}`;
const CONNECTFI = { CONNECTFI_LOGIN: SIM_LOGIN, CONNECTFI_PASSWORD: SIM_PASSWORD };

/** Headers of every gateway request: its API key, and the browser origin CORS allows. */
export const GATEWAY_HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}`, origin: ORIGIN };

export async function startSimulator(name = 'simulator') {
  const port = await freePort();
  const proc = startProcess(name, ['dist/simulator/main.js'], {
    env: { ...baseEnv(), NODE_ENV: 'production', SIMULATOR_HOST: '127.0.0.1', SIMULATOR_PORT: String(port), ...CONNECTFI },
    stderrFile: path.join(RESULTS_DIR, `${name}.stderr.log`),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(name, `${url}/__sim/stats`);
  return { proc, url };
}

export async function startProxy(simUrl, name = 'proxy') {
  const port = await freePort();
  const proc = startProcess(name, ['bench/proxy.mjs'], {
    env: { ...baseEnv(), NODE_ENV: 'production', PROXY_HOST: '127.0.0.1', PROXY_PORT: String(port), UPSTREAM_URL: simUrl, ...CONNECTFI },
    stderrFile: path.join(RESULTS_DIR, `${name}.stderr.log`),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(name, `${url}/health`);
  return { proc, url };
}

/**
 * The gateway exactly as `npm start` runs it (the start script's Node flags), in production mode with every
 * feature a production deployment has on: API keys, the trusted-documents manifest, CORS for one origin, info
 * logging, metrics (always on), the circuit breaker (always on) and the idempotency store (in memory, always on).
 * `env` is merged last (BENCH_GATEWAY_ENV). `cpuProf`: write a V8 CPU profile on exit into bench/results/profiles.
 * `wrapper`: a command that runs node (valgrind, bench/instructions.mjs); `readyMs`: how long start-up may take.
 */
export async function startGateway(simUrl, { name = 'gateway', env = {}, cpuProf = false, log = '/dev/null', root, publicUrl = false, wrapper, readyMs } = {}) {
  const ours = startCommand();
  // Another checkout (bench/ab.mjs): the same start command, from there.
  const start = root === undefined ? ours : { flags: ours.flags, entry: path.join(root, path.relative(ROOT, ours.entry)) };
  const port = await freePort();
  const gatewayEnv = {
    ...baseEnv(),
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    CONNECTFI_BASE_URL: simUrl,
    ...CONNECTFI,
    GATEWAY_API_KEYS: API_KEY,
    GATEWAY_TRUSTED_DOCUMENTS: MANIFEST_PATH,
    CORS_ORIGINS: ORIGIN,
    // `publicUrl`: the gateway gives connectFi webhook URLs (to itself), signed as production requires.
    ...(publicUrl ? { GATEWAY_PUBLIC_URL: `http://127.0.0.1:${port}`, GATEWAY_WEBHOOK_SECRET: randomBytes(32).toString('base64url') } : {}),
    ...env,
  };
  const profileName = `${name}-${STAMP}.cpuprofile`;
  const profArgs = cpuProf ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, '--cpu-prof-name', profileName] : [];
  const startedAt = Date.now(); // the profile starts about now
  const proc = startProcess(name, [...start.flags, ...profArgs, start.entry], {
    env: gatewayEnv, stdout: log, stderrFile: path.join(RESULTS_DIR, `${name}.stderr.log`), cwd: root, wrapper,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(name, `${url}/health`, readyMs);
  return { proc, url, env: gatewayEnv, flags: start.flags, profile: cpuProf ? path.join(PROFILE_DIR, profileName) : undefined, startedAt };
}

/** A reference server, bench/references/<name>.mjs; `cpuProf`, `wrapper` and `readyMs` as for the gateway. */
export async function startReference(name, simUrl, { cpuProf = false, wrapper, readyMs } = {}) {
  const port = await freePort();
  const profileName = `${name}-${STAMP}.cpuprofile`;
  const profArgs = cpuProf ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, '--cpu-prof-name', profileName] : [];
  const startedAt = Date.now();
  const proc = startProcess(name, [...profArgs, `bench/references/${name}.mjs`], {
    env: { ...baseEnv(), NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), UPSTREAM_URL: simUrl, ...CONNECTFI },
    stderrFile: path.join(RESULTS_DIR, `${name}.stderr.log`), wrapper,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(name, `${url}/health`, readyMs);
  return { proc, url, profile: cpuProf ? path.join(PROFILE_DIR, profileName) : undefined, startedAt };
}

/**
 * The benchmark mutation as a load for drive(): the gateway's (its API key, CORS origin, documentId) or a reference
 * server's (the same selection as raw text), each expecting the full success.
 */
export function mutationLoad(target, url) {
  const gateway = target === 'gateway';
  return {
    url: `${url}/graphql`,
    headers: gateway ? GATEWAY_HEADERS : { 'content-type': 'application/json' },
    body: gateway ? gatewayMutationBody() : referenceMutationBody(),
    expect: '"AddKycAttributesSuccess"',
  };
}

/** A raw GraphQL operation sent as a service (API key) may send one; answers the parsed body or throws. */
export async function gql(gatewayUrl, query, variables) {
  const res = await fetch(`${gatewayUrl}/graphql`, { method: 'POST', headers: GATEWAY_HEADERS, body: JSON.stringify({ query, variables }) });
  const json = await res.json();
  if (res.status !== 200 || json.errors) throw new Error(`GraphQL answered HTTP ${res.status}: ${JSON.stringify(json).slice(0, 500)}`);
  return json.data;
}

/** A connectFi token from the simulator, for calls the benchmark makes to it straight (uploads). */
export async function simulatorToken(simUrl) {
  const res = await fetch(`${simUrl}/auth/get-token`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: { login: SIM_LOGIN, password: SIM_PASSWORD } }),
  });
  const token = (await res.json())?.data?.token;
  if (typeof token !== 'string') throw new Error(`simulator login answered HTTP ${res.status}`);
  return token;
}

/** Checks that what the gateway was configured with is really on; dies otherwise. Answers what it saw. */
export async function checkGatewayFeatures(gatewayUrl, sampleBody) {
  const post = (headers, body = sampleBody) => fetch(`${gatewayUrl}/graphql`, { method: 'POST', headers, body });
  const anonymous = await post({ 'content-type': 'application/json' });
  await anonymous.arrayBuffer();
  const unknownDocument = await post(GATEWAY_HEADERS, JSON.stringify({ documentId: `sha256:${'0'.repeat(64)}`, variables: {} }));
  const unknownAnswer = await unknownDocument.json().catch(() => undefined);
  const sample = await post(GATEWAY_HEADERS);
  await sample.arrayBuffer();
  const metrics = await fetch(`${gatewayUrl}/metrics`);
  const metricsText = await metrics.text();
  const features = {
    authEnforced: anonymous.status === 401,
    trustedDocuments: unknownAnswer?.errors?.[0]?.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND',
    cors: sample.headers.get('access-control-allow-origin') === ORIGIN,
    metrics: metrics.status === 200 && metricsText.includes('gateway_graphql_operations_total'),
  };
  const off = Object.entries(features).filter(([, on]) => !on).map(([name]) => name);
  if (off.length > 0) die(`the gateway does not have every feature on: ${off.join(', ')} (${JSON.stringify(features)})`);
  return features;
}

export { ROOT };
