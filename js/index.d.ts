// Types of backendless-emulator (hand-written; the code is plain JavaScript in lib/).

/** Options of startEmulator. */
export interface StartOptions {
  /** Port to listen on (default: a free port chosen before start-up). */
  port?: number
  /** Interface to listen on (default 127.0.0.1). */
  host?: string
  /** Deterministic ids, tokens and a virtual clock (`--seed`). */
  seed?: number
  /** Keep state in this directory across restarts (`--data-dir`). */
  dataDir?: string
  /** Load an app export into the default app at start (`--import`). */
  importFile?: string
  /** Pin the default app's id (`--app-id`). */
  appId?: string
  /** Pin the default app's REST and JS key (`--api-key`). */
  apiKey?: string
  /** The emulator binary (default: BACKENDLESS_EMULATOR_BIN, then PATH, then the packed copy). */
  binary?: string
  /** Control-plane token, sent as `x-emulator-token` (default: BACKENDLESS_EMULATOR_CONTROL_TOKEN). */
  controlToken?: string
  /** More command-line arguments. */
  args?: string[]
  /** Environment of the process (merged over process.env). */
  env?: Record<string, string>
  /** Show the emulator's stdout and stderr (default: hidden; stderr is quoted if start-up fails). */
  verbose?: boolean
  /** How long to wait for `/_emulator/health` (default 30000 ms). */
  startTimeoutMs?: number
}

/** Options of connectEmulator. */
export interface ConnectOptions {
  /** Root URL of a running emulator (default: BACKENDLESS_EMULATOR_URL). */
  baseURL?: string
  /** Control-plane token (default: BACKENDLESS_EMULATOR_CONTROL_TOKEN). */
  controlToken?: string
  /** The app the handle's default helpers use (default: the emulator's default app). */
  appId?: string
}

/** API keys of an app, one per client kind. */
export interface AppKeys {
  REST: string
  JS: string
  ANDROID: string
  IOS: string
  WP: string
  AS: string
  /** Cloud Code key. */
  BL: string
  [kind: string]: string
}

/** The parts of the started ChildProcess worth reading (the object is a full ChildProcess). */
export interface EmulatorProcess {
  readonly pid?: number
  readonly exitCode: number | null
  readonly signalCode: string | null
  kill(signal?: string | number): boolean
}

/** Where the binary came from. */
export interface BinaryLocation {
  path: string
  source: 'option' | 'env' | 'path' | 'package'
}

/** A virtual clock of one app (epoch milliseconds). */
export interface Clock {
  now(): Promise<number>
  /** Set the time (epoch ms, Date or ISO string); answers the new time. */
  set(time: number | Date | string): Promise<number>
  /** Move the time by `ms` (negative goes back); answers the new time. */
  advance(ms: number): Promise<number>
}

/** A fault-injection rule (README: fault injection); `error`, `alter` or `latencyMs` is the action. */
export interface FaultRule {
  /** `"POST /users/login"`: method and path template relative to the app root. */
  operation?: string
  method?: string
  /** Regular expression over the service path. */
  path?: string
  appId?: string
  probability?: number
  seed?: number
  count?: number
  error?: { code: number; status?: number; message?: string }
  alter?: { pointer: string; value?: unknown; remove?: boolean }
  latencyMs?: number
  [field: string]: unknown
}

/** A rule as the emulator reports it, with its id and counters. */
export interface FaultRuleState extends FaultRule {
  id: number
  matched: number
  fired: number
}

export interface Faults {
  add(rule: FaultRule): Promise<FaultRuleState>
  list(): Promise<FaultRuleState[]>
  clear(): Promise<unknown>
}

/** One recorded request. */
export interface JournalEntry {
  seq: number
  time: number
  app: string | null
  method: string
  path: string
  status: number
  micros: number
  /** Why a non-2xx request was refused. */
  reason: string | null
}

export interface JournalFilter {
  app?: string
  /** Substring of the path. */
  path?: string
  /** `"4xx"`, `"401"`, ... */
  status?: string
  limit?: number
}

/** An email or push the app would have sent. */
export interface OutboxItem {
  id: number
  /** `password-recovery`, `email-confirmation`, `email`, `push`, ... */
  kind: string
  to: string[]
  subject: string
  body: string
  /** The one-time link the message carries (confirmation, password reset), if any. */
  link: string | null
  created: number
  data: unknown
}

/** Who to log in as. */
export type LoginAsTarget = string | { email: string } | { login: string } | { objectId: string }

/** The user object `/users/login` answers. */
export interface LoggedInUser {
  objectId: string
  'user-token': string
  [column: string]: unknown
}

/** The part of the Backendless SDK this package uses. */
export interface BackendlessLike {
  initApp(config: object): unknown
}

