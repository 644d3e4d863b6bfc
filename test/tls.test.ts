// Optional TLS: with a certificate and key configured, the server speaks HTTPS (phone pages on a county LAN).
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import https from 'node:https';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/app.js';
import { freshDatabase, testClock } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'fq-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TLS', () => {
  it('serves HTTPS with the configured certificate and marks the session cookie Secure', async () => {
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    const config = loadConfig({ FQ_TLS_CERT: cert, FQ_TLS_KEY: key });
    const database = await freshDatabase();
    const app = await buildApp({ db: database.db, database, clock: testClock(), version: 'tls', demo: true, https: config.tls });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const request = (method: string, p: string, body?: string) =>
      new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
        const req = https.request({ host: '127.0.0.1', port, path: p, method, rejectUnauthorized: false, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
          let data = '';
          res.on('data', (d) => (data += d));
          res.on('end', () => resolve({ status: res.statusCode!, body: data, headers: res.headers }));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      const health = await request('GET', '/api/health');
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body).status).toBe('ok');
      const login = await request('POST', '/api/auth/login', JSON.stringify({ username: 'admin', password: 'Fq@demo2026' }));
      expect(login.status).toBe(200);
      expect(String(login.headers['set-cookie'])).toMatch(/Secure/);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
