// A node --test reporter for the Rust drivers (tests/sdk_js.rs, tests/ui.rs): a line per test,
// then per test file `FILE: N passed, N failed[, N skipped]`, then the same for all files.
// The drivers show the counts in `cargo test` output; node's own reporters do not name files.
import { basename } from 'node:path';

export default async function* reporter(source) {
  const files = new Map();
  const count = (file) => {
    const name = file ? basename(file) : '(no file)';
    if (!files.has(name)) files.set(name, { passed: 0, failed: 0, skipped: 0 });
    return [name, files.get(name)];
  };
  // Files run one at a time: a test declared through a helper (tests/js/helpers.mjs `test`)
  // carries the helper's file, and counts for the test file being run.
  let running;
  for await (const { type, data } of source) {
    if (type === 'test:dequeue' && data.file && data.name === data.file) running = data.file;
    if (type !== 'test:pass' && type !== 'test:fail') continue;
    if (data.details?.type === 'suite') continue;
    const file = data.file?.endsWith('.test.mjs') || !running ? data.file : running;
    const [name, tally] = count(file);
    if (data.skip || data.todo) {
      tally.skipped++;
      yield `skip   ${name} › ${data.name}\n`;
    } else if (type === 'test:pass') {
      tally.passed++;
      yield `ok     ${name} › ${data.name} (${Math.round(data.details.duration_ms)} ms)\n`;
    } else {
      tally.failed++;
      const error = data.details.error;
      const cause = error?.cause ?? error;
      yield `not ok ${name} › ${data.name}\n${indent(String(cause?.stack ?? cause?.message ?? cause))}\n`;
    }
  }
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const [name, t] of [...files].sort()) {
    yield `${name}: ${line(t)}\n`;
    total.passed += t.passed;
    total.failed += t.failed;
    total.skipped += t.skipped;
  }
  yield `total: ${line(total)}\n`;
}

const line = (t) => `${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}`;
const indent = (text) => text.split('\n').map((l) => `       ${l}`).join('\n');
