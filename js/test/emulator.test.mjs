// startEmulator, connectEmulator and the binary search, against the real emulator binary.
import assert from 'node:assert/strict'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, before, describe, it } from 'node:test'

import { connectEmulator, EmulatorError, findBinary, startEmulator } from '../index.mjs'
import cjs from '../index.cjs'
import { binary } from './helpers.mjs'

describe('startEmulator', () => {
  let emulator
  before(async () => {
    emulator = await startEmulator({ seed: 7, appId: 'TEST-APP', apiKey: 'TEST-KEY' })
  })
  after(() => emulator?.stop())

  it('starts the binary of BACKENDLESS_EMULATOR_BIN on a free port and waits for health', async () => {
    assert.deepEqual(emulator.binary, { path: binary, source: 'env' })
    assert.match(emulator.baseURL, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.equal((await emulator.health()).status, 'ok')
  })

  it('answers the default app with its id and keys', () => {
    assert.equal(emulator.appId, 'TEST-APP')
    assert.equal(emulator.apiKey, 'TEST-KEY')
    assert.equal(emulator.keys.REST, 'TEST-KEY')
    assert.ok(emulator.keys.BL && emulator.keys.BL !== 'TEST-KEY')
    assert.equal(emulator.url, `${emulator.baseURL}/TEST-APP/TEST-KEY`)
  })

  it('passes --seed: the clock is virtual and starts where the seed puts it', async () => {
    const app = await emulator.getApp(emulator.appId)
    const answer = await app.control.get(`${app.path}/clock`)
    assert.equal(answer.virtual, true)
  })

  it('reports control-plane errors with the emulator code', async () => {
    const error = await emulator.getApp('NO-SUCH-APP').catch((e) => e)
    assert.ok(error instanceof EmulatorError)
    assert.equal(error.code, 2002)
    assert.equal(error.status, 400)
  })

  it('CommonJS and ES module entries export the same functions', () => {
    assert.equal(cjs.startEmulator, startEmulator)
    assert.equal(cjs.useApp.name, 'useApp')
  })
})

describe('stop', () => {
  it('ends the process it started, and a second call is harmless', async () => {
    const emulator = await startEmulator()
    await emulator.stop()
    await emulator.stop()
    assert.equal(emulator.process.exitCode, 0)
    await assert.rejects(emulator.health(), /unreachable/)
  })

  it('importFile is loaded before health answers; stop right after start still saves dataDir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bl-emu-data-'))
    const importFile = fileURLToPath(new URL('../../fixtures/sample-app.json', import.meta.url))
    const emulator = await startEmulator({ importFile, dataDir })
    const fork = await emulator.forkApp()
    const count = await fetch(`${fork.url}/data/Customer/count`)
    assert.equal(await count.json(), 3)
    await emulator.stop()
    assert.equal(emulator.process.exitCode, 0)
    assert.ok(existsSync(join(dataDir, 'state.json')), 'the final snapshot was written')
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('connectEmulator attaches to a running emulator and leaves it running', async () => {
    const running = await startEmulator()
    try {
      const attached = await connectEmulator({ baseURL: running.baseURL })
      assert.equal(attached.appId, running.appId)
      assert.equal(attached.process, null)
      await attached.stop()
      assert.equal((await running.health()).status, 'ok')
    } finally {
      await running.stop()
    }
  })
})

describe('start-up failures', () => {
  it('quotes the emulator when it exits during start-up (port taken)', async () => {
    const accepted = []
    const blocker = createServer((socket) => accepted.push(socket))
    await new Promise((r) => blocker.listen(0, '127.0.0.1', r))
    try {
      const error = await startEmulator({ port: blocker.address().port }).catch((e) => e)
      assert.ok(error instanceof EmulatorError, String(error))
      assert.match(error.message, /exited during start-up \(code 1\): backendless-emulator: cannot listen/)
    } finally {
      accepted.forEach((socket) => socket.destroy())
      blocker.close()
    }
  })

  it('refuses a binary option that is not an executable file', async () => {
    await assert.rejects(startEmulator({ binary: '/nonexistent/backendless-emulator' }), /not an executable file/)
  })
})

describe('findBinary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bl-emu-bin-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const fake = (sub) => {
    mkdirSync(join(dir, sub), { recursive: true })
    const file = join(dir, sub, 'backendless-emulator')
    writeFileSync(file, '#!/bin/sh\n')
    chmodSync(file, 0o755)
    return file
  }
  const fromOption = fake('option')
  const fromEnv = fake('env')
  const fromPath = fake('path')

  it('prefers the option, then BACKENDLESS_EMULATOR_BIN, then PATH', () => {
    const env = { BACKENDLESS_EMULATOR_BIN: fromEnv, PATH: `/nowhere:${join(dir, 'path')}` }
    assert.deepEqual(findBinary({ binary: fromOption, env }), { path: fromOption, source: 'option' })
    assert.deepEqual(findBinary({ env }), { path: fromEnv, source: 'env' })
    assert.deepEqual(findBinary({ env: { PATH: env.PATH } }), { path: fromPath, source: 'path' })
  })

  it('names every place it looked when nothing is found', () => {
    assert.throws(() => findBinary({ env: { PATH: '/nowhere' } }), /BACKENDLESS_EMULATOR_BIN.*PATH/)
  })

  it('refuses a BACKENDLESS_EMULATOR_BIN that does not exist', () => {
    assert.throws(() => findBinary({ env: { BACKENDLESS_EMULATOR_BIN: join(dir, 'missing') } }), /not an executable/)
  })
})

describe('control token', () => {
  it('is sent as x-emulator-token on every control-plane call', async () => {
    const seen = []
    const server = http.createServer((req, res) => {
      seen.push([req.method, req.url, req.headers['x-emulator-token']])
      res.setHeader('content-type', 'application/json')
      if (req.url === '/_emulator/health') return res.end('{"status":"ok"}')
      if (req.url === '/_emulator/apps') {
        return res.end('[{"id":"A","name":"a","default":true,"keys":{"REST":"K","JS":"K"},"baseUrl":"x"}]')
      }
      res.end('{"now":5}')
    })
    await new Promise((r) => server.listen(0, '127.0.0.1', r))
    try {
      const baseURL = `http://127.0.0.1:${server.address().port}`
      const emulator = await connectEmulator({ baseURL, controlToken: 'sesame' })
      assert.equal(await emulator.clock.advance(5), 5)
      assert.deepEqual(
        seen.map((s) => s[2]),
        ['sesame', 'sesame', 'sesame'],
      )
      assert.deepEqual(seen[2].slice(0, 2), ['PUT', '/_emulator/apps/A/clock'])
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })
})
