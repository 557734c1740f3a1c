// The console side through the official backendless-console-sdk: log in, create an app, read its
// keys, switch settings, manage roles — then use the new app from the client SDK.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import BackendlessConsole from 'backendless-console-sdk'
import Backendless from 'backendless'
import { env, unique, codeOf } from './helpers.mjs'

const createClient = BackendlessConsole.createClient || BackendlessConsole.default?.createClient

test('developer login, app creation, settings and roles drive the client API', async () => {
  const consoleApi = createClient(env.url)
  const account = await consoleApi.user.login(env.devLogin, env.devPassword)
  assert.ok(account.authKey)

  const app = await consoleApi.apps.createApp({ appName: unique('app'), refCode: null })
  assert.ok(app.id)
  const apps = await consoleApi.apps.getApps()
  assert.ok(apps.some(a => a.id === app.id))

  const settings = await consoleApi.settings.getAppSettings(app.id)
  assert.ok(settings.apiKeysMap.JS)
  assert.ok(settings.apiKeysMap.BL)

  const client = Backendless.initApp({ appId: app.id, apiKey: settings.apiKeysMap.JS, serverURL: env.url, standalone: true })
  const email = `${unique()}@example.com`
  await client.UserService.register({ email, password: 'pw' })

  const regs = await consoleApi.users.getUsersRegs(app.id)
  await consoleApi.users.updateUsersRegs(app.id, { ...regs, userRegistrationEnabled: false })
  assert.equal(await codeOf(client.UserService.register({ email: `${unique()}@example.com`, password: 'pw' })), 3009)

  const login = await consoleApi.users.getUsersLogin(app.id)
  await consoleApi.users.updateUsersLogin(app.id, { ...login, logoutLastUser: true })
  await client.UserService.login(email, 'pw', true)
  const second = Backendless.initApp({ appId: app.id, apiKey: settings.apiKeysMap.JS, serverURL: env.url, standalone: true })
  assert.equal(await codeOf(second.UserService.login(email, 'pw')), 3002)

  await consoleApi.security.createRole(app.id, 'Moderators')
  const roles = await consoleApi.security.loadRoles(app.id)
  assert.ok(roles.some(r => r.rolename === 'Moderators'))
  const cloud = Backendless.initApp({ appId: app.id, apiKey: settings.apiKeysMap.BL, serverURL: env.url, standalone: true })
  await cloud.UserService.assignRole(email, 'Moderators')
  assert.deepEqual(await client.UserService.getUserRoles(), ['AuthenticatedUser', 'JSUser', 'Moderators'])

  await consoleApi.apps.deleteApp(app.id)
  assert.equal(await codeOf(client.UserService.getUserRoles()), 2002)
})
