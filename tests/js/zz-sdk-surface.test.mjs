// The SDK's public surface is driven: sdk-methods.json lists every method of every service object
// of `backendless@8.0.0` (walked live here), each with the passing test that calls it, or why it
// is not called (SDK plumbing no app calls, or declared in backendless.d.ts but not shipped).
// Runs last (zz-): every other suite has written the calls its passing tests made (helpers.mjs).
// `SDK_METHODS_UPDATE=1 cargo test --test sdk_js` rewrites the `test` of every entry from this
// run's records (keeping the notes) and adds entries for new methods, unclassified.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import Backendless from 'backendless'
import { env, drivenDir } from './helpers.mjs'

const LIST = join(fileURLToPath(new URL('.', import.meta.url)), 'sdk-methods.json')

/** Methods of an object: own and inherited, functions, not `_private`, not classes. */
function methodsOf(obj) {
  const out = new Set()
  for (let o = obj; o && o !== Object.prototype && o !== Function.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name === 'constructor' || name.startsWith('_') || /^[A-Z]/.test(name)) continue
      const d = Object.getOwnPropertyDescriptor(o, name)
      if (d && typeof d.value === 'function') out.add(name)
    }
  }
  return [...out]
}

/**
 * Every service object of a live SDK instance, under the label helpers.mjs records its calls
 * with; a callable object (`Backendless.Hive(name)`) also lists `()`, a class `new`.
 */
function surface(app) {
  const hive = app.Hive('surface')
  const channel = app.Messaging.subscribe('surface')
  const rso = app.SharedObject.connect('surface')
  const objects = {
    Backendless: app,
    Data: app.Data,
    DataStore: app.Data.of('Surface'),
    'Data.rt': app.Data.of('Surface').rt(),
    'Data.Permissions.*': app.Data.Permissions.FIND,
    UserService: app.UserService,
    'UserService.Utils': app.UserService.Utils,
    Files: app.Files,
    'Files.Permissions.*': app.Files.Permissions.READ,
    Messaging: app.Messaging,
    'Messaging.Channel': channel,
    Cache: app.Cache,
    Counters: app.Counters,
    Counter: app.Counters.of('surface'),
    Logging: app.Logging,
    Logger: app.Logging.getLogger('surface'),
    Events: app.Events,
    CustomServices: app.CustomServices,
    RT: app.RT,
    SharedObject: app.SharedObject,
    'SharedObject.connection': rso,
    Hive: app.Hive,
    'Hive.DataHive': hive,
    UnitOfWork: app.UnitOfWork,
    'UnitOfWork()': new app.UnitOfWork(),
    Management: app.Management,
    'Management.Data': app.Management.Data,
    Commerce: app.Commerce,
    Automations: app.Automations,
    LocalCache: app.LocalCache,
    BL: app.BL,
  }
  for (const store of ['KeyValueStore', 'ListStore', 'MapStore', 'SetStore', 'SortedSetStore']) {
    objects[`Hive.${store}`] = hive[store]
    objects[`Hive.${store}(key)`] = hive[store]('surface')
  }
  const found = new Map()
  for (const [label, obj] of Object.entries(objects)) {
    const names = methodsOf(obj)
    if (typeof obj === 'function' && label !== 'UnitOfWork') names.push('()')
    if (label === 'UnitOfWork') names.push('new')
    found.set(label, names.sort())
  }
  // The three permission kinds of each service share one class: any may stand for all.
  for (const kind of ['REMOVE', 'UPDATE']) assert.deepEqual(methodsOf(app.Data.Permissions[kind]).sort(), found.get('Data.Permissions.*'))
  for (const kind of ['WRITE', 'DELETE']) assert.deepEqual(methodsOf(app.Files.Permissions[kind]).sort(), found.get('Files.Permissions.*'))
  return { found, close: () => app.RT.terminate() }
}

/** The record key helpers.mjs uses for a call of `method` on `service`. */
function key({ service, method }) {
  if (method === '()') return `${service}()`
  if (method === 'new') return `new ${service}()`
  return `${service}.${method}`
}

/** The list as written: one method a line, so a diff shows which methods changed. */
function serialise(list) {
  const lines = list.methods.map(e => `  ${JSON.stringify(e)}`)
  return `{\n "sdk": ${JSON.stringify(list.sdk)},\n "methods": [\n${lines.join(',\n')}\n ]\n}\n`
}

/** Passing test → its calls, over every suite's record of this run. */
function passingCalls() {
  const calls = new Map()
  for (const file of readdirSync(drivenDir()).sort()) {
    const suite = file.replace(/\.json$/, '')
    for (const [name, made] of Object.entries(JSON.parse(readFileSync(join(drivenDir(), file), 'utf8')))) {
      calls.set(`${suite} › ${name}`, new Set(made))
    }
  }
  return calls
}

test('every public method of every SDK service is listed and driven by a passing test', () => {
  const list = JSON.parse(readFileSync(LIST, 'utf8'))
  const { found, close } = surface(Backendless.initApp({
    appId: env.appId, apiKey: env.jsKey, serverURL: env.url, standalone: true, logging: { loadLevels: false },
  }))
  close()
  const calls = passingCalls()
  const entries = new Map(list.methods.map(e => [key(e), e]))

  if (process.env.SDK_METHODS_UPDATE) {
    for (const [service, names] of found) {
      for (const method of names) if (!entries.has(key({ service, method }))) entries.set(key({ service, method }), { service, method })
    }
    for (const e of entries.values()) {
      if (e.internal || e.notShipped) continue
      const still = e.test && calls.get(e.test)?.has(key(e))
      if (!still) e.test = [...calls].find(([, made]) => made.has(key(e)))?.[0]
    }
    list.methods = [...entries.values()].sort((a, b) => key(a).localeCompare(key(b)))
    writeFileSync(LIST, serialise(list))
  }

  const missing = []
  for (const [service, names] of found) {
    for (const method of names) if (!entries.has(key({ service, method }))) missing.push(key({ service, method }))
  }
  assert.deepEqual(missing, [], 'SDK methods missing from sdk-methods.json')
  const problems = []
  for (const e of entries.values()) {
    const shipped = (found.get(e.service) || []).includes(e.method)
    if (e.notShipped) {
      if (shipped) problems.push(`${key(e)} is shipped now: drive it`)
      continue
    }
    if (!shipped) problems.push(`${key(e)} is not in the SDK`)
    else if (e.internal) continue
    else if (!e.test) problems.push(`${key(e)} names no driving test`)
    else if (!calls.has(e.test)) problems.push(`${key(e)}: test "${e.test}" did not pass in this run`)
    else if (!calls.get(e.test).has(key(e))) problems.push(`${key(e)}: test "${e.test}" does not call it`)
  }
  assert.deepEqual(problems, [])
})
