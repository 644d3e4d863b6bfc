// exceljs 4.4.0 decodes each inflated chunk of a sheet's XML on its own (utils/parse-sax.js), so a Chinese
// character split across two chunks comes out as U+FFFD — about one cell in 6 000 of a big streamed file.
// This module must load before exceljs does: it wraps parse-sax so every chunk it sees ends on a whole
// UTF-8 character (the incomplete tail is carried into the next chunk). Source files take exceljs from here
// (`import { ExcelJS } from '…/imports/exceljs-utf8.js'`), never with `import … from 'exceljs'`: Node runs an
// ES module's CommonJS imports before any module body, so a static import anywhere in the graph would load
// exceljs before this patch (it did: the server started with the unpatched parser).
import { createRequire } from 'node:module';
import type * as ExcelJSModule from 'exceljs';

const require = createRequire(import.meta.url);
const saxPath = require.resolve('exceljs/lib/utils/parse-sax.js');
const excelPath = require.resolve('exceljs');

/** Where the last whole UTF-8 character of `b` ends. */
export function wholeCharsEnd(b: Buffer): number {
  let i = b.length - 1;
  let back = 0;
  while (i >= 0 && back < 4 && (b[i] & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return b.length;
  const lead = b[i];
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return b.length - i >= need ? b.length : i;
}

export async function* utf8Chunks(iterable: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer | string> {
  let carry: Buffer | null = null;
  for await (const chunk of iterable) {
    if (typeof chunk === 'string') {
      yield chunk;
      continue;
    }
    const b: Buffer = carry ? Buffer.concat([carry, chunk]) : Buffer.from(chunk);
    const end = wholeCharsEnd(b);
    carry = end < b.length ? b.subarray(end) : null;
    if (end > 0) yield b.subarray(0, end);
  }
  if (carry) yield carry;
}

export const exceljsPatched = (() => {
  if (require.cache[excelPath] && !require.cache[saxPath]?.exports.__utf8Safe) return false; // loaded too early
  const original = require(saxPath) as (it: unknown) => AsyncGenerator<unknown>;
  if ((original as { __utf8Safe?: boolean }).__utf8Safe) return true;
  const safe = (iterable: { pipe?: unknown; [Symbol.asyncIterator]?: unknown }) => {
    const it = iterable[Symbol.asyncIterator] ? iterable : (iterable as unknown as NodeJS.ReadableStream);
    return original(utf8Chunks(it as AsyncIterable<Buffer>));
  };
  (safe as unknown as { __utf8Safe: boolean }).__utf8Safe = true;
  require.cache[saxPath]!.exports = safe;
  return true;
})();

/** exceljs, loaded after the patch above. */
export const ExcelJS: typeof ExcelJSModule = require('exceljs');
