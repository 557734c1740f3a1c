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

const HERE = fileURLToPath(new URL('.', import.meta.url))
const LIST = join(HERE, 'sdk-methods.json')
const README = join(HERE, '..', '..', 'README.md')
const STORE_TYPES = ['KeyValueStore', 'ListStore', 'MapStore', 'SetStore', 'SortedSetStore']

/** The README Fidelity table's rows: a title and the labels of sdk-methods.json it counts. */
const TABLE = [
  ['Backendless (`initApp`, `setupDevice`, token helpers)', ['Backendless']],
  ['Data (`Data`, `DataStore` incl. relations, grouping, bulk, JSON ops; permissions)', ['Data', 'DataStore', 'Data.Permissions.*']],
  ['Data real-time (`Data.of(T).rt()`)', ['Data.rt']],
  ['Users (incl. roles, guest, social and OAuth logins)', ['UserService', 'UserService.Utils']],
  ['Files (incl. permissions)', ['Files', 'Files.Permissions.*']],
  ['Messaging (incl. email and push templates, devices, channels)', ['Messaging', 'Messaging.Channel']],
  ['Hive (every store, one key and many)', ['Hive', 'Hive.DataHive', ...STORE_TYPES.flatMap(s => [`Hive.${s}`, `Hive.${s}(key)`])]],
  ['Counters', ['Counters', 'Counter']],
  ['Cache', ['Cache']],
  ['Logging', ['Logging', 'Logger']],
  ['Events', ['Events']],
  ['CustomServices', ['CustomServices']],
  ['Transactions (`UnitOfWork`)', ['UnitOfWork', 'UnitOfWork()']],
  ['RT connection (`Backendless.RT`)', ['RT']],
  ['SharedObject (remote shared objects)', ['SharedObject', 'SharedObject.connection']],
  ['Management', ['Management', 'Management.Data']],
  ['Commerce', ['Commerce']],
  ['Automations', ['Automations']],
  ['LocalCache', ['LocalCache']],
  ['BL', ['BL']],
]

/** The Markdown table of the README's Fidelity section, counted from the list. */
function fidelityTable(list) {
  const head = '| Service | public SDK methods | driven by a passing test | of them answered as unsupported | SDK plumbing (not called) | declared, not shipped |\n|---|---|---|---|---|---|'
  const total = [0, 0, 0, 0, 0]
  const rows = TABLE.map(([title, labels]) => {
    const mine = list.methods.filter(e => labels.includes(e.service))
    const pub = mine.filter(e => !e.internal && !e.notShipped)
    const n = [pub.length, pub.filter(e => e.test).length, pub.filter(e => e.unsupported).length,
      mine.filter(e => e.internal).length, mine.filter(e => e.notShipped).length]
    n.forEach((v, i) => { total[i] += v })
    return `| ${title} | ${n.join(' | ')} |`
  })
  return [head, ...rows, `| **Total** | ${total.join(' | ')} |`].join('\n')
}

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
  for (const store of STORE_TYPES) {
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

/** backendless.d.ts scopes that declare a service's methods → the label of that service. */
const DECLARED = {
  Backendless: 'Backendless', 'Backendless.LocalCache': 'LocalCache', 'Backendless.Data': 'Data',
  'Backendless.DataStore': 'DataStore', 'Backendless.EventHandler': 'Data.rt',
  'Backendless.Data.PersistencePermissionI': 'Data.Permissions.*', 'Backendless.UserService': 'UserService',
  'Backendless.UserService.Utils': 'UserService.Utils', 'Backendless.Messaging': 'Messaging',
  'Backendless.ChannelClass': 'Messaging.Channel', 'Backendless.Files': 'Files',
  'Backendless.Files.FilePermissionI': 'Files.Permissions.*', 'Backendless.Cache': 'Cache',
  'Backendless.Counters': 'Counters', 'Backendless.Counter': 'Counter', 'Backendless.Logging': 'Logging',
  'Backendless.Logger': 'Logger', 'Backendless.BL.EventsI': 'Events', 'Backendless.BL.CustomServicesI': 'CustomServices',
  'Backendless.RT': 'RT', 'Backendless.Hive': 'Hive', 'Backendless.Hive.DataHive': 'Hive.DataHive',
  'Backendless.UnitOfWork': 'UnitOfWork()', 'Backendless.Management.Data': 'Management.Data',
  'Backendless.Commerce': 'Commerce', 'Backendless.Automations': 'Automations',
}
for (const store of STORE_TYPES) {
  DECLARED[`Backendless.Hive.${store}`] = `Hive.${store}`
  DECLARED[`Backendless.Hive.${store[0].toLowerCase()}${store.slice(1)}`] = `Hive.${store}(key)`
}

/**
 * `label.method` of every method backendless.d.ts declares on a service (its namespaces,
 * classes and interfaces, read by brace depth; Hive's shared store interfaces count for each
 * store; `UnitOfWork.initFromJSON` is static).
 */
function declared() {
  const text = readFileSync(fileURLToPath(import.meta.resolve('backendless/backendless.d.ts')), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '')
  const out = new Set()
  const stack = []
  let pending = null
  for (const line of text.split('\n').map(l => l.trim())) {
    const scope = line.match(/^(?:export\s+)?(?:declare\s+)?(?:namespace|class|interface|module)\s+([\w.]+)/)
    if (scope) pending = scope[1]
    const method = !scope && stack.length && line.match(/^(?:static\s+)?(?:function\s+)?([a-zA-Z_]\w*)\s*(?:<[^()]*>)?\s*\(/)
    if (method && method[1] !== 'constructor') {
      const where = stack.filter(Boolean).join('.')
      const labels = where === 'Backendless.Hive.HiveStore' ? STORE_TYPES.map(s => `Hive.${s}`)
        : where === 'Backendless.Hive.hiveStore' ? STORE_TYPES.map(s => `Hive.${s}(key)`)
          : DECLARED[where] ? [DECLARED[where]] : []
      for (const label of labels) {
        if (label === 'UnitOfWork()' && method[1] === 'initFromJSON') out.add('UnitOfWork.initFromJSON')
        else if (label !== 'Backendless' || method[1] !== 'Hive') out.add(`${label}.${method[1]}`)
      }
    }
    for (const ch of line) {
      if (ch === '{') {
        stack.push(pending)
        pending = null
      } else if (ch === '}') stack.pop()
    }
  }
  return [...out].sort()
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
    const readme = readFileSync(README, 'utf8')
    const start = readme.indexOf('| Service | public SDK methods |')
    const end = readme.indexOf('\n\n', start)
    writeFileSync(README, readme.slice(0, start) + fidelityTable(list) + readme.slice(end))
  }

  const missing = []
  for (const [service, names] of found) {
    for (const method of names) if (!entries.has(key({ service, method }))) missing.push(key({ service, method }))
  }
  assert.deepEqual(missing, [], 'SDK methods missing from sdk-methods.json')
  const undeclared = declared().filter(k => !entries.has(k))
  assert.deepEqual(undeclared, [], 'methods of backendless.d.ts missing from sdk-methods.json')
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
  const labels = TABLE.flatMap(([, l]) => l)
  assert.deepEqual([...found.keys()].filter(l => !labels.includes(l)), [], 'every service has a README row')
  assert.ok(readFileSync(README, 'utf8').includes(fidelityTable(list)), `README Fidelity table is stale; it reads:\n${fidelityTable(list)}`)
})
