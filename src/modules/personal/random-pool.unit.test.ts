import { describe, expect, it } from 'vitest';
import { randomBytesPooled, randomString } from './random-pool.js';
import { createCipherSuite, devKeyring } from './crypto.js';

describe('pooled random bytes', () => {
  it('never hands out the same bytes twice, across refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(randomBytesPooled(12).toString('hex')); // ~60 refills of the 4 KB pool
    expect(seen.size).toBe(20_000);
  });

  it('keeps a slice handed out before a refill as it was', () => {
    const kept = randomBytesPooled(16);
    const copy = Buffer.from(kept);
    for (let i = 0; i < 1_000; i++) randomBytesPooled(64);
    expect(kept.equals(copy)).toBe(true);
  });

  it('refuses more than the pool holds', () => {
    expect(() => randomBytesPooled(4097)).toThrow(RangeError);
  });
});

describe('randomString', () => {
  const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'; // 31 characters: 256 % 31 = 8, so plain modulo would favour the first 8

  it('draws only from the alphabet, at the length asked', () => {
    for (let i = 0; i < 1_000; i++) expect(randomString(ALPHABET, 10)).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{10}$/);
  });

  it('is uniform (no modulo bias: each character within 5% of its share; a bias would put the first 8 about 9% above)', () => {
    const counts = new Map<string, number>();
    const n = 31 * 10_000;
    for (const ch of randomString(ALPHABET, n)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(31);
    for (const c of counts.values()) expect(Math.abs(c - 10_000)).toBeLessThan(500); // σ ≈ 98
  });
});

describe('AES-GCM sealing with pooled IVs', () => {
  it('gives every sealed value its own IV and still opens it', () => {
    const s = createCipherSuite({ ...devKeyring(), algorithm: 'aes-256-gcm' });
    const ivs = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      const sealed = s.encrypt(`1391234${String(i).padStart(4, '0')}`);
      ivs.add(sealed.split('.')[3]);
      expect(s.decrypt(sealed)).toBe(`1391234${String(i).padStart(4, '0')}`);
    }
    expect(ivs.size).toBe(5_000);
  });
});
