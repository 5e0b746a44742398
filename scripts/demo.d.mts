/** A demo customer as the embedded simulator logs it. */
export interface DemoCustomer { customerId: string; kycStatus: string; description?: string }

export declare const WEB_ROOT: string;
export declare const MANIFEST: string;

export interface DemoPageServer {
  url: string;
  origin: string;
  port: number;
  configure(config: { gatewayUrl?: string; customers?: DemoCustomer[]; simulatorUrl?: string }): void;
  close(): Promise<void>;
}

/** Serves examples/web/, /persisted-documents.json and /config.js (gateway, customers, simulator) on 127.0.0.1 (port 0: a free one). */
export declare function serveDemoPage(options?: { port?: number; gatewayUrl?: string; customers?: DemoCustomer[]; simulatorUrl?: string }): Promise<DemoPageServer>;

export interface Demo {
  pageUrl: string;
  pageOrigin: string;
  /** The gateway's origin, e.g. http://127.0.0.1:4000 (GraphQL at graphqlUrl). */
  gatewayUrl: string;
  graphqlUrl: string;
  /** The embedded connectFi simulator (its /__sim/* control API included). */
  simulatorUrl: string | undefined;
  customers: DemoCustomer[];
  corsOrigins: string[];
  gatewayExited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  stop(): Promise<void>;
}

/** The page's server and the gateway (as `npm start` runs it) on the embedded simulator. Ports default from DEMO_PORT and PORT. */
export declare function startDemo(options?: {
  demoPort?: number;
  gatewayPort?: number;
  /** Extra gateway environment (CORS_ORIGINS and GATEWAY_TRUSTED_DOCUMENTS are always the demo's; GATEWAY_PUBLIC_URL defaults to the gateway's own URL). */
  env?: Record<string, string>;
  onOutput?: (chunk: Buffer | string) => void;
}): Promise<Demo>;
