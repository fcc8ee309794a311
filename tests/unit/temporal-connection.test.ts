// How every process connects to Temporal: plain, mTLS, a private CA, a server name, an API key (Temporal Cloud),
// read through the SDK's own environment configuration; bad combinations are configuration errors.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, parseTemporalConnection } from '../../config';

const valid = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/db',
  TEMPORAL_ADDRESS: 'temporal.internal:7233',
  PUBLIC_BASE_URL: 'https://dispatch.example.org/',
  TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32),
  TWILIO_AUTH_TOKEN: 'x'.repeat(32),
  TWILIO_FROM: '+15005550006',
  SMTP_URL: 'smtp://localhost:25',
  MAIL_FROM: 'dispatch@example.org',
  SESSION_SECRET: 's'.repeat(32),
  DATA_KEY: 'ab'.repeat(32),
};

const dir = mkdtempSync(path.join(tmpdir(), 'temporal-tls-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const CERT = '-----BEGIN CERTIFICATE-----\nclient\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n';
const CA = '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ ...valid, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('Temporal connection options', () => {
  it('connects in plain text to a local server when nothing more is set', () => {
    expect(loadConfig(valid).temporal.connection).toEqual({ address: 'temporal.internal:7233' });
  });

  it('uses mTLS with a client certificate and key from files, a private CA and a server name', () => {
    const { connection } = loadConfig({
      ...valid,
      TEMPORAL_TLS_CLIENT_CERT_PATH: file('client.pem', CERT),
      TEMPORAL_TLS_CLIENT_KEY_PATH: file('client.key', KEY),
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: file('ca.pem', CA),
      TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal.example.org',
    }).temporal;
    expect(connection.address).toBe('temporal.internal:7233');
    expect(connection.tls).toEqual({
      serverNameOverride: 'frontend.temporal.example.org',
      serverRootCACertificate: Buffer.from(CA),
      clientCertPair: { crt: Buffer.from(CERT), key: Buffer.from(KEY) },
    });
    expect(connection.apiKey).toBeUndefined();
  });

  it('takes the certificate and key as data too (a secret store that hands out values, not files)', () => {
    const { tls } = loadConfig({
      ...valid,
      TEMPORAL_TLS_CLIENT_CERT_DATA: CERT,
      TEMPORAL_TLS_CLIENT_KEY_DATA: KEY,
    }).temporal.connection;
    expect(tls).toMatchObject({ clientCertPair: { crt: Buffer.from(CERT), key: Buffer.from(KEY) } });
  });

  it('uses an API key over TLS for Temporal Cloud', () => {
    const { connection, namespace } = loadConfig({
      ...valid,
      TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233',
      TEMPORAL_NAMESPACE: 'peer-dispatch.a1b2c',
      TEMPORAL_API_KEY: 'cloud-api-key-value',
    }).temporal;
    expect(namespace).toBe('peer-dispatch.a1b2c');
    expect(connection).toEqual({
      address: 'eu-west-1.aws.api.temporal.io:7233',
      apiKey: 'cloud-api-key-value',
      tls: true,
    });
  });

  it('turns TLS on or off explicitly and passes gRPC headers', () => {
    expect(loadConfig({ ...valid, TEMPORAL_TLS: 'true' }).temporal.connection.tls).toEqual({});
    expect(loadConfig({ ...valid, TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' }).temporal.connection.tls).toBe(false);
    expect(loadConfig({ ...valid, TEMPORAL_GRPC_META_X_TEAM: 'dispatch' }).temporal.connection.metadata).toEqual({
      'x-team': 'dispatch',
    });
  });

  it('reads a profile of a TOML file only when TEMPORAL_CONFIG_FILE names it', () => {
    const toml = file(
      'temporal.toml',
      '[profile.prod]\naddress = "ignored:7233"\nnamespace = "prod-ns"\napi_key = "from-the-file"\n',
    );
    const { connection } = loadConfig({ ...valid, TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'prod' }).temporal;
    // The environment wins over the file (TEMPORAL_ADDRESS is required and set).
    expect(connection).toEqual({ address: 'temporal.internal:7233', apiKey: 'from-the-file', tls: true });

    // A developer's own CLI profile under HOME is not picked up by the product.
    const home = mkdtempSync(path.join(tmpdir(), 'home-'));
    mkdirSync(path.join(home, '.config', 'temporalio'), { recursive: true });
    writeFileSync(path.join(home, '.config', 'temporalio', 'temporal.toml'), '[profile.default]\napi_key = "dev"\n');
    expect(loadConfig({ ...valid, HOME: home, XDG_CONFIG_HOME: '' }).temporal.connection).toEqual({
      address: 'temporal.internal:7233',
    });
  });

  it('reports a certificate without its key, both a path and data, a bad TEMPORAL_TLS and an unreadable file', () => {
    expect(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: file('only.pem', CERT) })).toEqual([
      expect.stringMatching(/TEMPORAL_TLS_CLIENT_CERT_\* and TEMPORAL_TLS_CLIENT_KEY_\* go together/),
    ]);
    expect(
      problemsOf({
        TEMPORAL_TLS_CLIENT_CERT_PATH: file('c.pem', CERT),
        TEMPORAL_TLS_CLIENT_CERT_DATA: CERT,
        TEMPORAL_TLS_CLIENT_KEY_DATA: KEY,
      }),
    ).toEqual([expect.stringMatching(/set TEMPORAL_TLS_CLIENT_CERT_PATH or TEMPORAL_TLS_CLIENT_CERT_DATA, not both/)]);
    expect(problemsOf({ TEMPORAL_TLS: 'yes' })).toEqual(['TEMPORAL_TLS must be true or false']);
    expect(
      problemsOf({
        TEMPORAL_TLS_CLIENT_CERT_PATH: path.join(dir, 'missing.pem'),
        TEMPORAL_TLS_CLIENT_KEY_PATH: path.join(dir, 'missing.key'),
      }),
    ).toEqual([expect.stringMatching(/^TEMPORAL_TLS\* \/ TEMPORAL_CONFIG_FILE: .*missing/)]);
    // Reported together with the other variables' problems, in one error.
    expect(problemsOf({ DATA_KEY: 'short', TEMPORAL_TLS: 'yes' })).toHaveLength(2);
  });

  it('is what parseTemporalConnection gives for the address config.ts validated', () => {
    expect(parseTemporalConnection({ TEMPORAL_API_KEY: 'k' }, 'x:1').options).toEqual({
      address: 'x:1',
      apiKey: 'k',
      tls: true,
    });
  });
});
