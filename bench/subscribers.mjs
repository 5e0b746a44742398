// Subscribers for the benchmark, in their own process: graphql-ws clients over `ws`, each connection with
// `perConnection` kycUpdates subscriptions, sent by documentId as a client with the trusted-documents manifest does.
//   node bench/subscribers.mjs '{"url":"ws://127.0.0.1:4000/graphql","authorization":"Bearer ...","documentId":"...",
//     "groups":[{"name":"idle","customerIds":{"prefix":"cstap_x","count":9000}},{"name":"fanout","customerIds":{"id":"cstap_y","count":1000}}],
//     "perConnection":1,"openConcurrency":200}'
// Prints JSON lines: {"type":"ready",...} once every subscription has its first event (the current state), then
// {"type":"changed","group":...,"count":N,"firstAt":...,"lastAt":...} once every subscription of a group has had a
// second event, with epoch times in ms (performance.timeOrigin + performance.now(), sub-millisecond). Runs until killed.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const args = JSON.parse(process.argv[2] ?? '{}');
const { url, authorization, documentId, groups, perConnection = 1, openConcurrency = 200 } = args;
const now = () => performance.timeOrigin + performance.now();
const out = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

// Every subscription: its group, customer, and when its events came.
const subscriptions = [];
for (const group of groups) {
  const { prefix, count, id } = group.customerIds;
  for (let i = 0; i < count; i++) subscriptions.push({ group: group.name, customerId: id ?? `${prefix}${i + 1}`, events: [], error: undefined });
}

const started = now();
const clients = [];
let opened = 0;
let failed = 0;
let firstEvents = 0;
let readyAt;
const changedSeen = new Map(groups.map((g) => [g.name, 0]));
const groupSize = new Map(groups.map((g) => [g.name, subscriptions.filter((s) => s.group === g.name).length]));
let resolveReady;
const ready = new Promise((resolve) => (resolveReady = resolve));

function onEvent(sub) {
  sub.events.push(now());
  if (sub.events.length === 1) {
    if (++firstEvents + failed === subscriptions.length) resolveReady();
  } else if (sub.events.length === 2) {
    const seen = changedSeen.get(sub.group) + 1;
    changedSeen.set(sub.group, seen);
    if (seen === groupSize.get(sub.group)) {
      const times = subscriptions.filter((s) => s.group === sub.group).map((s) => s.events[1]).sort((a, b) => a - b);
      out({ type: 'changed', group: sub.group, count: seen, firstAt: times[0], medianAt: times[times.length >> 1], lastAt: times[times.length - 1] });
    }
  }
}

function openConnection(batch) {
  return new Promise((resolve) => {
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization },
      lazy: false,
      retryAttempts: 0,
      keepAlive: 0,
      on: { connected: () => resolve(true), closed: () => resolve(false), error: () => resolve(false) },
    });
    clients.push(client);
    for (const sub of batch) {
      client.subscribe({ query: '', documentId, variables: { customerId: sub.customerId } }, {
        next: () => onEvent(sub),
        error: (error) => {
          sub.error = error;
          failed++;
          if (firstEvents + failed === subscriptions.length) resolveReady();
        },
        complete: () => {},
      });
    }
  });
}

// Open the connections, `openConcurrency` handshakes at a time.
const batches = [];
for (let i = 0; i < subscriptions.length; i += perConnection) batches.push(subscriptions.slice(i, i + perConnection));
let next = 0;
await Promise.all(Array.from({ length: Math.min(openConcurrency, batches.length) }, async () => {
  while (next < batches.length) {
    const batch = batches[next++];
    if (await openConnection(batch)) opened++;
  }
}));
await ready;
readyAt = now();
const firstError = subscriptions.find((s) => s.error)?.error;
out({
  type: 'ready', connections: batches.length, opened, subscriptions: subscriptions.length, subscribed: firstEvents, failed,
  openMs: readyAt - started, firstError: firstError === undefined ? undefined : JSON.stringify(firstError).slice(0, 300),
});

const stop = () => {
  for (const client of clients) void client.dispose();
  setTimeout(() => process.exit(0), 200);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
