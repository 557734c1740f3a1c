// Shared set-up of the package tests: the binary under test and the official SDK.
import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The emulator binary the tests start (tests/js_package.rs passes cargo's debug build). */
export const binary = process.env.BACKENDLESS_EMULATOR_BIN

if (!binary || !existsSync(binary)) {
  throw new Error('set BACKENDLESS_EMULATOR_BIN to a built emulator (cargo build), e.g. target/debug/backendless-emulator')
}

const sdkPackage = fileURLToPath(new URL('../../tests/js/package.json', import.meta.url))

/** The official Backendless SDK pinned in tests/js (npm ci --prefix tests/js). */
export function officialSdk() {
  return createRequire(sdkPackage)('backendless')
}

/** POST JSON to a client-API URL; answers [status, body]. */
export async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return [response.status, await response.json()]
}
