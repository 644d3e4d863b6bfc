// Encryption at rest of personal data (DOMAIN §6) and the blind index for exact lookup. See docs/PERSONAL-DATA.md.
//
// Sealed value: v1.<alg>.<keyId>.<base64url iv>.<base64url data>
//   alg "aes256gcm": AES-256-GCM, random 12-byte IV, data = ciphertext ‖ 16-byte tag, AAD = "v1.aes256gcm.<keyId>".
//   alg "sm4ctr":    SM4-CTR + HMAC-SM3 (encrypt-then-MAC), random 16-byte IV, data = ciphertext ‖ 32-byte MAC.
//                    From the 32-byte key: SM4 key = HKDF-SM3(key, info "fengqiao sm4-ctr v1", 16 bytes),
//                    MAC key = HKDF-SM3(key, info "fengqiao hmac-sm3 v1", 32 bytes);
//                    MAC = HMAC-SM3(MAC key, "v1.sm4ctr.<keyId>" ‖ "." ‖ iv ‖ ciphertext), compared in constant time.
// The keys never reach the database: only the key id is stored, so old rows still decrypt after rotation.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { AppError, text, type Text } from '../../http/errors.js';
import { ConfigError } from '../../config.js';
import { normalizeIdNumber, normalizePersonName, normalizePhone } from './validate.js';
import { randomBytesPooled } from './random-pool.js';

export type CipherAlgorithm = 'aes-256-gcm' | 'sm4-ctr-hmac-sm3';
export const CIPHER_ALGORITHMS: readonly CipherAlgorithm[] = ['aes-256-gcm', 'sm4-ctr-hmac-sm3'];
const TAG: Record<CipherAlgorithm, string> = { 'aes-256-gcm': 'aes256gcm', 'sm4-ctr-hmac-sm3': 'sm4ctr' };
const BY_TAG: Record<string, CipherAlgorithm> = { aes256gcm: 'aes-256-gcm', sm4ctr: 'sm4-ctr-hmac-sm3' };
const VERSION = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export type Keyring = Record<string, Buffer>;
export interface CipherSuiteOptions {
  keys: Keyring;
  activeKeyId: string;
  algorithm: CipherAlgorithm;
  indexKey: Buffer;
}
export interface CipherSuite {
  readonly algorithm: CipherAlgorithm;
  readonly activeKeyId: string;
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  blindIndex(kind: string, value: string): string;
  /** True when the value was sealed with another key id or algorithm than the active ones. */
  needsRotation(sealed: string): boolean;
  /** Decrypt and seal again with the active key and algorithm (unchanged if already current). */
  reencrypt(sealed: string): string;
  /** The key id a sealed value names (for "is any row still on k1?" queries). */
  keyIdOf(sealed: string): string;
}

export type CryptoProblem = 'MALFORMED' | 'UNKNOWN_KEY' | 'TAMPERED';
/** A sealed value that cannot be opened. An AppError (500) so the HTTP layer answers with a bilingual message. */
export class PersonalDataCryptoError extends AppError {
  constructor(public readonly problem: CryptoProblem, t: Text) {
    super('INTERNAL', t, { problem });
    this.name = 'PersonalDataCryptoError';
  }
}
const malformed = (why: string) =>
  new PersonalDataCryptoError('MALFORMED', text(`加密数据格式错误：${why}`, `malformed sealed value: ${why}`));

const b64u = (b: Buffer) => b.toString('base64url');
/** Strict base64url: re-encoding must give the same text (Buffer.from ignores stray characters and spare bits). */
function fromB64u(s: string, what: string): Buffer {
  const b = Buffer.from(s, 'base64url');
  if (b64u(b) !== s) throw malformed(`${what} is not canonical base64url`);
  return b;
}

interface Parsed {
  alg: CipherAlgorithm;
  keyId: string;
  header: string;
  iv: Buffer;
  data: Buffer;
}
function parse(sealed: string): Parsed {
  if (typeof sealed !== 'string') throw malformed('not a string');
  const parts = sealed.split('.');
  if (parts.length !== 5) throw malformed('expected 5 dot-separated parts');
  const [ver, tag, keyId, iv, data] = parts;
  if (ver !== VERSION) throw malformed(`unknown version ${ver.slice(0, 8)}`);
  const alg = BY_TAG[tag];
  if (!alg) throw malformed(`unknown algorithm ${tag.slice(0, 16)}`);
  if (!KEY_ID.test(keyId)) throw malformed('bad key id');
  const parsed = { alg, keyId, header: `${ver}.${tag}.${keyId}`, iv: fromB64u(iv, 'iv'), data: fromB64u(data, 'data') };
  const [ivLen, minData] = alg === 'aes-256-gcm' ? [12, 16] : [16, 32];
  if (parsed.iv.length !== ivLen) throw malformed('bad iv length');
  if (parsed.data.length < minData) throw malformed('data too short');
  return parsed;
}

