import { createDecipheriv, createHmac, getCiphers, hkdfSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config.js';
import {
  cipherOptionsFromEnv,
  createCipherSuite,
  devKeyring,
  parseKeyring,
  PersonalDataCryptoError,
  type CipherAlgorithm,
} from './crypto.js';

const k1 = Buffer.alloc(32, 1);
const k2 = Buffer.alloc(32, 2);
const indexKey = Buffer.alloc(32, 9);
const suite = (algorithm: CipherAlgorithm, activeKeyId = 'k1', keys = { k1, k2 }) =>
  createCipherSuite({ keys, activeKeyId, algorithm, indexKey });
const ALGS: CipherAlgorithm[] = ['aes-256-gcm', 'sm4-ctr-hmac-sm3'];
const SEALED = /^v1\.(aes256gcm|sm4ctr)\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Replace character i of s by another base64url character. */
const flipChar = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
const problemOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PersonalDataCryptoError);
    return (e as PersonalDataCryptoError).problem;
  }
  throw new Error('expected an error');
};

describe.each(ALGS)('cipher suite %s', (alg) => {
  const s = suite(alg);

  it('round-trips ASCII, Chinese text, emoji and the empty string', () => {
    for (const plain of ['150826199001011234', '张三 吸毒史：2019 年戒断', '阿依古丽·买买提 😀', '', 'x'.repeat(10_000)]) {
      const sealed = s.encrypt(plain);
      expect(sealed).toMatch(SEALED);
      expect(s.decrypt(sealed)).toBe(plain);
    }
  });

  it('names the algorithm and key id and never contains the plaintext', () => {
    const sealed = s.encrypt('13812345678');
    const [ver, tag, keyId] = sealed.split('.');
    expect([ver, tag, keyId]).toEqual(['v1', alg === 'aes-256-gcm' ? 'aes256gcm' : 'sm4ctr', 'k1']);
    expect(sealed).not.toContain('13812345678');
    expect(sealed).not.toContain(Buffer.from('13812345678').toString('base64url'));
  });

  it('gives a different ciphertext each time for the same plaintext', () => {
    const a = s.encrypt('150826199001011234');
    const b = s.encrypt('150826199001011234');
    expect(a).not.toBe(b);
    expect(a.split('.')[3]).not.toBe(b.split('.')[3]);
  });

  it('throws on tampering with any part', () => {
    const sealed = s.encrypt('刑满释放人员');
    const parts = sealed.split('.');
    // version, algorithm, key id → malformed / unknown key
    expect(problemOf(() => s.decrypt(['v2', ...parts.slice(1)].join('.')))).toBe('MALFORMED');
    expect(problemOf(() => s.decrypt([parts[0], 'aes128', ...parts.slice(2)].join('.')))).toBe('MALFORMED');
    const otherAlg = parts[1] === 'sm4ctr' ? 'aes256gcm' : 'sm4ctr';
    expect(['MALFORMED', 'TAMPERED']).toContain(problemOf(() => s.decrypt([parts[0], otherAlg, ...parts.slice(2)].join('.'))));
    expect(problemOf(() => s.decrypt([parts[0], parts[1], 'k2', parts[3], parts[4]].join('.')))).toBe('TAMPERED');
    // every character of the iv and of the data
    for (const p of [3, 4])
      for (let i = 0; i < parts[p].length; i++) {
        const changed = [...parts];
        changed[p] = flipChar(parts[p], i);
        expect(['MALFORMED', 'TAMPERED']).toContain(problemOf(() => s.decrypt(changed.join('.'))));
      }
    // every bit of the data, re-encoded canonically so only the authentication can catch it
    const data = Buffer.from(parts[4], 'base64url');
    for (let i = 0; i < data.length * 8; i++) {
      const d = Buffer.from(data);
      d[i >> 3] ^= 1 << (i & 7);
      expect(problemOf(() => s.decrypt([...parts.slice(0, 4), d.toString('base64url')].join('.')))).toBe('TAMPERED');
    }
    // truncation, extra parts, garbage
    expect(problemOf(() => s.decrypt(sealed.slice(0, -4)))).not.toBeUndefined();
    expect(problemOf(() => s.decrypt(sealed + '.x'))).toBe('MALFORMED');
    expect(problemOf(() => s.decrypt('not sealed'))).toBe('MALFORMED');
    expect(() => s.decrypt(sealed.slice(0, 20))).toThrow(/malformed sealed value/);
  });

  it('explains a key id that is not in the keyring', () => {
    const sealed = suite(alg, 'old', { old: Buffer.alloc(32, 7) } as never).encrypt('x');
    expect(problemOf(() => s.decrypt(sealed))).toBe('UNKNOWN_KEY');
    expect(() => s.decrypt(sealed)).toThrow(/key id old is not in the keyring \(FQ_DATA_KEYS\)/);
  });

  it('detects a value sealed under the same key id with another key', () => {
    const other = createCipherSuite({ keys: { k1: Buffer.alloc(32, 5) }, activeKeyId: 'k1', algorithm: alg, indexKey });
    expect(() => s.decrypt(other.encrypt('x'))).toThrow(/failed authentication/);
  });

  it('rotates: old values still decrypt, reencrypt moves them to the new key, blind index unchanged', () => {
    const before = suite(alg, 'k1');
    const old = before.encrypt('150826199001011234');
    const indexBefore = before.blindIndex('id_number', '150826199001011234');
    const after = suite(alg, 'k2');
    expect(after.decrypt(old)).toBe('150826199001011234');
    expect(after.needsRotation(old)).toBe(true);
    expect(after.keyIdOf(old)).toBe('k1');
    const moved = after.reencrypt(old);
    expect(moved.split('.')[2]).toBe('k2');
    expect(after.needsRotation(moved)).toBe(false);
    expect(after.reencrypt(moved)).toBe(moved);
    expect(after.decrypt(moved)).toBe('150826199001011234');
    expect(after.blindIndex('id_number', '150826199001011234')).toBe(indexBefore);
    // once no row refers to k1 it can be dropped; the moved value needs only k2
    const k2only = createCipherSuite({ keys: { k2 }, activeKeyId: 'k2', algorithm: alg, indexKey });
    expect(k2only.decrypt(moved)).toBe('150826199001011234');
    expect(() => k2only.decrypt(old)).toThrow(PersonalDataCryptoError);
  });

  it('blind index: exact, normalised, separated by kind, independent of the data keys', () => {
    const id = s.blindIndex('id_number', '15082619900101123X');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(s.blindIndex('id_number', ' 15082619900101123x ')).toBe(id);
    expect(s.blindIndex('id_number', '150826 19900101 123X')).toBe(id);
    expect(s.blindIndex('id_number', '150826199001011239')).not.toBe(id);
    expect(s.blindIndex('resident_id', '15082619900101123X')).not.toBe(id);
    const phone = s.blindIndex('phone', '13812345678');
    for (const v of ['138 1234 5678', '138-1234-5678', '+86 138 1234 5678', ' 13812345678 '])
      expect(s.blindIndex('phone', v)).toBe(phone);
    expect(s.blindIndex('name', '阿依古丽•买买提')).toBe(s.blindIndex('name', '阿依古丽·买买提'));
    const otherData = createCipherSuite({ keys: { z: Buffer.alloc(32, 3) }, activeKeyId: 'z', algorithm: alg, indexKey });
    expect(otherData.blindIndex('id_number', '15082619900101123X')).toBe(id);
    const otherIndex = createCipherSuite({ keys: { k1 }, activeKeyId: 'k1', algorithm: alg, indexKey: Buffer.alloc(32, 8) });
    expect(otherIndex.blindIndex('id_number', '15082619900101123X')).not.toBe(id);
    expect(() => s.blindIndex('Bad Kind', 'x')).toThrow(/snake_case/);
  });

  it('round-trips arbitrary strings (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (plain) => s.decrypt(s.encrypt(plain)) === plain), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 50 }), (plain) => s.decrypt(s.encrypt(plain)) === plain), { numRuns: 200 });
  });

  it('refuses lone surrogates instead of silently changing them', () => {
    expect(() => s.encrypt('a\ud800b')).toThrow(/well-formed/);
  });
});

