// Logging driven through the official JS SDK: loggers flush batches that the emulator keeps.
import assert from 'node:assert/strict'
import Backendless from 'backendless'
import { test, sdk, env, unique } from './helpers.mjs'

const control = path => `${env.url}/_emulator/apps/${env.appId}${path}`

async function entries(logger) {
  const res = await fetch(control(`/log?logger=${encodeURIComponent(logger)}`))
  assert.equal(res.status, 200)
  return res.json()
}

test('logger messages are flushed to the emulator log', async () => {
  const app = sdk()
  const name = unique('logger')
  const logger = app.Logging.getLogger(name)
  logger.info('started')
  logger.debug({ user: 1 })
  logger.error('failed', 'TypeError: x is undefined')
  await app.Logging.flush()
  const stored = await entries(name)
  assert.deepEqual(stored.map(e => [e['log-level'], e.message]), [
    ['INFO', 'started'],
    ['DEBUG', '{"user":1}'],
    ['ERROR', 'failed'],
  ])
  assert.equal(stored[2].exception, 'TypeError: x is undefined')
  assert.ok(stored.every(e => typeof e.timestamp === 'number'))
})

test('the batch policy flushes after numOfMessages', async () => {
  const app = sdk()
  const name = unique('batched')
  app.Logging.setLogReportingPolicy(2, 60)
  const logger = app.Logging.getLogger(name)
  logger.warn('one')
  logger.warn('two')
  await new Promise(resolve => setTimeout(resolve, 10))
  await app.Logging.flush()
  assert.deepEqual((await entries(name)).map(e => e.message), ['one', 'two'])
  app.Logging.setLogReportingPolicy(10, 1)
})

test('loadLevels reads the app levels at init without failing', async () => {
  const app = Backendless.initApp({
    appId: env.appId,
    apiKey: env.jsKey,
    serverURL: env.url,
    standalone: true,
    logging: { loadLevels: true },
  })
  const name = unique('levels')
  await app.appInfoPromise()
  app.Logging.getLogger(name).fatal('after levels')
  await app.Logging.flush()
  assert.equal((await entries(name))[0]['log-level'], 'FATAL')
})

test('logger levels are served at /log/logger', async () => {
  const res = await fetch(`${env.url}/${env.appId}/${env.restKey}/log/logger`)
  assert.equal(res.status, 200)
  const levels = await res.json()
  assert.equal(levels[0].name, 'Global logger')
})

test('fatal and trace levels, and the messages limit keeps the newest unsent messages', async () => {
  const app = sdk()
  const name = unique('limited')
  app.Logging.setLogReportingPolicy(100, 60)
  const logger = app.Logging.getLogger(name)
  logger.trace('dropped 1')
  logger.trace('dropped 2')
  logger.fatal('kept', 'Error: boom')
  logger.trace('kept too')
  app.Logging.setMessagesLimit(2)
  await app.Logging.flush()
  const stored = await entries(name)
  assert.deepEqual(stored.map(e => [e['log-level'], e.message]), [['FATAL', 'kept'], ['TRACE', 'kept too']])
  assert.equal(stored[0].exception, 'Error: boom')
  app.Logging.setMessagesLimit(1000)
  app.Logging.setLogReportingPolicy(10, 1)
})

test('loadLoggingLevels applies the app levels: below the global level, log() and min() drop', async () => {
  const name = unique('global')
  const setGlobal = level => fetch(control('/log/levels'), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ 'Global logger': level }),
  })
  assert.equal((await setGlobal('WARN')).status, 200)
  try {
    // The app info (with the levels) is fetched once, when initApp runs.
    const app = sdk()
    app.Logging.loadLoggingLevels()
    await app.appInfoPromise()
    await new Promise(resolve => setTimeout(resolve, 0))
    const logger = app.Logging.getLogger(name)
    assert.equal(logger.min('INFO'), false)
    assert.equal(logger.min('ERROR'), true)
    logger.log('INFO', 'dropped')
    logger.log('WARN', 'kept')
    await app.Logging.flush()
    assert.deepEqual((await entries(name)).map(e => [e['log-level'], e.message]), [['WARN', 'kept']])
  } finally {
    assert.equal((await setGlobal('ALL')).status, 200)
  }
})
