'use strict'
// Where the emulator binary is: the `binary` option, BACKENDLESS_EMULATOR_BIN, PATH, or the copy
// packed inside this package (vendor/<platform>-<arch>/).

const fs = require('node:fs')
const path = require('node:path')

const BINARY_NAME = process.platform === 'win32' ? 'backendless-emulator.exe' : 'backendless-emulator'

/** The path of the binary packed for this platform (it may not exist). */
function packedBinaryPath() {
  return path.join(__dirname, '..', 'vendor', `${process.platform}-${process.arch}`, BINARY_NAME)
}

function isExecutable(file) {
  try {
    if (!fs.statSync(file).isFile()) return false
    fs.accessSync(file, fs.constants.X_OK)
    return true
  } catch {
    return false
  }
}

function onPath(envPath) {
  for (const dir of (envPath || '').split(path.delimiter)) {
    if (!dir) continue
    const candidate = path.join(dir, BINARY_NAME)
    if (isExecutable(candidate)) return candidate
  }
  return null
}

/**
 * The emulator binary to start, and where it was found (`option`, `env`, `path` or `package`).
 * Throws when an explicit choice (option or environment variable) is not an executable file, or
 * when nothing is found.
 */
function findBinary(options = {}) {
  const env = options.env || process.env
  if (options.binary) {
    const file = path.resolve(options.binary)
    if (!isExecutable(file)) throw new Error(`backendless-emulator: binary option ${file} is not an executable file`)
    return { path: file, source: 'option' }
  }
  if (env.BACKENDLESS_EMULATOR_BIN) {
    const file = path.resolve(env.BACKENDLESS_EMULATOR_BIN)
    if (!isExecutable(file)) {
      throw new Error(`backendless-emulator: BACKENDLESS_EMULATOR_BIN=${file} is not an executable file`)
    }
    return { path: file, source: 'env' }
  }
  const found = onPath(env.PATH)
  if (found) return { path: found, source: 'path' }
  const packed = packedBinaryPath()
  if (isExecutable(packed)) return { path: packed, source: 'package' }
  throw new Error(
    'backendless-emulator: no emulator binary found. Pass { binary }, set BACKENDLESS_EMULATOR_BIN, ' +
      `put ${BINARY_NAME} on the PATH, or install a package built for ${process.platform}-${process.arch}`,
  )
}

module.exports = { findBinary, packedBinaryPath, BINARY_NAME }