describe('SM4 suite', () => {
  it('really uses SM4-CTR with an HKDF-SM3 key and HMAC-SM3 (and differs from AES)', () => {
    expect(getCiphers()).toContain('sm4-ctr');
    const s = suite('sm4-ctr-hmac-sm3');
    const sealed = s.encrypt('黄河');
    const [, , , ivText, dataText] = sealed.split('.');
    const iv = Buffer.from(ivText, 'base64url');
    const data = Buffer.from(dataText, 'base64url');
    expect(iv.length).toBe(16);
    expect(data.length).toBe(Buffer.byteLength('黄河') + 32);
    const enc = Buffer.from(hkdfSync('sm3', k1, Buffer.alloc(0), 'fengqiao sm4-ctr v1', 16));
    const mac = Buffer.from(hkdfSync('sm3', k1, Buffer.alloc(0), 'fengqiao hmac-sm3 v1', 32));
    const ct = data.subarray(0, data.length - 32);
    expect(createDecipheriv('sm4-ctr', enc, iv).update(ct).toString()).toBe('黄河');
    const expected = createHmac('sm3', mac).update('v1.sm4ctr.k1').update('.').update(iv).update(ct).digest();
    expect(data.subarray(data.length - 32).equals(expected)).toBe(true);
    // the AES suite names another algorithm and uses a 12-byte IV
    const aes = suite('aes-256-gcm').encrypt('黄河');
    expect(aes.split('.')[1]).toBe('aes256gcm');
    expect(Buffer.from(aes.split('.')[3], 'base64url').length).toBe(12);
    // the SM suite's blind index is HMAC-SM3, the AES suite's HMAC-SHA256
    expect(s.blindIndex('phone', '13812345678')).toBe(createHmac('sm3', indexKey).update('phone:13812345678').digest('hex'));
    expect(suite('aes-256-gcm').blindIndex('phone', '13812345678')).toBe(createHmac('sha256', indexKey).update('phone:13812345678').digest('hex'));
  });

  it('switching FQ_CRYPTO is a rotation too: either suite opens both formats', () => {
    const aes = suite('aes-256-gcm');
    const sm = suite('sm4-ctr-hmac-sm3');
    const a = aes.encrypt('甲');
    const b = sm.encrypt('乙');
    expect(sm.decrypt(a)).toBe('甲');
    expect(aes.decrypt(b)).toBe('乙');
    expect(sm.needsRotation(a)).toBe(true);
    expect(sm.reencrypt(a).split('.')[1]).toBe('sm4ctr');
  });
});

