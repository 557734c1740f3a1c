// npm prepack/postpack: copy the emulator binary into vendor/<platform>-<arch>/ so the tarball
// carries it, and remove the copy afterwards (--clean). The binary is BACKENDLESS_EMULATOR_PACK_BIN
// if set (CI packs the debug build `cargo test` made), else the release build of this repository
// (`npm run pack:release` builds it first). The copy is stripped of symbols and debug info when a
// `strip` tool is on the PATH (a debug build shrinks from ~50 to ~20 MB); otherwise copied as is.
import { spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const pkg = resolve(here, '..')
const vendor = join(pkg, 'vendor')
const name = process.platform === 'win32' ? 'backendless-emulator.exe' : 'backendless-emulator'

if (process.argv.includes('--clean')) {
  rmSync(vendor, { recursive: true, force: true })
} else {
  const source = process.env.BACKENDLESS_EMULATOR_PACK_BIN
    ? resolve(process.env.BACKENDLESS_EMULATOR_PACK_BIN)
    : resolve(pkg, '..', 'target', 'release', name)
  if (!existsSync(source)) {
    console.error(
      `backendless-emulator pack: no binary at ${source}. Run \`npm run pack:release\` ` +
        '(cargo build --release, then pack) or set BACKENDLESS_EMULATOR_PACK_BIN to a built binary.',
    )
    process.exit(1)
  }
  const target = join(vendor, `${process.platform}-${process.arch}`, name)
  rmSync(vendor, { recursive: true, force: true })
  mkdirSync(dirname(target), { recursive: true })
  const stripped = process.platform !== 'win32' && spawnSync('strip', ['-o', target, source]).status === 0
  if (!stripped) copyFileSync(source, target)
  chmodSync(target, 0o755)
  console.error(
    `backendless-emulator pack: bundled ${source}${stripped ? ' (stripped)' : ''} as vendor/${process.platform}-${process.arch}/${name}`,
  )
}
