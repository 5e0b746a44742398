// `npm run simulator`: the simulator on its own, configured from the environment. Prints one JSON line (never the password).
import { startSimulator } from './index.js';

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a non-negative integer`);
    process.exit(2);
  }
  return value;
}

const simulator = await startSimulator({
  host: process.env.SIMULATOR_HOST || '127.0.0.1',
  port: intFromEnv('SIMULATOR_PORT', 4010),
  login: process.env.CONNECTFI_LOGIN || 'demo',
  password: process.env.CONNECTFI_PASSWORD || 'demo-password',
  tokenTtlMs: intFromEnv('SIMULATOR_TOKEN_TTL_MS', 3_600_000),
});

console.log(JSON.stringify({ url: simulator.url, demoCustomers: simulator.demoCustomers.map((c) => c.customerId) }));

const stop = () => void simulator.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
