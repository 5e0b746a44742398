// The demo page's static server (scripts/demo.mjs): what it serves, with which content types, and that nothing
// outside examples/web/ (but the trusted-documents manifest) can be named. Runs without a browser.
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { MANIFEST, serveDemoPage, type DemoPageServer } from '../../scripts/demo.mjs';

/** A raw GET: fetch() would normalize the paths this test needs to send as they are. */
function get(port: number, path: string, method = 'GET'): Promise<{ status: number; type?: string; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the demo page server', () => {
  let server: DemoPageServer;
  const customers = [{ customerId: 'cstap_x', kycStatus: 'WAITING_DATA' }];
  beforeAll(async () => {
    server = await serveDemoPage({ port: 0, gatewayUrl: 'http://127.0.0.1:4999', customers });
  });
  afterAll(() => server.close());

  it.each([
    ['/', 'text/html; charset=utf-8'],
    ['/index.html', 'text/html; charset=utf-8'],
    ['/app.js', 'text/javascript; charset=utf-8'],
    ['/style.css', 'text/css; charset=utf-8'],
    ['/persisted-documents.json', 'application/json; charset=utf-8'],
    ['/config.js', 'text/javascript; charset=utf-8'],
  ])('serves %s as %s', async (path, type) => {
    const res = await get(server.port, path);
    expect(res.status).toBe(200);
    expect(res.type).toBe(type);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves the codegen manifest as it is, and config.js naming the gateway and the customers', async () => {
    expect((await get(server.port, '/persisted-documents.json')).body).toBe(readFileSync(MANIFEST, 'utf8'));
    const config = (await get(server.port, '/config.js')).body;
    expect(config).toContain('"gateway": "http://127.0.0.1:4999"');
    expect(config).toContain('"customerId": "cstap_x"');
  });

  it('sends the page with a CSP that loads scripts and styles from its own origin only', async () => {
    const csp = String((await get(server.port, '/')).headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
  });

  it.each([
    '/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/..%5c..%5cpackage.json',
    '/%00', '/.gitignore', '/../examples/generated/persisted-documents.json', '/nope.html', '/app.js/',
  ])('answers 404 for %s', async (path) => {
    const res = await get(server.port, path);
    expect(res.status).toBe(404);
    expect(res.body).toBe('Not found\n');
  });

  it('answers 400 for a path that does not decode, and 405 for other methods', async () => {
    expect((await get(server.port, '/%E0%A4%A')).status).toBe(400);
    const post = await get(server.port, '/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });
});
