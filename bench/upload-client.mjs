// Uploads for the benchmark, in their own process (the uploading client never shares an event loop with what it
// measures): node bench/upload-client.mjs '{"size":10485760,"concurrency":20,"uploads":[{"url":...,"headers":{...}}]}'
// Sends one multipart/form-data body (a PNG of `size` bytes in the part "file", with a Content-Length) to each URL,
// `concurrency` at a time, over fresh connections. Prints one JSON line: each upload's status, time (ms, from the
// request's start to the answer's end) and whether its answer was a success.
import http from 'node:http';

const { size, concurrency = 1, uploads } = JSON.parse(process.argv[2] ?? '{}');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const boundary = `----bench${Date.now().toString(16)}`;
const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="licence.png"\r\nContent-Type: image/png\r\n\r\n`);
const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
const file = Buffer.alloc(size, 7);
PNG_SIGNATURE.copy(file);
const body = Buffer.concat([head, file, tail]);

function post({ url, headers }) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(url, {
      method: 'POST', agent: false,
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          // reported as not ok
        }
        const ok = res.statusCode === 200 && (json?.uploadStatus === true || json?.code === '0');
        resolve({ status: res.statusCode, ms: performance.now() - started, ok, answer: ok ? undefined : text.slice(0, 300) });
      });
    });
    req.on('error', (error) => resolve({ status: 0, ms: performance.now() - started, ok: false, answer: error.message }));
    req.end(body);
  });
}

const results = new Array(uploads.length);
let next = 0;
const started = performance.now();
await Promise.all(Array.from({ length: Math.min(concurrency, uploads.length) }, async () => {
  while (next < uploads.length) {
    const i = next++;
    results[i] = await post(uploads[i]);
  }
}));
process.stdout.write(`${JSON.stringify({ bytes: body.length, wallMs: performance.now() - started, results })}\n`);
