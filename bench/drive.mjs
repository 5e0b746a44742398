// One load run, in its own process so the load generator never shares an event loop with what it measures:
//   node bench/drive.mjs '{"url":"http://127.0.0.1:4000/graphql","connections":64,"durationS":8,
//                          "body":"...","headers":{...},"expect":"AddKycAttributesSuccess"}'
// Drives the URL with autocannon and prints one JSON line on stdout: autocannon's counters plus latency
// percentiles computed from every response time at microsecond resolution (autocannon's own histogram
// rounds to whole milliseconds, too coarse for a 1-connection comparison).
//
// "amount": N sends exactly N requests, then stops (durationS is then ignored).
// "rate": N holds the load at N requests per second instead of as many as answers allow.
// "vary": {"placeholder":"__CUSTOMER__","prefix":"cstap_x","count":5000} cycles through the IDs <prefix>1 ...
// <prefix><count>, one per request in turn, written in place of the placeholder in the URL's path and the body.
import autocannon from 'autocannon';

const args = JSON.parse(process.argv[2] ?? '{}');
const { url, connections = 1, durationS = 8, method = 'POST', headers = {}, body, expect, timeoutS = 10, vary, rate, amount } = args;
if (!url) {
  process.stderr.write('usage: node bench/drive.mjs \'{"url":...,"connections":N,"durationS":S,"body":"...","expect":"substring"}\'\n');
  process.exit(2);
}

let times = new Float64Array(1 << 16);
let count = 0;
const cpuBefore = process.cpuUsage();

const instance = autocannon(
  {
    url,
    method,
    headers,
    body,
    requests: vary ? [{ setupRequest: varied() }] : undefined,
    connections,
    duration: durationS,
    amount, // a fixed number of requests instead of a duration (bench/instructions.mjs)
    overallRate: rate, // requests per second across all connections; undefined: as fast as answers come
    timeout: timeoutS,
    // A 200 that is not the expected success (a GraphQL error, an UpstreamError) counts as a mismatch.
    verifyBody: expect ? (text) => text.includes(expect) : undefined,
  },
  (error, result) => {
    if (error) {
      process.stderr.write(`autocannon failed: ${error.message}\n`);
      process.exit(1);
    }
    const sorted = times.subarray(0, count).sort();
    const at = (q) => (count === 0 ? null : round3(sorted[Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1))]));
    let sum = 0;
    for (let i = 0; i < count; i++) sum += sorted[i];
    const cpu = process.cpuUsage(cpuBefore);
    const total = process.cpuUsage();
    const out = {
      url,
      connections,
      durationS: result.duration,
      requestsPerSecMean: result.requests.mean,
      requestsCompleted: result.requests.total,
      requestsSent: result.requests.sent,
      status2xx: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      mismatches: result.mismatches,
      resets: result.resets,
      statusCodeStats: result.statusCodeStats,
      latencyMs: {
        count,
        mean: count === 0 ? null : round3(sum / count),
        p50: at(0.5),
        p90: at(0.9),
        p99: at(0.99),
        p999: at(0.999),
        max: count === 0 ? null : round3(sorted[count - 1]),
      },
      autocannonLatencyMs: { p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.mean },
      driverCpuUs: cpu.user + cpu.system,
      driverCpuTotalUs: total.user + total.system, // since the driver started, start-up included
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  },
);

instance.on('response', (_client, _statusCode, _bytes, responseTimeMs) => {
  if (count === times.length) {
    const bigger = new Float64Array(times.length * 2);
    bigger.set(times);
    times = bigger;
  }
  times[count++] = responseTimeMs;
});

/** autocannon's setupRequest: the next customer ID of the cycle in the path and the body. */
function varied() {
  const { placeholder, prefix, count } = vary;
  const { pathname, search } = new URL(url);
  const pathTemplate = decodeURIComponent(pathname) + search;
  let next = 0;
  return (request) => {
    const id = `${prefix}${(next++ % count) + 1}`;
    request.path = pathTemplate.replaceAll(placeholder, id);
    if (body !== undefined) request.body = body.replaceAll(placeholder, id);
    return request;
  };
}

function round3(x) {
  return Math.round(x * 1000) / 1000;
}

process.once('SIGINT', () => instance.stop());
process.once('SIGTERM', () => instance.stop());
