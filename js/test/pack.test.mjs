// `npm pack` carries the emulator binary; the tarball installs into an empty project whose mocha
// example (examples/mocha, the README's) passes against the official SDK from the npm registry.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, describe, it } from 'node:test'

import { binary } from './helpers.mjs'

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)))
const work = mkdtempSync(join(tmpdir(), 'bl-emu-pack-'))
after(() => rmSync(work, { recursive: true, force: true }))

function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options })
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

/** process.env without the binary's variable and without PATH entries holding an emulator. */
function envWithoutEmulator() {
  const env = { ...process.env }
  delete env.BACKENDLESS_EMULATOR_BIN
  env.PATH = (env.PATH || '')
    .split(delimiter)
    .filter((dir) => dir && !existsSync(join(dir, 'backendless-emulator')))
    .join(delimiter)
  return env
}

/** An empty project from an example's package.json, depending on the tarball, with npm install. */
function installExample(name, tarball) {
  const project = join(work, name)
  cpSync(join(pkgDir, 'examples', name), project, { recursive: true })
  const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'))
  manifest.devDependencies['backendless-emulator'] = `file:${tarball}`
  writeFileSync(join(project, 'package.json'), JSON.stringify(manifest, null, 2))
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: project })
  return project
}

describe('npm pack', { timeout: 600_000 }, () => {
  let tarball

  it('bundles the binary from BACKENDLESS_EMULATOR_PACK_BIN, and only the package files', () => {
    const out = run('npm', ['pack', '--json', '--pack-destination', work, '--loglevel=error'], {
      cwd: pkgDir,
      env: { ...process.env, BACKENDLESS_EMULATOR_PACK_BIN: binary },
    })
    const [packed] = JSON.parse(out.slice(out.indexOf('[')))
    tarball = join(work, packed.filename)
    const files = packed.files.map((f) => f.path).sort()
    const vendored = `vendor/${process.platform}-${process.arch}/backendless-emulator`
    assert.deepEqual(files, [
      'README.md',
      'index.cjs',
      'index.d.ts',
      'index.mjs',
      'lib/app.cjs',
      'lib/binary.cjs',
      'lib/control.cjs',
      'lib/emulator.cjs',
      'lib/use-app.cjs',
      'package.json',
      vendored,
    ])
    const bundled = packed.files.find((f) => f.path === vendored)
    assert.ok(bundled.size > 1_000_000 && bundled.size <= statSync(binary).size, `${bundled.size} bytes`)
    assert.ok(!existsSync(join(pkgDir, 'vendor')), 'postpack removed the copy')
  })

  it('installs into an empty project and its mocha example passes with the packed binary', () => {
    assert.ok(tarball, 'packed')
    const project = installExample('mocha', tarball)
    const env = envWithoutEmulator()
    const found = run(
      process.execPath,
      ['--input-type=module', '-e', "import { findBinary } from 'backendless-emulator'; console.log(JSON.stringify(findBinary()))"],
      { cwd: project, env },
    )
    const location = JSON.parse(found)
    assert.equal(location.source, 'package')
    assert.ok(location.path.startsWith(join(project, 'node_modules', 'backendless-emulator')), location.path)
    run(process.execPath, ['-e', "require('backendless-emulator').useApp.name === 'useApp' || process.exit(1)"], { cwd: project, env })
    const sdk = JSON.parse(readFileSync(join(project, 'node_modules/backendless/package.json'), 'utf8'))
    assert.equal(sdk.version, '8.0.0')
    const mocha = run(process.execPath, [join(project, 'node_modules/mocha/bin/mocha.js')], { cwd: project, env })
    assert.match(mocha, /6 passing/)
    assert.doesNotMatch(mocha, /failing|pending/)
  })

  // Opt-in (BACKENDLESS_EMULATOR_TEST_ALL=1): jest and TypeScript are large installs for CI.
  const all = process.env.BACKENDLESS_EMULATOR_TEST_ALL === '1'

  it('the jest example passes too', { skip: !all && 'set BACKENDLESS_EMULATOR_TEST_ALL=1' }, () => {
    const project = installExample('jest', tarball)
    const jest = spawnSync(process.execPath, [join(project, 'node_modules/jest/bin/jest.js')], {
      cwd: project,
      env: envWithoutEmulator(),
      encoding: 'utf8',
    })
    assert.equal(jest.status, 0, jest.stdout + jest.stderr)
    assert.match(jest.stderr, /Tests:\s+3 passed, 3 total/)
  })

  it('index.d.ts compiles for ES module and CommonJS projects', { skip: !all && 'set BACKENDLESS_EMULATOR_TEST_ALL=1' }, () => {
    const project = join(work, 'types')
    cpSync(join(pkgDir, 'test', 'types'), project, { recursive: true })
    writeFileSync(join(project, 'package.json'), JSON.stringify({ private: true, type: 'module' }))
    const deps = [`file:${tarball}`, 'backendless@8.0.0', 'typescript@5.9.3', '@types/node@^20']
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...deps], { cwd: project })
    const tsc = join(project, 'node_modules/typescript/bin/tsc')
    const common = ['--noEmit', '--strict', '--target', 'es2022', 'check.ts']
    run(process.execPath, [tsc, '--module', 'nodenext', '--moduleResolution', 'nodenext', ...common], { cwd: project })
    run(process.execPath, [tsc, '--module', 'commonjs', '--moduleResolution', 'node10', '--esModuleInterop', ...common], {
      cwd: project,
    })
  })
})
