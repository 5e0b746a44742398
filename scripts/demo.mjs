// `npm run demo`: the KYC console (examples/web/) against the gateway on its embedded connectFi simulator.
//
// Starts the gateway exactly as `npm start` does (the start script's Node flags and entry, see start-command.mjs),
// with CORS_ORIGINS set to the page's origin, GATEWAY_TRUSTED_DOCUMENTS set to the codegen manifest and
// GATEWAY_PUBLIC_URL set to its own URL (so the embedded simulator's webhooks reach it, and the live panel shows a
// review as it happens), and serves the page on its own port with a small static server. Prints both URLs; SIGINT
// or SIGTERM stops both.
//
//   DEMO_PORT  port of the page (default 5173; 0: a free port)
//   PORT       port of the gateway (default 4000; 0: a free port)
//
// startDemo() and serveDemoPage() are also what test/browser/demo.test.ts runs.
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startCommand } from './start-command.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WEB_ROOT = path.join(ROOT, 'examples', 'web');
export const MANIFEST = path.join(ROOT, 'examples', 'generated', 'persisted-documents.json');
const HOST = '127.0.0.1';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

// The page loads nothing from elsewhere; it may only talk to a gateway (any http(s) URL, and ws(s) for the live
// status, since ?gateway= may point at another one). Blocking other origins here keeps "nothing from a CDN" checked
// by the browser itself.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "connect-src 'self' http: https: ws: wss:", "img-src 'self' data:", "style-src 'self'",
  "script-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

/**
 * Serves examples/web/ plus /persisted-documents.json (the trusted-documents manifest) and /config.js (where the
 * gateway is, the demo customers, and the embedded simulator's URL for the page's demo-only hints). GET and HEAD
 * only; nothing outside examples/web/ but the manifest.
 * Resolves once listening: { url, origin, port, configure({ gatewayUrl, customers, simulatorUrl }), close() }.
 */
export async function serveDemoPage({ port = 0, gatewayUrl, customers = [], simulatorUrl } = {}) {
  const webRoot = await realpath(WEB_ROOT);
  let configJs;
  const configure = (config) => {
    const values = { gateway: config.gatewayUrl, customers: config.customers ?? [], simulator: config.simulatorUrl };
    configJs = `// Written by scripts/demo.mjs.\nexport default ${JSON.stringify(values, null, 2)};\n`;
  };
  configure({ gatewayUrl, customers, simulatorUrl });
  const server = createServer((req, res) => {
    serveStatic(req, res, webRoot, configJs).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error\n');
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve(undefined));
  });
  const origin = `http://${HOST}:${server.address().port}`;
  return {
    url: `${origin}/`,
    origin,
    port: server.address().port,
    configure,
    close: () => new Promise((resolve) => {
      server.close(() => resolve(undefined));
      server.closeAllConnections();
    }),
  };
}

function send(res, status, contentType, body, headers = {}) {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

async function serveStatic(req, res, webRoot, configJs) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', { allow: 'GET, HEAD' });
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://demo.invalid').pathname);
  } catch {
    return send(res, 400, 'text/plain; charset=utf-8', 'Bad request\n');
  }
  if (pathname === '/config.js') return send(res, 200, CONTENT_TYPES['.js'], configJs);
  const file = pathname === '/persisted-documents.json' ? MANIFEST : await fileUnder(webRoot, pathname);
  if (file === undefined) return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
  const info = await stat(file).catch(() => undefined);
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (!info?.isFile() || contentType === undefined) return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
  res.writeHead(200, {
    'content-type': contentType,
    'content-length': info.size,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(contentType.startsWith('text/html') ? { 'content-security-policy': CONTENT_SECURITY_POLICY } : {}),
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

/** The file a URL path names inside root, or undefined: no NUL, no dot-files, no way out (.., %2e%2e, symlinks). */
async function fileUnder(root, pathname) {
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined;
  const relative = (pathname.endsWith('/') ? `${pathname}index.html` : pathname).replace(/^\/+/, '');
  if (relative.split('/').some((segment) => segment.startsWith('.'))) return undefined;
  const candidate = path.resolve(root, relative);
  if (!candidate.startsWith(root + path.sep)) return undefined;
  const real = await realpath(candidate).catch(() => undefined);
  return real !== undefined && real.startsWith(root + path.sep) ? real : undefined;
}

/** A port that was free a moment ago (the gateway's URL must be known before it starts: GATEWAY_PUBLIC_URL). */
async function freePort() {
  const probe = createServer();
  await new Promise((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, HOST, () => resolve(undefined));
  });
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(() => resolve(undefined)));
  return port;
}

