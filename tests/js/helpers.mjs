// Shared setup for SDK suites: the emulator's URL and keys come from tests/sdk_js.rs.
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { test as nodeTest } from 'node:test'
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

/**
 * A fresh SDK instance talking to the emulator with the given key (default: JS key). Calls made
 * through it are recorded per test (see `test` below) for the SDK-surface suite.
 */
export function sdk(apiKey = env.jsKey) {
  return recording(Backendless, 'Backendless').initApp({
    appId: env.appId,
    apiKey,
    serverURL: env.url,
    standalone: true,
    logging: { loadLevels: false },
  })
}

// ---- Which SDK methods the suites drive -------------------------------------------------------
//
// Every object the SDK hands out is wrapped in a Proxy that records `service.method` when a test
// calls a method on it, then calls the real method on the real object (the SDK's internals never
// see a proxy). A call counts for the test that made it, once that test has passed (`test` below
// wraps node's). Each suite process writes its record at exit into a directory named after this
// run's app id; zz-sdk-surface.test.mjs (sorted last) checks it against sdk-methods.json.

/** What a wrapped object hands out: services by property, objects by method result. */
const SHAPE = {
  Backendless: {
    returns: { initApp: 'Backendless' },
    props: {
      Data: 'Data', UserService: 'UserService', Files: 'Files', Messaging: 'Messaging', Cache: 'Cache',
      Counters: 'Counters', Logging: 'Logging', Events: 'Events', CustomServices: 'CustomServices',
      APIServices: 'CustomServices', RT: 'RT', SharedObject: 'SharedObject', Hive: 'Hive',
      UnitOfWork: 'UnitOfWork', Management: 'Management', Commerce: 'Commerce', Automations: 'Automations',
      LocalCache: 'LocalCache', BL: 'BL',
    },
  },
  BL: { props: { CustomServices: 'CustomServices', Events: 'Events' } },
  Data: { props: { Permissions: 'Data.Permissions' }, returns: { of: 'DataStore' } },
  'Data.Permissions': { props: { FIND: 'Data.Permissions.*', REMOVE: 'Data.Permissions.*', UPDATE: 'Data.Permissions.*' } },
  DataStore: { returns: { rt: 'Data.rt' } },
  UserService: { props: { Utils: 'UserService.Utils' } },
  Files: { props: { Permissions: 'Files.Permissions' } },
  'Files.Permissions': { props: { READ: 'Files.Permissions.*', WRITE: 'Files.Permissions.*', DELETE: 'Files.Permissions.*' } },
  Messaging: { returns: { subscribe: 'Messaging.Channel' } },
  Counters: { returns: { of: 'Counter' } },
  Logging: { returns: { getLogger: 'Logger' } },
  SharedObject: { returns: { connect: 'SharedObject.connection' } },
  Hive: { calls: 'Hive.DataHive' },
  'Hive.DataHive': {
    props: {
      KeyValueStore: 'Hive.KeyValueStore', ListStore: 'Hive.ListStore', MapStore: 'Hive.MapStore',
      SetStore: 'Hive.SetStore', SortedSetStore: 'Hive.SortedSetStore',
    },
  },
  'Hive.KeyValueStore': { calls: 'Hive.KeyValueStore(key)' },
  'Hive.ListStore': { calls: 'Hive.ListStore(key)' },
  'Hive.MapStore': { calls: 'Hive.MapStore(key)' },
  'Hive.SetStore': { calls: 'Hive.SetStore(key)' },
  'Hive.SortedSetStore': { calls: 'Hive.SortedSetStore(key)' },
  UnitOfWork: { constructs: 'UnitOfWork()', returns: { initFromJSON: 'UnitOfWork()' } },
  Management: { props: { Data: 'Management.Data' } },
}

/** Test name → the `service.method` calls it made, for every test of this process that passed. */
const passed = {}
/** The calls of the test running now (tests in a file run one after another). */
let current = null
const wrappers = new WeakMap()

/**
 * node's `test`, recording the SDK calls the test makes; they count once it has passed. Suites
 * take `test` from here so that sdk-methods.json can name, per SDK method, a passing test.
 */
export function test(name, ...rest) {
  const fn = rest.pop()
  return nodeTest(name, ...rest, async (t) => {
    const calls = new Set()
    const outer = current
    current = calls
    try {
      await fn(t)
    } finally {
      current = outer
    }
    passed[name] = [...(passed[name] || []), ...calls].sort()
  })
}

function record(key) {
  if (current) current.add(key)
}

function recording(target, label) {
  if ((typeof target !== 'object' && typeof target !== 'function') || target === null) return target
  let byLabel = wrappers.get(target)
  if (!byLabel) wrappers.set(target, (byLabel = new Map()))
  if (byLabel.has(label)) return byLabel.get(label)
  const shape = SHAPE[label] || {}
  const methods = new Map()
  const proxy = new Proxy(target, {
    get(obj, prop) {
      const value = Reflect.get(obj, prop, obj)
      if (typeof prop !== 'string') return value
      if (shape.props && shape.props[prop]) return recording(value, shape.props[prop])
      // Classes the SDK exposes (QueryBuilder, PublishOptions, ...) are handed out as they are.
      if (typeof value !== 'function' || prop === 'constructor' || /^[A-Z]/.test(prop)) return value
      if (!methods.has(prop)) {
        const result = shape.returns && shape.returns[prop]
        methods.set(prop, function (...args) {
          record(`${label}.${prop}`)
          const out = value.apply(obj, args)
          return result ? recording(out, result) : out
        })
      }
      return methods.get(prop)
    },
    apply(fn, self, args) {
      record(`${label}()`)
      return recording(Reflect.apply(fn, self, args), shape.calls)
    },
    construct(cls, args) {
      record(`new ${label}()`)
      return recording(Reflect.construct(cls, args), shape.constructs)
    },
  })
  byLabel.set(label, proxy)
  return proxy
}

/** Where this run's records go: one directory per emulator app id. */
export function drivenDir() {
  return join(tmpdir(), `backendless-sdk-driven-${env.appId}`)
}

process.on('exit', () => {
  if (!env.appId || !process.argv[1]) return
  const suite = basename(process.argv[1])
  if (suite.startsWith('zz-')) return
  mkdirSync(drivenDir(), { recursive: true })
  writeFileSync(join(drivenDir(), `${suite}.json`), JSON.stringify(passed))
})

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
