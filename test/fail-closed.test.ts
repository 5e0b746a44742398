// Production fails closed: the real entry point (dist/main.js) never turns into a demo because a variable is missing.
import { APPROVED, ADD_KYC_ATTRIBUTES, WAITING, cardInput } from './helpers/operations.js';
import { runToExit, startGatewayProcess } from './helpers/process.js';
import { postGraphQL } from './helpers/stack.js';

const API_KEY = 'fail-closed-test-key-0123456789';

describe('NODE_ENV=production', () => {
  it('without CONNECTFI_BASE_URL exits non-zero with one line naming it, and starts no simulator', async () => {
    const { code, stderr, stdout } = await runToExit({ NODE_ENV: 'production', GATEWAY_API_KEYS: API_KEY });
    expect(code).toBe(1);
    const lines = stderr.split('\n').filter((line) => line.includes('CONNECTFI_BASE_URL'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('CONNECTFI_BASE_URL is required when NODE_ENV=production');
    expect(stdout).not.toContain('simulator.started');
  });

  it('refuses CONNECTFI_SIMULATOR values other than "embedded", naming the variable', async () => {
    const { code, stderr } = await runToExit({ NODE_ENV: 'production', GATEWAY_API_KEYS: API_KEY, CONNECTFI_SIMULATOR: 'yes' });
    expect(code).toBe(1);
    expect(stderr).toContain('CONNECTFI_SIMULATOR must be "embedded"');
  });

  it('with CONNECTFI_SIMULATOR=embedded and no caller credentials, refuses to start', async () => {
    const { code, stderr } = await runToExit({ NODE_ENV: 'production', CONNECTFI_SIMULATOR: 'embedded' });
    expect(code).toBe(1);
    expect(stderr).toContain('No caller credentials');
  });

  it('with CONNECTFI_SIMULATOR=embedded starts, warns loudly, and refuses anonymous callers', async () => {
    const gateway = await startGatewayProcess({ NODE_ENV: 'production', CONNECTFI_SIMULATOR: 'embedded', GATEWAY_API_KEYS: API_KEY });
    try {
      const warning = gateway.output().split('\n').find((line) => line.includes('"simulator.started"'));
      expect(JSON.parse(warning!)).toMatchObject({ level: 'warn', msg: expect.stringContaining('IN PRODUCTION') });
      const anonymous = await postGraphQL(gateway.url, ADD_KYC_ATTRIBUTES, cardInput(WAITING));
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const withKey = await postGraphQL(gateway.url, ADD_KYC_ATTRIBUTES, cardInput(APPROVED), { authorization: `Bearer ${API_KEY}` });
      expect(withKey.status).toBe(200);
      expect(withKey.body.data.addKycAttributes.__typename).toBe('KycStatusConflictError');
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  });
});

describe('outside production', () => {
  it('an unset CONNECTFI_BASE_URL still means the embedded simulator', async () => {
    const gateway = await startGatewayProcess({});
    try {
      expect(gateway.output()).toContain('"simulator.started"');
      const ok = await postGraphQL(gateway.url, ADD_KYC_ATTRIBUTES, cardInput(WAITING));
      expect(ok.body.data.addKycAttributes.__typename).toBe('AddKycAttributesSuccess');
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  });
});
