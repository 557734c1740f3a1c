'use strict'
// startEmulator / connectEmulator and the Emulator handle: the process, the default app and the
// server-wide control-plane calls (apps, reset, journal, faults).

const { spawn } = require('node:child_process')
const net = require('node:net')

const { findBinary } = require('./binary.cjs')
const { ControlClient, EmulatorError, queryString } = require('./control.cjs')
const { EmulatorApp } = require('./app.cjs')

const TOKEN_ENV = 'BACKENDLESS_EMULATOR_CONTROL_TOKEN'
const STDERR_KEPT = 16 * 1024

/** A running emulator: its URL, the default app (id, keys, helpers) and the server-wide calls. */
class Emulator {
  constructor(control, defaultApp, { child = null, binary = null } = {}) {
    this.control = control
    this.baseURL = control.baseURL
    this.app = defaultApp
    this.appId = defaultApp.id
    this.apiKey = defaultApp.apiKey
    this.keys = defaultApp.keys
    this.url = defaultApp.url
    this.binary = binary
    this.process = child
    /** The default app's clock. */
    this.clock = defaultApp.clock
    this.faults = {
      /** Add a fault rule (for every app unless it names `appId`). */
      add: (rule) => control.post('/_emulator/faults', rule),
      /** Every fault rule with its counters. */
      list: () => control.get('/_emulator/faults'),
      /** Remove every fault rule. */
      clear: async () => {
        await control.delete('/_emulator/faults')
      },
      /** Remove one rule. */
      remove: async (id) => {
        await control.delete(`/_emulator/faults/${encodeURIComponent(id)}`)
      },
    }
    this._stopped = null
  }

  /** A new, empty app (`{id, apiKey, name}` optional). */
  async createApp(options = {}) {
    return new EmulatorApp(this.control, await this.control.post('/_emulator/apps', options))
  }

  /** A new app holding a copy of `fromId` (default: the default app). */
  async forkApp(fromId = this.appId, options = {}) {
    const id = fromId instanceof EmulatorApp ? fromId.id : fromId
    return new EmulatorApp(this.control, await this.control.post(`/_emulator/apps/${encodeURIComponent(id)}/fork`, options))
  }

  /** Empty one app (default: the default app), keeping its id and keys. */
  async reset(appId = this.appId) {
    const id = appId instanceof EmulatorApp ? appId.id : appId
    await this.control.post(`/_emulator/apps/${encodeURIComponent(id)}/reset`)
  }

  /** Empty every app. */
  async resetAll() {
    await this.control.post('/_emulator/reset')
  }

  /** A handle on an existing app. */
  async getApp(appId) {
    return new EmulatorApp(this.control, await this.control.get(`/_emulator/apps/${encodeURIComponent(appId)}`))
  }

  /** Every app. */
  async apps() {
    return (await this.control.get('/_emulator/apps')).map((d) => new EmulatorApp(this.control, d))
  }

  /** Delete an app. */
  async deleteApp(appId) {
    const id = appId instanceof EmulatorApp ? appId.id : appId
    await this.control.delete(`/_emulator/apps/${encodeURIComponent(id)}`)
  }

  /** The default app's outbox. */
  outbox(options) {
    return this.app.outbox(options)
  }

  /** Recent requests of every app (`{app, path, status, limit}` filter them), newest last. */
  async journal(filter = {}) {
    return (await this.control.get(`/_emulator/journal${queryString(filter)}`)).entries
  }

  /** A session for an existing user of the default app (see EmulatorApp.loginAs). */
  loginAs(who, options) {
    return this.app.loginAs(who, options)
  }

  /** Point an SDK at the default app. */
  initBackendless(Backendless, extra) {
    return this.app.initBackendless(Backendless, extra)
  }

  /** `GET /_emulator/health`. */
  health() {
    return this.control.get('/_emulator/health')
  }

  /**
   * Stop the process startEmulator started (SIGTERM, then SIGKILL after `timeoutMs`); a no-op for
   * connectEmulator. Safe to call twice.
   */
  stop({ timeoutMs = 10_000 } = {}) {
    if (!this._stopped) this._stopped = this.process ? stopChild(this.process, timeoutMs) : Promise.resolve()
    return this._stopped
  }
}

function stopChild(child, timeoutMs) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** A free TCP port on `host`, chosen by the OS. */
function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, host, () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

function argsFor(options, host, port) {
  const args = ['--host', host, '--port', String(port)]
  if (options.seed !== undefined && options.seed !== null) args.push('--seed', String(options.seed))
  if (options.dataDir) args.push('--data-dir', String(options.dataDir))
  if (options.appId) args.push('--app-id', String(options.appId))
  if (options.apiKey) args.push('--api-key', String(options.apiKey))
  if (options.importFile) args.push('--import', String(options.importFile))
  return args.concat(options.args || [])
}

