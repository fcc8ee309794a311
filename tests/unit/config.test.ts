import { ConfigError, loadConfig } from '../../config';

const valid = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/db',
  TEMPORAL_ADDRESS: 'localhost:7233',
  PUBLIC_BASE_URL: 'https://dispatch.example.org/',
  TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32),
  TWILIO_AUTH_TOKEN: 'x'.repeat(32),
  TWILIO_FROM: '+15005550006',
  SMTP_URL: 'smtp://localhost:25',
  MAIL_FROM: 'dispatch@example.org',
  SESSION_SECRET: 's'.repeat(32),
  DATA_KEY: 'ab'.repeat(32),
};

describe('configuration', () => {
  it('reads a complete environment, with defaults for the rest', () => {
    const config = loadConfig(valid);
    expect(config.publicBaseUrl).toBe('https://dispatch.example.org');
    expect(config.temporal).toEqual({
      address: 'localhost:7233',
      namespace: 'default',
      taskQueue: 'dispatch',
      uiUrl: undefined,
      connection: { address: 'localhost:7233' },
    });
    expect(config.port).toBe(3000);
    expect(config.dataKey).toHaveLength(32);
    expect(config.devSinks).toBe(false);
  });

  it('lists every missing or malformed variable in one error', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ ...valid, DATABASE_URL: undefined, DATA_KEY: 'short', TWILIO_FROM: undefined });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DATABASE_URL is required/),
        'DATA_KEY must be 64 hex characters (a 256-bit key)',
      ]),
    );
    expect(error?.message).toContain('DATABASE_URL');
  });

  it('reads the payload key ring, the first key encrypting, and derives one from DATA_KEY when unset', () => {
    const keys = loadConfig({ ...valid, PAYLOAD_KEYS: `new:${'11'.repeat(32)},old:${'22'.repeat(32)}` }).payloadKeys;
    expect(keys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(keys[0].key).toEqual(Buffer.alloc(32, 0x11));
    const derived = loadConfig(valid).payloadKeys;
    expect(derived).toHaveLength(1);
    expect(derived[0].key).toHaveLength(32);
    expect(derived[0].key.equals(loadConfig(valid).dataKey)).toBe(false);
    expect(loadConfig({ ...valid, DATA_KEY: 'cd'.repeat(32) }).payloadKeys[0].key.equals(derived[0].key)).toBe(false);
  });

  it('refuses a malformed payload key ring', () => {
    expect(() => loadConfig({ ...valid, PAYLOAD_KEYS: 'k1:abcd' })).toThrow(/PAYLOAD_KEYS must be id:64hex/);
    expect(() => loadConfig({ ...valid, PAYLOAD_KEYS: `a:${'11'.repeat(32)},a:${'22'.repeat(32)}` })).toThrow(
      /PAYLOAD_KEYS must not repeat a key id/,
    );
  });

  it('runs on email alone with no TWILIO_* at all, and names what is missing from a partial set', () => {
    const emailOnly = loadConfig({
      ...valid,
      TWILIO_ACCOUNT_SID: undefined,
      TWILIO_AUTH_TOKEN: undefined,
      TWILIO_FROM: undefined,
    });
    expect(emailOnly.twilio).toBeUndefined();
    let error: ConfigError | undefined;
    try {
      loadConfig({ ...valid, TWILIO_AUTH_TOKEN: undefined, TWILIO_FROM: undefined });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems).toEqual([
      expect.stringMatching(/^TWILIO_AUTH_TOKEN is required \(SMS needs the whole set; leave every TWILIO_\* unset/),
      expect.stringMatching(/^TWILIO_FROM set TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID/),
    ]);
  });

  it('takes empty TWILIO_* values as not configured (compose passes unset ones as empty), a partial set still refused', () => {
    const blank = { TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '', TWILIO_FROM: '', TWILIO_MESSAGING_SERVICE_SID: '' };
    expect(loadConfig({ ...valid, ...blank }).twilio).toBeUndefined();
    expect(loadConfig({ ...valid, ...blank, TWILIO_API_BASE: ' ' }).twilio).toBeUndefined();
    expect(() => loadConfig({ ...valid, ...blank, TWILIO_ACCOUNT_SID: valid.TWILIO_ACCOUNT_SID })).toThrow(
      /TWILIO_AUTH_TOKEN is required/,
    );
    // With the set complete, an empty messaging-service SID beside TWILIO_FROM is not a malformed one.
    expect(loadConfig({ ...valid, TWILIO_MESSAGING_SERVICE_SID: '' }).twilio?.from).toBe(valid.TWILIO_FROM);
  });

  it('needs a sender: TWILIO_FROM or a messaging service', () => {
    expect(() => loadConfig({ ...valid, TWILIO_FROM: undefined })).toThrow(
      /TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID/,
    );
    expect(
      loadConfig({ ...valid, TWILIO_FROM: undefined, TWILIO_MESSAGING_SERVICE_SID: 'MG' + '1'.repeat(32) }).twilio
        ?.messagingServiceSid,
    ).toBe('MG' + '1'.repeat(32));
  });

  it('serves metrics only when METRICS_PORT names a port', () => {
    expect(loadConfig(valid).metrics).toBeUndefined();
    expect(loadConfig({ ...valid, METRICS_PORT: 'off' }).metrics).toBeUndefined();
    expect(loadConfig({ ...valid, METRICS_PORT: '' }).metrics).toBeUndefined();
    expect(loadConfig({ ...valid, METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '0.0.0.0' });
    expect(loadConfig({ ...valid, METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' }).metrics?.host).toBe('10.0.0.5');
    for (const bad of ['0', '70000', 'on', '94x'])
      expect(() => loadConfig({ ...valid, METRICS_PORT: bad })).toThrow(/METRICS_PORT must be a port number/);
  });
});

import { redact } from '../../api/errors';

describe('log redaction', () => {
  it('removes email addresses and phone numbers from error text', () => {
    expect(
      redact('duplicate key value violates unique constraint: Key (email)=(jane.doe@example.org) already exists'),
    ).toBe('duplicate key value violates unique constraint: Key (email)=([email]) already exists');
    expect(redact("The 'To' number +372 5123 4567 is not a valid phone number.")).toBe(
      "The 'To' number [number] is not a valid phone number.",
    );
  });
});

describe('locked-down configuration', () => {
  it('reads TRUST_PROXY as hops or addresses, loopback when unset, and names what it cannot read', () => {
    expect(loadConfig(valid).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ ...valid, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ ...valid, TRUST_PROXY: '10.0.0.0/8, loopback,::1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      'loopback',
      '::1',
    ]);
    expect(() => loadConfig({ ...valid, TRUST_PROXY: 'true' })).toThrow(
      /TRUST_PROXY must be a number of proxy hops \(e\.g\. 1\) or addresses\/CIDR ranges .*not understood: true/,
    );
    expect(() => loadConfig({ ...valid, TRUST_PROXY: '10.0.0.0/33,caddy' })).toThrow(
      /not understood: 10\.0\.0\.0\/33, caddy/,
    );
    expect(() => loadConfig({ ...valid, TRUST_PROXY: '99' })).toThrow(/TRUST_PROXY must be a hop count of at most 10/);
  });

  it('refuses the dev sinks in production, with the reason', () => {
    expect(loadConfig({ ...valid, DEV_SINKS: '1' }).devSinks).toBe(true);
    expect(loadConfig({ ...valid, NODE_ENV: 'production' }).devSinks).toBe(false);
    expect(() => loadConfig({ ...valid, DEV_SINKS: '1', NODE_ENV: 'production' })).toThrow(
      /DEV_SINKS cannot be 1 when NODE_ENV=production: the dev sinks show every message sent/,
    );
  });

  it('listens on loopback whenever the dev sinks are on, whatever HOST says', () => {
    expect(loadConfig(valid).host).toBe('0.0.0.0');
    expect(loadConfig({ ...valid, HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
    expect(loadConfig({ ...valid, HOST: '0.0.0.0', DEV_SINKS: '1' }).host).toBe('127.0.0.1');
    expect(() => loadConfig({ ...valid, HOST: 'localhost' })).toThrow(/HOST must be an IP address/);
  });
});
