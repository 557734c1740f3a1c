'use strict'
// useApp: a fresh fork of a template app for every test, with the SDK pointed at it.

const { EmulatorApp } = require('./app.cjs')

async function resolveValue(value) {
  return typeof value === 'function' ? value() : value
}

/**
 * Register beforeEach/afterEach hooks that fork `from` (default: the emulator's default app) for
 * each test, point `Backendless` (if given) at the fork, and delete the fork after the test.
 * Answers a handle that acts as the current test's EmulatorApp.
 *
 * `emulator` and `from` may be values, promises or functions (called in beforeEach), so the
 * emulator can be started in a `before`/`beforeAll` hook. Hooks default to the global
 * beforeEach/afterEach of mocha, jest and vitest (globals); pass `{hooks: {beforeEach, afterEach}}`
 * from `node:test` or `vitest`.
 */
function useApp(emulator, options = {}) {
  const hooks = options.hooks || globalThis
  if (typeof hooks.beforeEach !== 'function' || typeof hooks.afterEach !== 'function') {
    throw new TypeError(
      'useApp needs beforeEach/afterEach: call it inside a mocha, jest or vitest (globals) suite, ' +
        'or pass { hooks: { beforeEach, afterEach } } (node:test, vitest imports)',
    )
  }
  let current = null
  hooks.beforeEach(async () => {
    const running = await resolveValue(emulator)
    if (!running || typeof running.forkApp !== 'function') {
      throw new TypeError('useApp: the emulator is not started (pass it, a promise or a function answering it)')
    }
    const from = (await resolveValue(options.from)) || running.appId
    current = await running.forkApp(from instanceof EmulatorApp ? from.id : from)
    if (options.Backendless) await current.initBackendless(options.Backendless, options.initOptions)
  })
  hooks.afterEach(async () => {
    const app = current
    current = null
    if (app) {
      await app.faults.clear()
      await app.delete()
    }
  })
  return new Proxy(
    {},
    {
      get(_, prop) {
        if (prop === 'then') return undefined
        if (prop === 'current') return current
        if (!current) throw new Error(`useApp: app.${String(prop)} used outside a test (no app yet)`)
        const value = current[prop]
        return typeof value === 'function' ? value.bind(current) : value
      },
      has(_, prop) {
        return current !== null && prop in current
      },
    },
  )
}

module.exports = { useApp }