describe('suite construction', () => {
  it('checks keys, the active key id and the index key', () => {
    expect(() => suite('aes-256-gcm', 'k3')).toThrow(/active key id k3/);
    expect(() => createCipherSuite({ keys: { k1: Buffer.alloc(16) }, activeKeyId: 'k1', algorithm: 'aes-256-gcm', indexKey })).toThrow(/32 bytes/);
    expect(() => createCipherSuite({ keys: { 'a.b': k1 }, activeKeyId: 'a.b', algorithm: 'aes-256-gcm', indexKey })).toThrow(/key id/);
    expect(() => createCipherSuite({ keys: { k1 }, activeKeyId: 'k1', algorithm: 'aes-256-gcm', indexKey: k1 })).toThrow(/index key must differ/);
    expect(() => createCipherSuite({ keys: { k1 }, activeKeyId: 'k1', algorithm: 'des' as never, indexKey })).toThrow(/unknown algorithm/);
  });
});

describe('parseKeyring', () => {
  const b = (n: number, len = 32) => Buffer.alloc(len, n).toString('base64');
  it('reads id:base64 pairs', () => {
    const keys = parseKeyring(`k1:${b(1)}, k2:${b(2)}`);
    expect(Object.keys(keys)).toEqual(['k1', 'k2']);
    expect(keys.k2.equals(k2)).toBe(true);
    const url = randomBytes(32);
    expect(parseKeyring(`k3:${url.toString('base64url')}`).k3.equals(url)).toBe(true);
  });
  it('explains wrong lengths, bad base64, missing ids, duplicates and empty settings', () => {
    expect(() => parseKeyring(`k1:${b(1, 16)}`)).toThrow(ConfigError);
    expect(() => parseKeyring(`k1:${b(1, 16)}`)).toThrow(/FQ_DATA_KEYS \(k1\).*needs 32 bytes, got 16/);
    expect(() => parseKeyring('k1:not*base64!')).toThrow(/not base64/);
    expect(() => parseKeyring(b(1))).toThrow(/expected id:base64/);
    expect(() => parseKeyring(`k1:${b(1)},k1:${b(2)}`)).toThrow(/appears twice/);
    expect(() => parseKeyring(' , ')).toThrow(/no keys/);
    expect(() => parseKeyring(`bad id:${b(1)}`)).toThrow(/key id "bad id"/);
  });
});

