const Backendless = require('backendless')
const { startEmulator, useApp } = require('backendless-emulator')

jest.setTimeout(30_000)
let emulator

beforeAll(async () => {
  emulator = await startEmulator({ seed: 1 })
  await emulator.initBackendless(Backendless)
  await Backendless.UserService.register({ email: 'ann@example.com', password: 'secret' })
  await Backendless.Data.of('Order').save({ total: 1 })
})

afterAll(() => emulator?.stop())

// Before each test: fork the template and point Backendless.initApp at the fork.
const app = useApp(() => emulator, { Backendless })

test('a new order belongs to the user who placed it', async () => {
  const ann = await app.loginAs('ann@example.com')
  const order = await Backendless.Data.of('Order').save({ total: 42 })
  expect(order.ownerId).toBe(ann.objectId)
})

test('each test starts from the template', async () => {
  expect(await Backendless.Data.of('Order').getObjectCount()).toBe(1)
})

test('a password reset sends one email', async () => {
  await Backendless.UserService.restorePassword('ann@example.com')
  expect(await app.outbox()).toEqual([expect.objectContaining({ to: ['ann@example.com'] })])
})