/** An app of a running emulator and the control-plane helpers scoped to it. */
export class EmulatorApp {
  readonly id: string
  readonly appId: string
  readonly name: string
  readonly keys: AppKeys
  /** The JS (and REST) API key. */
  readonly apiKey: string
  /** The emulator's root URL (Backendless `serverURL`). */
  readonly baseURL: string
  /** The client API root, `{baseURL}/{appId}/{REST key}`. */
  readonly url: string
  readonly clock: Clock
  /** Fault rules limited to this app; clear() removes only this app's rules. */
  readonly faults: Faults
  /** The SDK instance initBackendless bound, if any. */
  sdk: unknown
  outbox(options?: { clear?: boolean }): Promise<OutboxItem[]>
  clearOutbox(): Promise<void>
  journal(filter?: Omit<JournalFilter, 'app'>): Promise<JournalEntry[]>
  /** A session without a password; the bound SDK's current user unless `setCurrentUser: false`. */
  loginAs(who: LoginAsTarget, options?: { setCurrentUser?: boolean }): Promise<LoggedInUser>
  reset(): Promise<void>
  fork(options?: { id?: string; apiKey?: string; name?: string }): Promise<EmulatorApp>
  delete(): Promise<void>
  export(): Promise<object>
  import(state: object): Promise<void>
  settings(patch?: object): Promise<object>
  initOptions<T extends object>(extra?: T): { appId: string; apiKey: string; serverURL: string } & T
  initBackendless<S extends BackendlessLike>(Backendless: S, extra?: object): Promise<S>
}

/** A running emulator. */
export class Emulator {
  /** Root URL, e.g. http://127.0.0.1:41234 (Backendless `serverURL`). */
  readonly baseURL: string
  /** The default app. */
  readonly app: EmulatorApp
  readonly appId: string
  readonly apiKey: string
  readonly keys: AppKeys
  readonly url: string
  /** The binary startEmulator started (null for connectEmulator). */
  readonly binary: BinaryLocation | null
  /** The emulator's process (a node:child_process ChildProcess), null for connectEmulator. */
  readonly process: EmulatorProcess | null
  /** The default app's clock. */
  readonly clock: Clock
  /** Every fault rule of the emulator (rules apply to every app unless they name appId). */
  readonly faults: Faults & { remove(id: number): Promise<void> }
  createApp(options?: { id?: string; apiKey?: string; name?: string }): Promise<EmulatorApp>
  forkApp(fromId?: string | EmulatorApp, options?: { id?: string; apiKey?: string; name?: string }): Promise<EmulatorApp>
  /** Empty one app (default: the default app). */
  reset(appId?: string | EmulatorApp): Promise<void>
  resetAll(): Promise<void>
  getApp(appId: string): Promise<EmulatorApp>
  apps(): Promise<EmulatorApp[]>
  deleteApp(appId: string | EmulatorApp): Promise<void>
  /** The default app's outbox. */
  outbox(options?: { clear?: boolean }): Promise<OutboxItem[]>
  /** Recent requests of every app. */
  journal(filter?: JournalFilter): Promise<JournalEntry[]>
  /** loginAs on the default app. */
  loginAs(who: LoginAsTarget, options?: { setCurrentUser?: boolean }): Promise<LoggedInUser>
  initBackendless<S extends BackendlessLike>(Backendless: S, extra?: object): Promise<S>
  health(): Promise<{ status: string; version: string }>
  /** Stop the process startEmulator started; a no-op for connectEmulator. */
  stop(options?: { timeoutMs?: number }): Promise<void>
}

/** A control-plane call that failed. */
export class EmulatorError extends Error {
  /** The emulator's error code, when it answered one. */
  code?: number
  status?: number
  method?: string
  path?: string
}

/** Options of useApp. */
export interface UseAppOptions {
  /** The app each test forks (default: the emulator's default app). */
  from?: string | EmulatorApp | (() => string | EmulatorApp | Promise<string | EmulatorApp>)
  /** The SDK to point at each fork (`Backendless.initApp`). */
  Backendless?: BackendlessLike
  /** More initApp options (e.g. `{ standalone: true }`). */
  initOptions?: object
  /** beforeEach/afterEach to register with (default: the globals of mocha, jest, vitest). */
  hooks?: { beforeEach(fn: () => Promise<void>): unknown; afterEach(fn: () => Promise<void>): unknown }
}

/** The current test's app; `current` is null outside a test. */
export type UseAppHandle = EmulatorApp & { readonly current: EmulatorApp | null }

type EmulatorSource = Emulator | Promise<Emulator> | (() => Emulator | Promise<Emulator> | undefined)

/** Start an emulator process and wait until it is healthy. */
export function startEmulator(options?: StartOptions): Promise<Emulator>
/** A handle on an emulator that is already running. */
export function connectEmulator(options?: ConnectOptions): Promise<Emulator>
/** A fresh fork for every test, with the SDK pointed at it. */
export function useApp(emulator: EmulatorSource, options?: UseAppOptions): UseAppHandle
/** The binary startEmulator would start. */
export function findBinary(options?: { binary?: string; env?: Record<string, string | undefined> }): BinaryLocation
/** A free TCP port on `host`. */
export function freePort(host?: string): Promise<number>
