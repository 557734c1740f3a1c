// Copies the front-end libraries pinned in package-lock.json into the UI's assets, which the
// emulator compiles into its binary. `--check` fails when the committed copies differ (CI).
//
//   npm ci --prefix ui && node ui/vendor.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '../src/control/ui/assets/vendor');

// Bare imports become relative ones, so the browser needs no import map (and the page's
// Content-Security-Policy no inline script); source-map comments go, the maps are not served.
const fix = (text) =>
  text
    .replaceAll('from"preact"', 'from"./preact.mjs"')
    .replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');

const files = [
  ['preact/dist/preact.mjs', 'preact.mjs'],
  ['preact/hooks/dist/hooks.mjs', 'hooks.mjs'],
  ['htm/dist/htm.mjs', 'htm.mjs'],
];

const check = process.argv.includes('--check');
let stale = 0;
for (const [from, to] of files) {
  const text = fix(readFileSync(join(here, 'node_modules', from), 'utf8'));
  const path = join(target, to);
  if (check) {
    let committed = '';
    try {
      committed = readFileSync(path, 'utf8');
    } catch {}
    if (committed !== text) {
      console.error(`stale: ${path} differs from node_modules/${from} (run node ui/vendor.mjs)`);
      stale++;
    }
  } else {
    writeFileSync(path, text);
    console.log(`${from} -> src/control/ui/assets/vendor/${to}`);
  }
}
if (stale) process.exit(1);
