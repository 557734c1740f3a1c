// The User Service driven through the official JS SDK, as an app would use it.
import assert from 'node:assert/strict'
import { test, sdk, env, unique, codeOf } from './helpers.mjs'

test('register, login, current user, update, logout', async () => {
  const app = sdk()
  const email = `${unique()}@example.com`
  const registered = await app.UserService.register({ email, password: 'pw1', age: 30 })
  assert.equal(registered.email, email)
  assert.equal(registered.password, undefined)
  assert.equal(registered['user-token'], undefined)
  assert.equal(registered.___class, 'Users')

  const user = await app.UserService.login(email, 'pw1', true)
  assert.equal(user.objectId, registered.objectId)
  assert.ok(user['user-token'])
  assert.equal(await app.UserService.isValidLogin(), true)

  const current = await app.UserService.getCurrentUser(true)
  assert.equal(current.age, 30)

  current.age = 31
  const updated = await app.UserService.update(current)
  assert.equal(updated.age, 31)
  assert.ok(updated.updated > 0)

  await app.UserService.logout()
  assert.equal(await app.UserService.isValidLogin(), false)
})

test('error codes reach the SDK', async () => {
  const app = sdk()
  const email = `${unique()}@example.com`
  assert.equal(await codeOf(app.UserService.register({ email })), 3011)
  await app.UserService.register({ email, password: 'pw' })
  assert.equal(await codeOf(app.UserService.register({ email, password: 'pw' })), 3033)
  assert.equal(await codeOf(app.UserService.login(email, 'wrong')), 3003)
  assert.equal(await codeOf(app.UserService.register({ email: 'not-an-email', password: 'pw' })), 3040)
})

test('guest login, find by id, delete', async () => {
  const app = sdk()
  const guest = await app.UserService.loginAsGuest()
  assert.equal(guest.userStatus, 'GUEST')
  assert.ok(guest['user-token'])

  const email = `${unique()}@example.com`
  const user = await app.UserService.register({ email, password: 'pw' })
  const found = await app.Data.of('Users').findById(user.objectId)
  assert.equal(found.email, email)
  await app.Data.of('Users').remove(user.objectId)
  assert.equal(await codeOf(app.Data.of('Users').findById(user.objectId)), 1000)
})

test('roles: list own roles, Cloud Code only assignment', async () => {
  const app = sdk()
  const roles = await app.UserService.getUserRoles()
  assert.deepEqual([...roles].sort(), ['JSUser', 'NotAuthenticatedUser'])

  const email = `${unique()}@example.com`
  await app.UserService.register({ email, password: 'pw' })
  assert.equal(await codeOf(app.UserService.assignRole(email, 'AuthenticatedUser')), 2011)

  const cloud = sdk(env.blKey)
  assert.equal(await codeOf(cloud.UserService.assignRole(email, 'AuthenticatedUser')), 2007)
  assert.equal(await codeOf(cloud.UserService.unassignRole(email, 'AuthenticatedUser')), 2008)
  assert.equal(await codeOf(cloud.UserService.assignRole(email, 'NoSuchRole')), 2005)
})

test('login by objectId needs the Cloud Code key', async () => {
  const app = sdk()
  const email = `${unique()}@example.com`
  const user = await app.UserService.register({ email, password: 'pw' })
  assert.equal(await codeOf(app.UserService.login(user.objectId)), 2014)
  const cloud = sdk(env.blKey)
  const logged = await cloud.UserService.login(user.objectId)
  assert.equal(logged.objectId, user.objectId)
  await app.UserService.login(email, 'pw', true)
  assert.equal(await codeOf(app.UserService.verifyPassword('pw')), 3122)
})