describe('devKeyring and cipherOptionsFromEnv', () => {
  const b = (n: number) => Buffer.alloc(32, n).toString('base64');
  it('uses clearly labelled development keys outside production', () => {
    const dev = devKeyring();
    expect(dev.activeKeyId).toBe('dev');
    expect(dev.keys.dev.length).toBe(32);
    expect(devKeyring().keys.dev.equals(dev.keys.dev)).toBe(true);
    const o = cipherOptionsFromEnv({}, 'development');
    expect(o).toMatchObject({ activeKeyId: 'dev', algorithm: 'aes-256-gcm' });
    expect(createCipherSuite(o).encrypt('x')).toMatch(/^v1\.aes256gcm\.dev\./);
  });
  it('reads FQ_DATA_KEYS, FQ_DATA_KEY_ACTIVE, FQ_INDEX_KEY and FQ_CRYPTO', () => {
    const o = cipherOptionsFromEnv(
      { FQ_DATA_KEYS: `k1:${b(1)},k2:${b(2)}`, FQ_DATA_KEY_ACTIVE: 'k2', FQ_INDEX_KEY: b(9), FQ_CRYPTO: 'sm4-ctr-hmac-sm3' },
      'production',
    );
    expect(o.activeKeyId).toBe('k2');
    expect(o.algorithm).toBe('sm4-ctr-hmac-sm3');
    expect(o.indexKey.equals(indexKey)).toBe(true);
    expect(cipherOptionsFromEnv({ FQ_DATA_KEYS: `k1:${b(1)}`, FQ_INDEX_KEY: b(9) }, 'production').activeKeyId).toBe('k1');
  });
  it('refuses what production must not run with', () => {
    expect(() => cipherOptionsFromEnv({ FQ_INDEX_KEY: b(9) }, 'production')).toThrow(/FQ_DATA_KEYS/);
    expect(() => cipherOptionsFromEnv({ FQ_DATA_KEYS: `k1:${b(1)}`, FQ_INDEX_KEY: '' }, 'production')).toThrow(/FQ_INDEX_KEY/);
    const devKey = devKeyring().keys.dev.toString('base64');
    expect(() => cipherOptionsFromEnv({ FQ_DATA_KEYS: `k1:${devKey}`, FQ_INDEX_KEY: b(9) }, 'production')).toThrow(/development keys/);
    expect(() => cipherOptionsFromEnv({ FQ_DATA_KEYS: `k1:${b(1)},k2:${b(2)}` }, 'test')).toThrow(/FQ_DATA_KEY_ACTIVE/);
    expect(() => cipherOptionsFromEnv({ FQ_DATA_KEYS: `k1:${b(1)}`, FQ_DATA_KEY_ACTIVE: 'k9' }, 'test')).toThrow(/k9/);
    expect(() => cipherOptionsFromEnv({ FQ_CRYPTO: 'sm4-gcm' }, 'test')).toThrow(/FQ_CRYPTO/);
    expect(() => cipherOptionsFromEnv({ FQ_DATA_KEYS: `k1:${b(1)}`, FQ_INDEX_KEY: b(1) }, 'test')).toThrow(/must differ/);
  });
});