const derive = (key: Buffer, info: string, len: number) => Buffer.from(hkdfSync('sm3', key, Buffer.alloc(0), info, len));
const tampered = () =>
  new PersonalDataCryptoError(
    'TAMPERED',
    text('加密数据完整性校验失败（数据被篡改或密钥不匹配）', 'sealed value failed authentication (tampered, or sealed with a different key)'),
  );

export function createCipherSuite(opts: CipherSuiteOptions): CipherSuite {
  const { algorithm, activeKeyId } = opts;
  if (!CIPHER_ALGORITHMS.includes(algorithm)) throw new Error(`unknown algorithm ${String(algorithm)}`);
  const keys = new Map<string, Buffer>();
  for (const [id, key] of Object.entries(opts.keys)) keys.set(id, checkKey(id, key));
  if (!keys.has(activeKeyId)) throw new Error(`active key id ${activeKeyId} is not in the keyring (${[...keys.keys()].join(', ')})`);
  if (!Buffer.isBuffer(opts.indexKey) || opts.indexKey.length < 32) throw new Error('the index key must be at least 32 bytes');
  for (const [id, key] of keys) if (key.equals(opts.indexKey)) throw new Error(`the index key must differ from data key ${id}`);
  const indexKey = Buffer.from(opts.indexKey);

  // SM4 subkeys are derived once per key id
  const smKeys = new Map<string, { enc: Buffer; mac: Buffer }>();
  const sm = (keyId: string, key: Buffer) => {
    let k = smKeys.get(keyId);
    if (!k) smKeys.set(keyId, (k = { enc: derive(key, 'fengqiao sm4-ctr v1', 16), mac: derive(key, 'fengqiao hmac-sm3 v1', 32) }));
    return k;
  };
  const keyFor = (keyId: string) => {
    const key = keys.get(keyId);
    if (!key)
      throw new PersonalDataCryptoError(
        'UNKNOWN_KEY',
        text(`数据密钥 ${keyId} 不在密钥环中（FQ_DATA_KEYS），旧密钥须保留到没有数据使用为止`, `data key id ${keyId} is not in the keyring (FQ_DATA_KEYS); keep old keys until no row refers to them`),
      );
    return key;
  };
  const aads = new Map<string, Buffer>();
  const aadOf = (header: string) => {
    let b = aads.get(header);
    if (!b) aads.set(header, (b = Buffer.from(header)));
    return b;
  };
  const smMac = (macKey: Buffer, header: string, iv: Buffer, ct: Buffer) =>
    createHmac('sm3', macKey).update(header).update('.').update(iv).update(ct).digest();

  function seal(plain: string, alg: CipherAlgorithm, keyId: string): string {
    if (typeof plain !== 'string') throw new TypeError('encrypt needs a string');
    if (/\p{Cs}/u.test(plain)) throw new TypeError('encrypt needs well-formed Unicode (a lone surrogate would not survive UTF-8)');
    const key = keyFor(keyId);
    const header = `${VERSION}.${TAG[alg]}.${keyId}`;
    if (alg === 'aes-256-gcm') {
      // IVs from the pooled CSPRNG (random-pool.ts: each byte handed out once), the AAD buffer kept per header
      const iv = randomBytesPooled(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(aadOf(header));
      const ct = c.update(plain, 'utf8');
      const last = c.final();
      return `${header}.${b64u(iv)}.${b64u(Buffer.concat([ct, last, c.getAuthTag()]))}`;
    }
    const pt = Buffer.from(plain, 'utf8');
    const k = sm(keyId, key);
    const iv = randomBytesPooled(16);
    const c = createCipheriv('sm4-ctr', k.enc, iv);
    const ct = Buffer.concat([c.update(pt), c.final()]);
    return `${header}.${b64u(iv)}.${b64u(Buffer.concat([ct, smMac(k.mac, header, iv, ct)]))}`;
  }

  function open(sealed: string): string {
    const p = parse(sealed);
    const key = keyFor(p.keyId);
    let pt: Buffer;
    if (p.alg === 'aes-256-gcm') {
      const d = createDecipheriv('aes-256-gcm', key, p.iv);
      d.setAAD(Buffer.from(p.header));
      d.setAuthTag(p.data.subarray(p.data.length - 16));
      try {
        pt = Buffer.concat([d.update(p.data.subarray(0, p.data.length - 16)), d.final()]);
      } catch {
        throw tampered();
      }
    } else {
      const k = sm(p.keyId, key);
      const ct = p.data.subarray(0, p.data.length - 32);
      const mac = p.data.subarray(p.data.length - 32);
      if (!timingSafeEqual(mac, smMac(k.mac, p.header, p.iv, ct))) throw tampered(); // MAC first, then decrypt
      const d = createDecipheriv('sm4-ctr', k.enc, p.iv);
      pt = Buffer.concat([d.update(ct), d.final()]);
    }
    return new TextDecoder('utf-8', { fatal: true }).decode(pt);
  }

  const needsRotation = (sealed: string) => {
    const p = parse(sealed);
    return p.keyId !== activeKeyId || p.alg !== algorithm;
  };

  return {
    algorithm,
    activeKeyId,
    encrypt: (plain) => seal(plain, algorithm, activeKeyId),
    decrypt: open,
    blindIndex(kind, value) {
      if (!/^[a-z][a-z0-9_]{0,39}$/.test(kind)) throw new Error(`blind index kind must be snake_case: ${kind}`);
      const hash = algorithm === 'aes-256-gcm' ? 'sha256' : 'sm3';
      return createHmac(hash, indexKey).update(`${kind}:${normalizeForIndex(kind, value)}`, 'utf8').digest('hex');
    },
    needsRotation,
    reencrypt: (sealed) => (needsRotation(sealed) ? seal(open(sealed), algorithm, activeKeyId) : sealed),
    keyIdOf: (sealed) => parse(sealed).keyId,
  };
}

/**
 * Normalisation before the blind index, chosen by kind:
 * phone / mobile / *_phone: no spaces, dashes, brackets or +86; id_number / resident_id / hmt_residence /
 * foreign_permanent / passport / *_id_number: no spaces, upper case (x → X); name / *_name: look-alike dots → '·',
 * single spaces; anything else: NFC, trimmed, single spaces.
 */
export function normalizeForIndex(kind: string, value: string): string {
  if (kind === 'phone' || kind === 'mobile' || kind.endsWith('_phone')) return normalizePhone(value);
  if (/^(id_number|resident_id|hmt_residence|foreign_permanent|passport)$/.test(kind) || kind.endsWith('_id_number'))
    return normalizeIdNumber(value).replace(/-/g, '');
  if (kind === 'name' || kind.endsWith('_name')) return normalizePersonName(value);
  return value.normalize('NFC').trim().replace(/\s+/g, ' ');
}

function checkKey(id: string, key: Buffer): Buffer {
  if (!KEY_ID.test(id)) throw new Error(`key id ${id} must be 1–32 letters, digits, _ or -`);
  if (!Buffer.isBuffer(key) || key.length !== 32) throw new Error(`data key ${id} must be 32 bytes`);
  return Buffer.from(key);
}

/** A base64 (or base64url) 32-byte key from configuration; `name` is the setting named in errors. */
export function parseKey(b64: string, name: string): Buffer {
  const s = b64.trim();
  const key = Buffer.from(s, /[-_]/.test(s) ? 'base64url' : 'base64');
  const canonical = /[-_]/.test(s) ? key.toString('base64url') : key.toString('base64');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(s) || canonical.replace(/=+$/, '') !== s.replace(/=+$/, ''))
    throw new ConfigError(`配置项 ${name} 不是有效的 base64 (invalid ${name}: not base64)`);
  if (key.length !== 32)
    throw new ConfigError(`配置项 ${name} 须为 32 字节密钥，实际 ${key.length} 字节 (invalid ${name}: needs 32 bytes, got ${key.length}; create one with: openssl rand -base64 32)`);
  return key;
}

