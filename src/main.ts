// Entry point: read config, start the embedded connectFi simulator where allowed, start the gateway, stop on signals.
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, type Config } from './config.js';
import type { Logger } from 'pino';
import type { ConnectFiTarget } from './app.js';
import { createLogger } from './logger.js';
import { startGateway } from './gateway.js';
import { startSimulator, type Simulator } from './simulator/index.js';
import { startTracing } from './tracing.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  const tracing = await startTracing();
  if (tracing) logger.info({ event: 'tracing.started' }, 'OpenTelemetry traces exported over OTLP');

  const { connectFi, simulator } = await connectFiTarget(config, logger);
  const gateway = await startGateway({ config, connectFi, logger });
  logger.info({ event: 'gateway.listening', url: `${gateway.url}/graphql`, health: `${gateway.url}/health` }, `gateway listening on ${gateway.url}/graphql`);

  // Graceful shutdown: stop accepting, finish requests in flight (up to SHUTDOWN_GRACE_MS), close connections,
  // exit 0. A second signal, or a close that hangs well past the grace period, exits at once with 1.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ event: 'gateway.forced_exit', signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ event: 'gateway.stopping', signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ event: 'gateway.shutdown_timeout' }, 'shutdown did not finish in time');
      process.exit(1);
    }, config.shutdownGraceMs + 10_000).unref();
    await gateway.close();
    await simulator?.close();
    await tracing?.shutdown(); // flushes the last spans
    logger.info({ event: 'gateway.stopped' }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** The real connectFi, or the embedded simulator: by default outside production, only when asked for in it. */
async function connectFiTarget(config: Config, logger: Logger): Promise<{ connectFi: ConnectFiTarget; simulator?: Simulator }> {
  if (config.connectFiBaseUrl) {
    return { connectFi: { baseUrl: config.connectFiBaseUrl, login: config.connectFiLogin!, password: config.connectFiPassword! } };
  }
  // Demo mode: a fresh password each run, known only to this process.
  const login = config.connectFiLogin ?? 'gateway_demo';
  const password = config.connectFiPassword ?? randomBytes(18).toString('base64url');
  const simulator = await startSimulator({ login, password });
  logger.warn(
    { event: 'simulator.started', url: simulator.url, demoCustomers: simulator.demoCustomers },
    config.production
      ? 'CONNECTFI_SIMULATOR=embedded IN PRODUCTION: serving DEMO DATA from the embedded connectFi simulator, not connectFi'
      : 'CONNECTFI_BASE_URL is not set: using the embedded connectFi simulator (demo data, not a real connectFi)',
  );
  return { connectFi: { baseUrl: simulator.url, login, password }, simulator };
}

main().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
