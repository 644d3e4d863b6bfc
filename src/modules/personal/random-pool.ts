// Random bytes for many small draws (IVs, tracking codes): one CSPRNG call fills 4 KB, and each draw takes the
// next unused bytes — never handed out twice. crypto.randomBytes(12) costs a call into OpenSSL and a new Buffer
// each time (~6 µs; a pooled draw ~0.5 µs); Node's randomUUID pools the same way. A refill allocates a new
// buffer, so a slice handed out earlier never changes under its holder.
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let at = 0;

/** `n` (≤ 4096) fresh random bytes; a view the caller must not keep beyond its use or share. */
export function randomBytesPooled(n: number): Buffer {
  if (n > POOL_BYTES) throw new RangeError(`at most ${POOL_BYTES} bytes`);
  if (at + n > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    at = 0;
  }
  const b = pool.subarray(at, at + n);
  at += n;
  return b;
}

/** `length` characters drawn uniformly from `alphabet` (≤ 256 characters; rejection sampling, no modulo bias). */
export function randomString(alphabet: string, length: number): string {
  const size = alphabet.length;
  if (size < 1 || size > 256) throw new RangeError('alphabet of 1–256 characters');
  const limit = 256 - (256 % size); // bytes ≥ limit would favour the first characters
  let out = '';
  while (out.length < length) {
    const bytes = randomBytesPooled(Math.min(length - out.length + 4, 256));
    for (let i = 0; i < bytes.length && out.length < length; i++) if (bytes[i] < limit) out += alphabet[bytes[i] % size];
  }
  return out;
}
