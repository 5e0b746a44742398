// Starts the embedded connectFi simulator and the gateway on free loopback ports, both over real HTTP.
import type { Logger } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startGateway, type Gateway } from '../../src/gateway.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { ConnectFiProxy } from './connectfi-proxy.js';

export const LOGIN = 'gateway_test';
export const PASSWORD = 'Test-Passw0rd-not-for-logs';

export interface GraphQLResponse<T = any> {
  status: number;
  body: { data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

export interface FaultRule {
  kind: 'latency' | 'status' | 'reset' | 'truncate' | 'expireToken' | 'extAkepa';
  route?: string;
  times?: number;
  rate?: number;
  latencyMs?: number;
  status?: number;
  retryAfterS?: number;
  afterBytes?: number;
}

export interface SimulatorStats {
  requests: Record<string, number>;
  responses: Record<string, Record<string, number>>;
  logins: number;
  inFlight: number;
  maxInFlight: Record<string, number>;
  faultsInjected: Record<string, number>;
}

export const ROUTES = {
  login: 'POST /auth/get-token',
  addAttributes: 'POST /customer/kyc/add-attributes',
  status: 'GET /customer/kyc/status/:customerId',
  kycInit: 'POST /customer/kyc/init',
  identification: 'POST /akepa/identification',
  applicationStatus: 'POST /akepa/status',
  generateDocument: 'POST /akepa/document/generate',
  updateApplication: 'POST /akepa/update',
};

/** The simulator's test-control API (/__sim/*), over HTTP. */
export class SimulatorControl {
  constructor(readonly url: string) {}
  async stats(): Promise<SimulatorStats> {
    return (await fetch(`${this.url}/__sim/stats`)).json() as Promise<SimulatorStats>;
  }
  async requests(route: string): Promise<any[]> {
    const res = await fetch(`${this.url}/__sim/requests?route=${encodeURIComponent(route)}`);
    return ((await res.json()) as { bodies: any[] }).bodies;
  }
  async faults(faults: FaultRule[]): Promise<void> {
    await this.post('/__sim/faults', { faults });
  }
  async reset(): Promise<void> {
    await this.post('/__sim/reset', {});
  }
  async expireTokens(): Promise<void> {
    await this.post('/__sim/expire-tokens', {});
  }
  async createCustomers(count: number, kycStatus = 'WAITING_DATA', prefix?: string): Promise<string[]> {
    const res = await this.post('/__sim/customers', { count, kycStatus, prefix });
    return ((await res.json()) as { customerIds: string[] }).customerIds;
  }
  private async post(path: string, body: unknown): Promise<Response> {
    const res = await fetch(this.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path} answered ${res.status}`);
    return res;
  }
}

export async function postGraphQL<T = any>(
  url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as GraphQLResponse<T>['body'] };
}

export interface Stack {
  simulator: Simulator;
  sim: SimulatorControl;
  gateway: Gateway;
  /** Between the gateway and the simulator when StackOptions.proxy is set. */
  proxy?: ConnectFiProxy;
  logLines: string[];
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Gateway environment, as in production (strings). */
  env?: Record<string, string>;
  simulator?: SimulatorOptions;
  /** Credentials the gateway logs in with; default the simulator's. */
  password?: string;
  /** Headers every `gql` call sends (e.g. `authorization`); a call's own headers win. */
  headers?: Record<string, string>;
  /** Put a ConnectFiProxy between the gateway and the simulator (to hold calls or rewrite answers). */
  proxy?: boolean;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const simulator = await startSimulator({ login: LOGIN, password: PASSWORD, ...options.simulator });
  const proxy = options.proxy ? await ConnectFiProxy.start(simulator.url) : undefined;
  const logLines: string[] = [];
  const logger: Logger = createLogger('trace', { write: (line: string) => void logLines.push(line) });
  const password = options.password ?? PASSWORD;
  const connectFiUrl = proxy?.url ?? simulator.url;
  // Configured as a deployment would be: connectFi's URL and credentials; callers anonymous unless env says otherwise.
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', CONNECTFI_BASE_URL: connectFiUrl, CONNECTFI_LOGIN: LOGIN, CONNECTFI_PASSWORD: password,
    GATEWAY_ALLOW_ANONYMOUS: 'true', ...options.env,
  });
  const gateway = await startGateway({ config, logger, connectFi: { baseUrl: connectFiUrl, login: LOGIN, password } });
  return {
    simulator,
    sim: new SimulatorControl(simulator.url),
    gateway,
    proxy,
    logLines,
    gql: (query, variables, headers) => postGraphQL(gateway.url, query, variables, { ...options.headers, ...headers }),
    async close() {
      await gateway.close();
      await proxy?.close();
      await simulator.close();
    },
  };
}
