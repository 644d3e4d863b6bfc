// The UTF-8 re-chunking that keeps exceljs's streamed reader from splitting a Chinese character in two.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { utf8Chunks, wholeCharsEnd } from './exceljs-utf8.js';

async function collect(parts: Buffer[]) {
  const out: string[] = [];
  async function* source() {
    yield* parts;
  }
  for await (const c of utf8Chunks(source())) out.push(typeof c === 'string' ? c : new TextDecoder('utf-8', { fatal: true }).decode(c));
  return out.join('');
}

describe('utf8Chunks', () => {
  it('ends a chunk before an incomplete character', () => {
    const b = Buffer.from('居民甲', 'utf8');
    expect(wholeCharsEnd(b.subarray(0, 4))).toBe(3);
    expect(wholeCharsEnd(b.subarray(0, 6))).toBe(6);
    expect(wholeCharsEnd(Buffer.from('ab'))).toBe(2);
  });

  it('gives back any text exactly, however the bytes were cut, with every chunk decodable on its own', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.array(fc.nat(40), { maxLength: 20 }), async (text, cuts) => {
        const bytes = Buffer.from(text, 'utf8');
        const parts: Buffer[] = [];
        let at = 0;
        for (const c of cuts) {
          parts.push(bytes.subarray(at, Math.min(bytes.length, at + c)));
          at = Math.min(bytes.length, at + c);
        }
        parts.push(bytes.subarray(at));
        expect(await collect(parts)).toBe(text);
      }),
    );
  });
});

describe('the server loads exceljs with the patch', () => {
  it('in a plain Node process (ES modules run their CommonJS imports first, so a static `import from "exceljs"` would win)', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'test/fixtures/exceljs-patched.ts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ patched: true });
  }, 60_000);
});