/** Reads FQ_DATA_KEYS-style keyrings: "k1:<base64 32 bytes>,k2:<base64 32 bytes>". */
export function parseKeyring(env: string, name = 'FQ_DATA_KEYS'): Keyring {
  const keys: Keyring = {};
  const entries = env.split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) throw new ConfigError(`配置项 ${name} 为空 (invalid ${name}: no keys; expected k1:<base64>,k2:<base64>)`);
  for (const entry of entries) {
    const i = entry.indexOf(':');
    if (i <= 0) throw new ConfigError(`配置项 ${name} 格式应为 k1:<base64>,k2:<base64> (invalid ${name}: expected id:base64, got an entry without an id)`);
    const id = entry.slice(0, i).trim();
    if (!KEY_ID.test(id)) throw new ConfigError(`配置项 ${name} 中的密钥编号 ${id} 无效 (invalid ${name}: key id "${id}" must be 1–32 letters, digits, _ or -)`);
    if (keys[id]) throw new ConfigError(`配置项 ${name} 中密钥编号 ${id} 重复 (invalid ${name}: key id ${id} appears twice)`);
    keys[id] = parseKey(entry.slice(i + 1), `${name} (${id})`);
  }
  return keys;
}

/**
 * DEVELOPMENT AND TEST ONLY: fixed, publicly known keys (derived from labelled strings in this file) under key id
 * "dev". Production must set its own FQ_DATA_KEYS / FQ_INDEX_KEY; cipherOptionsFromEnv refuses these there.
 */
