// Shared setup for SDK suites: the emulator's URL and keys come from tests/sdk_js.rs.
import Backendless from 'backendless'

export const env = {
  url: process.env.EMULATOR_URL,
  appId: process.env.EMULATOR_APP_ID,
  restKey: process.env.EMULATOR_REST_KEY,
  jsKey: process.env.EMULATOR_JS_KEY,
  blKey: process.env.EMULATOR_BL_KEY,
  devLogin: process.env.EMULATOR_DEV_LOGIN,
  devPassword: process.env.EMULATOR_DEV_PASSWORD,
}

/** A fresh SDK instance talking to the emulator with the given key (default: JS key). */
export function sdk(apiKey = env.jsKey) {
  return Backendless.initApp({
    appId: env.appId,
    apiKey,
    serverURL: env.url,
    standalone: true,
    logging: { loadLevels: false },
  })
}

/** A unique string per call, for emails and names. */
let counter = 0
export function unique(prefix = 'u') {
  counter += 1
  return `${prefix}${Date.now().toString(36)}${process.pid}${counter}`
}

/** The Backendless error code a rejected SDK call carried. */
export async function codeOf(promise) {
  try {
    await promise
  } catch (e) {
    return e.code
  }
  throw new Error('expected the call to fail')
}
