import assert from 'node:assert/strict'
import Backendless from 'backendless'
import { startEmulator, useApp } from 'backendless-emulator'

describe('my app', function () {
  this.timeout(30_000)
  let emulator

  before(async () => {
    emulator = await startEmulator({ seed: 1 })
    // The template app every test gets a fresh copy of.
    await emulator.initBackendless(Backendless)
    await Backendless.UserService.register({ email: 'ann@example.com', password: 'secret' })
    await Backendless.Data.of('Task').save({ title: 'seeded' })
  })

  after(() => emulator?.stop())

  // Before each test: fork the template and point Backendless.initApp at the fork.
  const app = useApp(() => emulator, { Backendless })

  it('works on its own copy of the data', async () => {
    const tasks = await Backendless.Data.of('Task').find()
    assert.deepEqual(tasks.map((t) => t.title), ['seeded'])
    await Backendless.Data.of('Task').save({ title: 'only in this test' })
  })

  it('starts from the template again', async () => {
    assert.equal(await Backendless.Data.of('Task').getObjectCount(), 1)
  })

  it('acts as a user without a password', async () => {
    const ann = await app.loginAs('ann@example.com')
    const task = await Backendless.Data.of('Task').save({ title: 'mine' })
    assert.equal(task.ownerId, ann.objectId)
  })

  it('reads the emails the app would have sent', async () => {
    await Backendless.UserService.restorePassword('ann@example.com')
    const [email] = await app.outbox()
    assert.deepEqual(email.to, ['ann@example.com'])
    assert.equal(email.kind, 'password-recovery')
  })

  it('moves the clock', async () => {
    await Backendless.Cache.put('greeting', 'hello', 60)
    await app.clock.advance(61_000)
    assert.equal(await Backendless.Cache.contains('greeting'), false)
  })

  it('injects failures', async () => {
    await app.faults.add({ operation: 'POST /users/login', error: { code: 3036 } })
    await assert.rejects(Backendless.UserService.login('ann@example.com', 'secret'), { code: 3036 })
  })
})