export function devKeyring(): { keys: Keyring; activeKeyId: string; indexKey: Buffer } {
  const k = (label: string) => createHash('sha256').update(`fengqiao DEVELOPMENT ONLY, NOT SECRET: ${label}`).digest();
  return { keys: { dev: k('data key') }, activeKeyId: 'dev', indexKey: k('index key') };
}

export interface CipherEnv {
  FQ_DATA_KEYS?: string;
  FQ_DATA_KEY_ACTIVE?: string;
  FQ_INDEX_KEY?: string;
  FQ_CRYPTO?: string;
}

/**
 * Cipher suite options from the environment (for the config wiring). Outside production, missing keys fall back to
 * devKeyring(); production needs FQ_DATA_KEYS and FQ_INDEX_KEY and refuses the development keys.
 */
export function cipherOptionsFromEnv(env: CipherEnv, mode: 'development' | 'production' | 'test'): CipherSuiteOptions {
  const set = (v?: string) => (v !== undefined && v.trim() !== '' ? v.trim() : undefined);
  const alg = set(env.FQ_CRYPTO) ?? 'aes-256-gcm';
  if (!CIPHER_ALGORITHMS.includes(alg as CipherAlgorithm))
    throw new ConfigError(`配置项 FQ_CRYPTO 无效 (invalid FQ_CRYPTO: ${alg}; use ${CIPHER_ALGORITHMS.join(' or ')})`);
  const dev = devKeyring();
  const keysText = set(env.FQ_DATA_KEYS);
  const indexText = set(env.FQ_INDEX_KEY);
  if (mode === 'production') {
    for (const [n, v] of [['FQ_DATA_KEYS', keysText], ['FQ_INDEX_KEY', indexText]] as const)
      if (!v) throw new ConfigError(`生产模式缺少配置项 ${n} (production mode needs ${n})`);
  }
  const keys = keysText ? parseKeyring(keysText) : dev.keys;
  const indexKey = indexText ? parseKey(indexText, 'FQ_INDEX_KEY') : dev.indexKey;
  const ids = Object.keys(keys);
  const active = set(env.FQ_DATA_KEY_ACTIVE) ?? (ids.length === 1 ? ids[0] : undefined);
  if (!active) throw new ConfigError('有多个数据密钥时须设置 FQ_DATA_KEY_ACTIVE (FQ_DATA_KEY_ACTIVE is needed when FQ_DATA_KEYS has several keys)');
  if (!keys[active]) throw new ConfigError(`FQ_DATA_KEY_ACTIVE=${active} 不在 FQ_DATA_KEYS 中 (FQ_DATA_KEY_ACTIVE names ${active}, which FQ_DATA_KEYS lacks)`);
  if (mode === 'production') {
    if (Object.values(keys).some((k) => k.equals(dev.keys.dev)) || indexKey.equals(dev.indexKey))
      throw new ConfigError('生产模式不允许使用开发密钥 (production refuses the development keys)');
  }
  if (Object.values(keys).some((k) => k.equals(indexKey)))
    throw new ConfigError('FQ_INDEX_KEY 须与数据密钥不同 (FQ_INDEX_KEY must differ from every data key)');
  return { keys, activeKeyId: active, algorithm: alg as CipherAlgorithm, indexKey };
}
