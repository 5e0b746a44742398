// Where the gateway and the tuned Apollo reference allocate, per request, under the same load: V8's sampling heap
// profiler over the inspector protocol, counting every sampled allocation (objects already collected included),
// aggregated by the function that allocated. Allocation drives the young-generation GC and much of the cache
// misses, which CPU profiles do not show.
//   node bench/alloc-profile.mjs        Env: ALLOC_WARMUP (10000) ALLOC_REQUESTS (10000) ALLOC_CONNECTIONS (8) ALLOC_TOP (30)
import WebSocket from 'ws';
import { drive, envInt, freePort, log, stopProcess } from './lib/harness.mjs';
import { mutationLoad, startGateway, startReference, startSimulator } from './lib/stack.mjs';

const warmup = envInt('ALLOC_WARMUP', 10_000, 0, 1e7);
const requests = envInt('ALLOC_REQUESTS', 10_000, 1, 1e7);
const connections = envInt('ALLOC_CONNECTIONS', 8, 1, 1024);
const top = envInt('ALLOC_TOP', 30, 1, 1000);
const inspectable = (port) => ['sh', '-c', `exec "$0" --inspect=127.0.0.1:${port} "$@"`];

const sim = await startSimulator('simulator-alloc');
const gatewayPort = await freePort();
const apolloPort = await freePort();
const gateway = await startGateway(sim.url, { wrapper: inspectable(gatewayPort) });
const apollo = await startReference('apollo', sim.url, { wrapper: inspectable(apolloPort) });
const targets = {
  gateway: { port: gatewayPort, proc: gateway.proc, load: mutationLoad('gateway', gateway.url) },
  apollo: { port: apolloPort, proc: apollo.proc, load: mutationLoad('apollo', apollo.url) },
};
for (const [name, target] of Object.entries(targets)) {
  const load = { ...target.load, connections, durationS: 600 };
  if (warmup > 0) await drive({ ...load, amount: warmup });
  const inspector = await connect(target.port);
  await inspector.send('HeapProfiler.enable');
  await inspector.send('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  await drive({ ...load, amount: requests });
  const { profile } = await inspector.send('HeapProfiler.stopSampling');
  inspector.close();
  report(name, profile);
}
for (const target of Object.values(targets)) await stopProcess(target.proc);
await stopProcess(sim.proc);

function report(name, profile) {
  const byFunction = new Map();
  let total = 0;
  const walk = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(dist|bench)\//, '$1/');
    const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
    total += node.selfSize;
    node.children.forEach(walk);
  };
  walk(profile.head);
  log(`\n${name}: ${(total / requests / 1024).toFixed(1)} KiB allocated per request (sampled), by allocating function:`);
  for (const [key, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) log(`${Math.round(bytes / requests).toLocaleString('en-US').padStart(8)} B  ${key}`);
}

/** A minimal Chrome DevTools Protocol client: send(method, params) resolves the command's result. */
async function connect(port) {
  const [target] = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let lastId = 0;
  const pending = new Map();
  socket.on('message', (data) => {
    const message = JSON.parse(data);
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  return {
    send: (method, params = {}) => new Promise((resolve, reject) => {
      const id = ++lastId;
      pending.set(id, (message) => (message.error ? reject(new Error(`${method}: ${message.error.message}`)) : resolve(message.result)));
      socket.send(JSON.stringify({ id, method, params }));
    }),
    close: () => socket.close(),
  };
}
