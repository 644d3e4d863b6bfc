import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from './config.js';

describe('config', () => {
  it('defaults to the embedded database with demo data on port 3000', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.demo).toBe(true);
    expect(c.timeZone).toBe('Asia/Shanghai');
    expect(c.dataDir).toMatch(/data$/);
  });
  it('production refuses to start without DATABASE_URL and names it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL/);
  });
  it('production refuses demo data', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@127.0.0.1/db', FQ_DEMO: 'true' })).toThrow(/FQ_DEMO/);
  });
  it('names an invalid setting', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });
  it('TLS needs both the certificate and the key', () => {
    expect(() => loadConfig({ FQ_TLS_CERT: '/tmp/cert.pem' })).toThrow(/FQ_TLS_KEY/);
    expect(() => loadConfig({ FQ_TLS_CERT: '/nonexistent/c.pem', FQ_TLS_KEY: '/nonexistent/k.pem' })).toThrow(/TLS/);
  });
  it('a server URL turns demo data off unless asked for', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/db' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/db', FQ_DEMO: 'true' }).demo).toBe(true);
  });
  it('demo cases come with demo data unless turned off', () => {
    expect(loadConfig({}).demoCases).toBe(true);
    expect(loadConfig({ FQ_DEMO_CASES: 'false' }).demoCases).toBe(false);
    expect(() => loadConfig({ FQ_DEMO_CASES: 'maybe' })).toThrow(/FQ_DEMO_CASES/);
  });
});

describe('personal-data keys', () => {
  it('development falls back to the labelled development keys', () => {
    expect(loadConfig({}).crypto.activeKeyId).toBe('dev');
  });
  it('production names the missing key setting', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@127.0.0.1/db' })).toThrow(/FQ_DATA_KEYS/);
  });
  it('reads a keyring and the active key', () => {
    const k1 = Buffer.alloc(32, 1).toString('base64');
    const k2 = Buffer.alloc(32, 2).toString('base64');
    const idx = Buffer.alloc(32, 3).toString('base64');
    const c = loadConfig({ FQ_DATA_KEYS: `k1:${k1},k2:${k2}`, FQ_DATA_KEY_ACTIVE: 'k2', FQ_INDEX_KEY: idx, FQ_CRYPTO: 'sm4-ctr-hmac-sm3' });
    expect(c.crypto.activeKeyId).toBe('k2');
    expect(c.crypto.algorithm).toBe('sm4-ctr-hmac-sm3');
  });
});