/**
 * Starts the gateway as `npm start` does, on the embedded simulator, with CORS_ORIGINS = the page's origin,
 * GATEWAY_TRUSTED_DOCUMENTS = the manifest and GATEWAY_PUBLIC_URL = its own URL (unless `env` names another): upload
 * URLs point at it, and connectFi (the simulator) is given webhook URLs that reach it. Resolves once it logs where it
 * listens.
 */
async function startGateway({ port, corsOrigins, env, onOutput }) {
  const { flags, entry } = startCommand();
  const listenPort = port === 0 ? await freePort() : port;
  const childEnv = {
    ...process.env,
    LOG_LEVEL: ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '') ? process.env.LOG_LEVEL : 'info', // the listening line is info
    GATEWAY_PUBLIC_URL: `http://${HOST}:${listenPort}`,
    ...env,
    PORT: String(listenPort),
    HOST,
    CORS_ORIGINS: corsOrigins.join(','),
    GATEWAY_TRUSTED_DOCUMENTS: MANIFEST,
  };
  delete childEnv.CONNECTFI_BASE_URL; // the demo runs on the embedded simulator, whatever this shell points at
  // Its own process group: a terminal's Ctrl+C reaches only this script, which then stops the gateway with one
  // SIGTERM (a second signal would make the gateway skip its graceful shutdown).
  const child = spawn(process.execPath, [...flags, entry], { env: childEnv, cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // If this process ends without stop() (a crash), the gateway in its own process group must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  let output = '';
  let pending = '';
  let simulator = { url: undefined, customers: [] };
  const listening = new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      output += chunk;
      onOutput(chunk);
    });
    child.stdout.on('data', (chunk) => {
      output += chunk;
      onOutput(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        let record;
        try {
          record = JSON.parse(line);
        } catch {
          continue;
        }
        if (record.event === 'simulator.started') simulator = { url: record.url, customers: record.demoCustomers ?? [] };
        if (record.event === 'gateway.listening') resolve(new URL(record.url).origin);
      }
    });
    void exited.then(({ code, signal }) => reject(new Error(`the gateway exited (${signal ?? code}) before listening:\n${output}`)));
  });
  const origin = await listening;
  return {
    url: origin,
    simulator,
    child,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(force);
      }
    },
  };
}

/**
 * The demo: the page's server first (its origin goes into CORS_ORIGINS), then the gateway.
 * Resolves with { pageUrl, pageOrigin, gatewayUrl, graphqlUrl, simulatorUrl, customers, corsOrigins, output(), stop() }.
 */
export async function startDemo({
  demoPort = portFromEnv('DEMO_PORT', 5173),
  gatewayPort = portFromEnv('PORT', 4000),
  env = {},
  onOutput = () => {},
} = {}) {
  // The page's origin goes into CORS_ORIGINS, so its server listens first; config.js names the gateway once it runs.
  const page = await serveDemoPage({ port: demoPort });
  const corsOrigins = [page.origin];
  let gateway;
  try {
    gateway = await startGateway({ port: gatewayPort, corsOrigins, env, onOutput });
  } catch (error) {
    await page.close();
    throw error;
  }
  page.configure({ gatewayUrl: gateway.url, customers: gateway.simulator.customers, simulatorUrl: gateway.simulator.url });
  let stopping;
  return {
    pageUrl: page.url,
    pageOrigin: page.origin,
    gatewayUrl: gateway.url,
    graphqlUrl: `${gateway.url}/graphql`,
    simulatorUrl: gateway.simulator.url,
    customers: gateway.simulator.customers,
    corsOrigins,
    gatewayExited: gateway.exited,
    output: gateway.output,
    stop() {
      stopping ??= Promise.all([page.close(), gateway.stop()]).then(() => undefined);
      return stopping;
    },
  };
}

function portFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number (0-65535), got ${raw}`);
  return port;
}

async function main() {
  const demo = await startDemo({ onOutput: (chunk) => process.stderr.write(chunk) });
  const line = (label, value) => process.stdout.write(`${label.padEnd(22)}${value}\n`);
  process.stdout.write('\n');
  line('KYC demo page:', demo.pageUrl);
  line('Gateway:', demo.graphqlUrl);
  line('  CORS_ORIGINS:', demo.corsOrigins.join(','));
  line('  trusted documents:', path.relative(ROOT, MANIFEST));
  line('connectFi simulator:', demo.simulatorUrl ?? '(not reported)');
  line('Demo customers:', demo.customers.map((c) => `${c.customerId} (${c.kycStatus})`).join(', '));
  process.stdout.write('Gateway logs go to stderr. Ctrl+C stops both.\n\n');

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('Stopping the page server and the gateway...\n');
    await demo.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  void demo.gatewayExited.then(({ code, signal }) => {
    if (stopping) return;
    process.stderr.write(`The gateway exited (${signal ?? code}); stopping the demo.\n`);
    void demo.stop().then(() => process.exit(1));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
