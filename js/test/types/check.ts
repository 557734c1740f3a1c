// Compiled (never run) by test/pack.test.mjs with BACKENDLESS_EMULATOR_TEST_ALL=1: the hand-written
// index.d.ts describes the API as the README uses it, for ES module and CommonJS projects.
import Backendless from 'backendless'
import {
  connectEmulator,
  EmulatorError,
  findBinary,
  startEmulator,
  useApp,
  type Emulator,
  type EmulatorApp,
  type JournalEntry,
  type OutboxItem,
} from 'backendless-emulator'

export async function check(): Promise<void> {
  const emulator: Emulator = await startEmulator({ seed: 1, port: 9100, dataDir: 'data', controlToken: 't' })
  const url: string = emulator.baseURL
  const template: EmulatorApp = await emulator.createApp({ name: 'template' })
  const app: EmulatorApp = await emulator.forkApp(template)
  await emulator.reset(app.id)
  const now: number = await app.clock.now()
  await app.clock.set(new Date(now))
  await app.clock.advance(1000)
  const mail: OutboxItem[] = await app.outbox({ clear: true })
  const entries: JournalEntry[] = await app.journal({ status: '4xx' })
  const rule = await app.faults.add({ operation: 'POST /users/login', error: { code: 3003 } })
  await emulator.faults.remove(rule.id)
  const user = await app.loginAs('ann@example.com')
  const token: string = user['user-token']
  const sdk = await app.initBackendless(Backendless)
  sdk.Data.of('Task')
  const handle = useApp(() => emulator, { Backendless, from: app })
  const current: EmulatorApp | null = handle.current
  const binary: string = findBinary().path
  await emulator.stop()
  try {
    await (await connectEmulator({ baseURL: url })).health()
  } catch (e) {
    if (e instanceof EmulatorError) console.log(e.code, e.status)
  }
  console.log(mail, entries, token, current, binary)
}
