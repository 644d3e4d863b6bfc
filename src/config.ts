// The one place that reads process.env. Development defaults: embedded database, demo data.
import { z } from 'zod';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { cipherOptionsFromEnv, type CipherSuiteOptions } from './modules/personal/crypto.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres://').optional(),
  FQ_DATA_DIR: z.string().default('./data'),
  FQ_TIME_ZONE: z.string().default('Asia/Shanghai'),
  FQ_DEMO: bool.optional(),
  FQ_DEMO_CASES: bool.default(true),
  FQ_TLS_CERT: z.string().optional(),
  FQ_TLS_KEY: z.string().optional(),
  FQ_MAP_TILE_URL: z.string().optional(),
  FQ_DATA_KEYS: z.string().optional(),
  FQ_DATA_KEY_ACTIVE: z.string().optional(),
  FQ_INDEX_KEY: z.string().optional(),
  FQ_CRYPTO: z.string().optional(),
  FQ_SMS: z.enum(['outbox', 'off']).default('outbox'),
  FQ_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  timeZone: string;
  demo: boolean;
  /** with demo data: also the ~320 demo cases of the last 150 days (src/seed/cases.ts) */
  demoCases: boolean;
  tls?: { cert: Buffer; key: Buffer };
  mapTileUrl?: string;
  logLevel: string;
  version: string;
  /** personal-data encryption keys and algorithm (docs/PERSONAL-DATA.md) */
  crypto: CipherSuiteOptions;
  /** SMS: 'outbox' writes each message to sms_outbox for a gateway; 'off' sends none */
  sms: 'outbox' | 'off';
};

export class ConfigError extends Error {}

/** Settings production refuses to start without. */
const REQUIRED_IN_PRODUCTION = ['DATABASE_URL'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // an empty variable counts as unset
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(`配置项 ${first.path.join('.')} 无效 (invalid setting ${first.path.join('.')}): ${first.message}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production') {
    for (const name of REQUIRED_IN_PRODUCTION) {
      if (!e[name]) throw new ConfigError(`生产模式缺少配置项 ${name} (production mode needs ${name})`);
    }
    if (e.FQ_DEMO) throw new ConfigError('生产模式不允许演示数据 FQ_DEMO (demo data is refused in production)');
  }
  if (Boolean(e.FQ_TLS_CERT) !== Boolean(e.FQ_TLS_KEY)) {
    throw new ConfigError(`TLS 需要同时配置 FQ_TLS_CERT 和 FQ_TLS_KEY (missing ${e.FQ_TLS_CERT ? 'FQ_TLS_KEY' : 'FQ_TLS_CERT'})`);
  }
  let tls: Config['tls'];
  if (e.FQ_TLS_CERT && e.FQ_TLS_KEY) {
    try {
      tls = { cert: readFileSync(e.FQ_TLS_CERT), key: readFileSync(e.FQ_TLS_KEY) };
    } catch (err) {
      throw new ConfigError(`无法读取 TLS 证书或私钥 (cannot read TLS files): ${(err as Error).message}`);
    }
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.FQ_DATA_DIR),
    timeZone: e.FQ_TIME_ZONE,
    demo: e.FQ_DEMO ?? (e.NODE_ENV !== 'production' && !e.DATABASE_URL),
    demoCases: e.FQ_DEMO_CASES,
    tls,
    mapTileUrl: e.FQ_MAP_TILE_URL,
    logLevel: e.FQ_LOG_LEVEL,
    version: readVersion(),
    crypto: cipherOptionsFromEnv(e, e.NODE_ENV),
    sms: e.FQ_SMS,
  };
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return pkg.version as string;
}