/**
 * Aborts one health check after 2 s or when the process exits: another process may hold the port
 * and never answer.
 */
function pollSignal(exited) {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), 2_000)
  timer.unref()
  exited.onExit = () => controller.abort()
  controller.signal.addEventListener('abort', () => clearTimeout(timer))
  return controller.signal
}

/** Wait until /_emulator/health answers, the process exits, or the time is up. */
async function waitForHealth(control, child, exited, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (exited.done) return { exited: true }
    try {
      const health = await control.request('GET', '/_emulator/health', undefined, { signal: pollSignal(exited) })
      if (health && health.status === 'ok') return { exited: false }
    } catch (e) {
      // A wrong control token is a real answer: report it instead of waiting for nothing.
      if (e.status === 401 || e.status === 403) throw e
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new EmulatorError(`backendless-emulator did not answer ${control.baseURL}/_emulator/health within ${timeoutMs} ms`)
    }
    await new Promise((r) => setTimeout(r, 25))
  }
}

function spawnOnce(binary, options, host, port, token) {
  const env = { ...process.env, ...(options.env || {}) }
  if (token) env[TOKEN_ENV] = token
  const child = spawn(binary.path, argsFor(options, host, port), {
    env,
    stdio: ['ignore', options.verbose ? 'inherit' : 'ignore', options.verbose ? 'inherit' : 'pipe'],
  })
  const exited = { done: false, stderr: '' }
  const finish = () => {
    exited.done = true
    exited.onExit?.()
  }
  // 'close', not 'exit': by then everything the process wrote to stderr has been read.
  child.once('close', finish)
  child.once('error', (e) => {
    exited.stderr += String(e.message)
    finish()
  })
  if (child.stderr) {
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk) => {
      exited.stderr = (exited.stderr + chunk).slice(-STDERR_KEPT)
    })
  }
  return { child, exited }
}

/**
 * Start an emulator process on a free port (or `port`) and wait until it is healthy. The process
 * is stopped by `stop()`, and killed when this Node.js process exits.
 */
async function startEmulator(options = {}) {
  const binary = findBinary(options)
  const host = options.host || '127.0.0.1'
  const token = options.controlToken || (options.env || process.env)[TOKEN_ENV]
  const attempts = options.port ? 1 : 3
  let lastError = null
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const port = options.port || (await freePort(host))
    const baseURL = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
    const control = new ControlClient(baseURL, token)
    const { child, exited } = spawnOnce(binary, options, host, port, token)
    const killOnExit = () => child.kill('SIGKILL')
    process.once('exit', killOnExit)
    child.once('exit', () => process.removeListener('exit', killOnExit))
    let outcome
    try {
      outcome = await waitForHealth(control, child, exited, options.startTimeoutMs || 30_000)
    } catch (e) {
      child.kill('SIGKILL')
      throw e
    }
    if (outcome.exited) {
      lastError = new EmulatorError(
        `backendless-emulator (${binary.path}) exited during start-up (code ${child.exitCode}): ${exited.stderr.trim()}`,
      )
      // Another process may have taken the port between choosing and binding it: try another.
      if (/in use|AddrInUse|address already/i.test(exited.stderr)) continue
      throw lastError
    }
    // The child must not keep the test runner alive; the exit hook above still kills it.
    child.unref()
    if (child.stderr) child.stderr.unref?.()
    try {
      return new Emulator(control, await defaultApp(control), { child, binary })
    } catch (e) {
      child.kill('SIGKILL')
      throw e
    }
  }
  throw lastError
}

/** A handle on an emulator that is already running at `baseURL` (stop() leaves it running). */
async function connectEmulator({ baseURL, controlToken, appId } = {}) {
  const url = baseURL || process.env.BACKENDLESS_EMULATOR_URL
  if (!url) throw new TypeError('connectEmulator: pass { baseURL } or set BACKENDLESS_EMULATOR_URL')
  const control = new ControlClient(url, controlToken || process.env[TOKEN_ENV])
  await control.get('/_emulator/health')
  return new Emulator(control, await defaultApp(control, appId))
}

async function defaultApp(control, appId) {
  const apps = await control.get('/_emulator/apps')
  const found = appId ? apps.find((a) => a.id === appId) : apps.find((a) => a.default) || apps[0]
  if (!found) throw new EmulatorError(appId ? `the emulator has no app ${appId}` : 'the emulator has no app')
  return new EmulatorApp(control, found)
}

module.exports = { Emulator, startEmulator, connectEmulator, freePort }
