// Builds the web app (web/ → web/dist) only when web/dist/index.html is missing or older than a source.
// `npm start` runs this first; `node scripts/build-web.mjs --force` always builds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const output = path.join(web, 'dist', 'index.html');
const sources = [path.join(web, 'src'), path.join(web, 'public'), path.join(web, 'index.html'), path.join(web, 'vite.config.ts'), path.join(web, 'tsconfig.json')];

/** The newest file under `p` (a file or a folder), as [mtimeMs, path]. */
function newest(p) {
  if (!existsSync(p)) return [0, p];
  const st = statSync(p);
  if (!st.isDirectory()) return [st.mtimeMs, p];
  let best = [0, p];
  for (const entry of readdirSync(p)) {
    const n = newest(path.join(p, entry));
    if (n[0] > best[0]) best = n;
  }
  return best;
}

const rel = (p) => path.relative(root, p);
const force = process.argv.includes('--force');
const [srcTime, srcFile] = sources.map(newest).reduce((a, b) => (b[0] > a[0] ? b : a));
const outTime = existsSync(output) ? statSync(output).mtimeMs : 0;

if (!force && outTime > 0 && outTime >= srcTime) {
  console.log(`web: up to date (${rel(output)} is newer than every source)`);
  process.exit(0);
}

const reason = force ? '--force' : outTime === 0 ? `${rel(output)} is missing` : `${rel(srcFile)} changed`;
console.log(`web: building (${reason}) …`);
const started = Date.now();
const { build } = await import('vite');
try {
  await build({ configFile: path.join(web, 'vite.config.ts'), logLevel: process.env.FQ_WEB_BUILD_QUIET ? 'warn' : 'info' });
} catch (e) {
  console.error(`web: build failed: ${e?.message ?? e}`);
  process.exit(1);
}
console.log(`web: built ${rel(path.dirname(output))} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