test('recovery, confirmation URL, describe, status and find by role through the SDK', async () => {
  const app = sdk()
  const cloud = sdk(env.blKey)
  const email = `${unique()}@example.com`
  const user = await app.UserService.register({ email, password: 'pw' })

  await app.UserService.restorePassword(email)
  assert.equal(await codeOf(app.UserService.restorePassword(`${unique()}@example.com`)), 3020)
  assert.equal(await codeOf(app.UserService.resendEmailConfirmation(email)), 3103)
  const url = await app.UserService.createEmailConfirmationURL(email)
  assert.match(url.confirmationURL, /^http:\/\/127\.0\.0\.1:\d+\//)

  const props = await app.UserService.describeUserClass()
  assert.ok(props.some(p => p.name === 'email' && p.identity === true))

  assert.equal(await codeOf(app.UserService.disableUser(user.objectId)), 3054)
  await cloud.UserService.disableUser(user.objectId)
  assert.equal(await codeOf(app.UserService.login(email, 'pw')), 3090)
  await cloud.UserService.enableUser(user.objectId)
  await app.UserService.login(email, 'pw')

  assert.equal(await codeOf(app.UserService.findByRole('NoSuchRole')), 2005)
  assert.deepEqual(await cloud.UserService.getUserRoles(user.objectId), ['AuthenticatedUser'])
})

test('Management.Data.createTable makes a typed table the client can use', async () => {
  const app = sdk()
  const table = unique('Managed')
  await app.Management.Data.createTable(table, [
    { name: 'title', dataType: 'STRING', dataSize: 100 },
    { name: 'qty', dataType: 'INT' },
  ])
  const props = await app.Data.describe(table)
  assert.equal(props.find(p => p.name === 'qty').type, 'INT')
  assert.equal(await codeOf(app.Data.of(table).save({ qty: 'many' })), 1007)
})

test('logout right after register succeeds: nobody is logged in yet', async () => {
  const app = sdk()
  const email = `${unique()}@example.com`
  await app.UserService.register({ email, password: 'pw' })
  assert.equal(await app.UserService.logout(), undefined)
  assert.equal(await app.UserService.getCurrentUser(), null)
})

test('current user helpers: loggedInUser, setCurrentUser, the client locale', async () => {
  const app = sdk()
  const email = `${unique()}@example.com`
  const user = await app.UserService.register({ email, password: 'pw' })
  assert.equal(app.UserService.loggedInUser(), null)
  await app.UserService.login(email, 'pw', true)
  assert.equal(app.UserService.loggedInUser(), user.objectId)
  const other = sdk()
  const set = other.UserService.setCurrentUser({ ...user, 'user-token': app.UserService.getCurrentUserToken() }, true)
  assert.equal(set.objectId, user.objectId)
  assert.equal((await other.UserService.getCurrentUser()).email, email)
  assert.equal(await other.UserService.isValidLogin(), true, 'the adopted token is a live session')
  assert.equal(other.UserService.setCurrentUser(null), null)
  assert.equal(other.UserService.loggedInUser(), null)
  const locale = app.UserService.Utils.getClientUserLocale()
  assert.ok(locale === undefined || /^[a-z]{2}$/.test(locale), `locale ${locale}`)
})

test('social and OAuth logins: popups need a browser, token logins reach the honest 99000', async () => {
  const app = sdk()
  for (const popup of [
    () => app.UserService.loginWithFacebook(),
    () => app.UserService.loginWithGooglePlus(),
    () => app.UserService.loginWithTwitter(),
  ]) {
    await assert.rejects(popup(), e => e instanceof ReferenceError && /window/.test(e.message))
  }
  assert.equal(await codeOf(app.UserService.loginWithFacebookSdk('fb-token', true)), 99000)
  assert.equal(await codeOf(app.UserService.loginWithGooglePlusSdk('g-token')), 99000)
  assert.equal(await codeOf(app.UserService.loginWithOauth2('github', 'gh-token', { email: 'email' }, true)), 99000)
  assert.equal(await codeOf(app.UserService.loginWithOauth1('twitter', 'tw-token', 'tw-secret')), 99000)
  assert.equal(await codeOf(app.UserService.getAuthorizationUrlLink('github', { email: 'email' }, 'user')), 99000)
  assert.equal(app.UserService.loggedInUser(), null, 'a failed social login leaves nobody logged in')
})

test('token and id helpers: the session token moves between instances, the user status by name', async () => {
  const app = sdk()
  const email = `${unique()}@example.com`
  const user = await app.UserService.register({ email, password: 'pw' })
  assert.equal(app.UserService.getCurrentUserId(), null)
  assert.equal(app.getCurrentUserToken(), null)
  await app.UserService.login(email, 'pw')
  assert.equal(app.UserService.getCurrentUserId(), user.objectId)
  assert.equal(app.UserService.getLocalCurrentUser().email, email)
  const token = app.getCurrentUserToken()
  assert.equal(token, app.UserService.getCurrentUserToken())

  // A token handed to another instance's current user makes its calls as that user.
  const other = sdk()
  assert.equal(other.UserService.setLocalCurrentUser({ ...user }).objectId, user.objectId)
  other.UserService.setCurrentUserToken(token)
  assert.equal(other.getCurrentUserToken(), token)
  assert.equal(await other.UserService.isValidLogin(), true)
  other.setCurrentUserToken(null)
  assert.equal(other.UserService.getCurrentUserToken(), null)
  assert.equal(await other.UserService.isValidLogin(), false, 'no token: nothing to validate')

  const cloud = sdk(env.blKey)
  await cloud.UserService.updateUserStatus(user.objectId, 'DISABLED')
  assert.equal(await codeOf(sdk().UserService.login(email, 'pw')), 3090)
  await cloud.UserService.updateUserStatus(user.objectId, 'ENABLED')
  assert.equal((await sdk().UserService.login(email, 'pw')).objectId, user.objectId)
})

test('a guest registers with its objectId and keeps it: the guest account becomes the user', async () => {
  const app = sdk()
  const guest = await app.UserService.loginAsGuest(true)
  assert.equal(app.UserService.getCurrentUserId(), guest.objectId)
  const email = `${unique()}@example.com`
  const user = await app.UserService.register({ objectId: guest.objectId, email, password: 'pw' })
  assert.deepEqual([user.objectId, user.userStatus, user.email], [guest.objectId, 'ENABLED', email])
  const again = await sdk().UserService.login(email, 'pw')
  assert.equal(again.objectId, guest.objectId)
})
