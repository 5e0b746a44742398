// The real entry point (dist/main.js): configuration errors, the embedded simulator, and what reaches the log.
import { ADD_KYC_ATTRIBUTES, APPROVED, WAITING, cardInput } from './helpers/operations.js';
import { runToExit, startGatewayProcess } from './helpers/process.js';
import { postGraphQL } from './helpers/stack.js';

describe('start-up', () => {
  it('stops with a message naming every invalid variable', async () => {
    const { code, stderr } = await runToExit({
      CONNECTFI_TIMEOUT_MS: 'soon', CONNECTFI_HTTP_CLIENT: 'curl', PORT: '99999', LOG_LEVEL: 'loud',
    });
    expect(code).toBe(1);
    for (const name of ['CONNECTFI_TIMEOUT_MS', 'CONNECTFI_HTTP_CLIENT', 'PORT', 'LOG_LEVEL']) expect(stderr).toContain(name);
  });

  it('requires credentials with a real CONNECTFI_BASE_URL, and never echoes the password', async () => {
    const { code, stderr } = await runToExit({ CONNECTFI_BASE_URL: 'https://connectfi.example', CONNECTFI_PASSWORD: 'x'.repeat(51) });
    expect(code).toBe(1);
    expect(stderr).toContain('CONNECTFI_LOGIN is required');
    expect(stderr).toContain('CONNECTFI_PASSWORD must be');
    expect(stderr).not.toContain('x'.repeat(51));
  });

  it('rejects a CONNECTFI_BASE_URL that is not an http(s) URL', async () => {
    const { code, stderr } = await runToExit({ CONNECTFI_BASE_URL: 'ftp://x', CONNECTFI_LOGIN: 'a', CONNECTFI_PASSWORD: 'b' });
    expect(code).toBe(1);
    expect(stderr).toContain('CONNECTFI_BASE_URL');
  });
});

describe('a full run with the embedded simulator', () => {
  it('serves, logs one line per operation, and logs no secret and no card name', async () => {
    const password = 'Pw-9f3c-never-logged';
    const gateway = await startGatewayProcess({ LOG_LEVEL: 'trace', CONNECTFI_PASSWORD: password });
    const out = gateway.output();
    expect(out).toContain('embedded connectFi simulator');
    expect(out).toContain(WAITING); // the demo customers are listed

    const ok = await postGraphQL(gateway.url, ADD_KYC_ATTRIBUTES, cardInput(WAITING, { nameOnCard: 'ZELDA Q SECRETNAME', additionalData: { note: 'private-note' } }));
    expect(ok.body.data.addKycAttributes.__typename).toBe('AddKycAttributesSuccess');
    const conflict = await postGraphQL(gateway.url, ADD_KYC_ATTRIBUTES, cardInput(APPROVED, { nameOnCard: 'ZELDA Q SECRETNAME' }));
    expect(conflict.body.data.addKycAttributes.__typename).toBe('KycStatusConflictError');
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);

    expect(await gateway.stop()).toBe(0);
    const log = gateway.output();
    const operations = log.split('\n').filter((l) => l.includes('"graphql.operation"')).map((l) => JSON.parse(l));
    expect(operations).toHaveLength(2);
    expect(operations[0]).toMatchObject({
      operation: 'AddKycAttributes',
      results: { addKycAttributes: 'AddKycAttributesSuccess' },
      upstream: [{ endpoint: 'POST /customer/kyc/add-attributes', status: 200, requestId: expect.stringMatching(/^[0-9a-f]{32}$/) }],
    });
    expect(operations[1].results).toEqual({ addKycAttributes: 'KycStatusConflictError' });
    expect(log).not.toContain('SECRETNAME');
    expect(log).not.toContain('private-note');
    expect(log).not.toContain(password);
    expect(log).not.toMatch(/[A-Za-z0-9]{60,}/); // connectFi tokens are 66 alphanumerics
  });
});
