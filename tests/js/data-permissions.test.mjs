// Data permissions through the JS SDK: grant/deny for users, roles, all users and all roles,
// and their effect on the caller's finds and updates.
import assert from 'node:assert/strict'
import { test, sdk, unique, codeOf } from './helpers.mjs'

test('all permission calls of the SDK succeed', async () => {
  const app = sdk()
  const table = `Perm${unique()}`
  const obj = await app.Data.of(table).save({ t: 'x' })
  const user = await app.UserService.register({ email: `${unique()}@x.com`, password: 'pw' })
  for (const perm of ['FIND', 'UPDATE', 'REMOVE']) {
    const P = app.Data.Permissions[perm]
    await P.grantForUser(user.objectId, obj)
    await P.denyForUser(user.objectId, obj)
    await P.grantForRole('AuthenticatedUser', obj)
    await P.denyForRole('AuthenticatedUser', obj)
    await P.grantForAllUsers(obj)
    await P.denyForAllUsers(obj)
    await P.grantForAllRoles(obj)
    await P.denyForAllRoles(obj)
  }
  assert.equal(await codeOf(app.Data.Permissions.FIND.grantForRole('NoSuchRole', obj)), 2005)
})

test('a denied object disappears for the denied user only', async () => {
  const app = sdk()
  const table = `Secret${unique()}`
  const store = app.Data.of(table)
  const open = await store.save({ t: 'open' })
  const hidden = await store.save({ t: 'hidden' })
  const email = `${unique()}@x.com`
  const user = await app.UserService.register({ email, password: 'pw' })
  await app.Data.Permissions.FIND.denyForUser(user.objectId, hidden)
  await app.Data.Permissions.UPDATE.denyForUser(user.objectId, open)
  assert.equal((await store.find()).length, 2, 'anonymous callers still see both')
  await app.UserService.login(email, 'pw')
  const seen = await store.find()
  assert.deepEqual(seen.map(o => o.t), ['open'])
  assert.equal(await store.getObjectCount(), 1)
  assert.equal(await codeOf(store.findById(hidden.objectId)), 1013)
  assert.equal(await codeOf(store.save({ objectId: open.objectId, t: 'changed' })), 1012)
  const mine = await store.save({ t: 'mine' })
  assert.equal(mine.ownerId, user.objectId)
  await app.UserService.logout()
})

test('the deprecated permission names still work, with the SDK warning', async () => {
  const app = sdk()
  const store = app.Data.of(`Old${unique()}`)
  const obj = await store.save({ t: 'x' })
  const email = `${unique()}@x.com`
  const user = await app.UserService.register({ email, password: 'pw' })
  const reader = sdk()
  await reader.UserService.login(email, 'pw')
  const visible = async () => (await reader.Data.of(store.className).find()).length
  const warn = console.warn
  const warnings = []
  console.warn = message => warnings.push(message)
  try {
    const F = app.Data.Permissions.FIND
    await F.denyUser(user.objectId, obj)
    assert.equal(await visible(), 0)
    await F.grantUser(user.objectId, obj)
    assert.equal(await visible(), 1)
    await F.denyRole('AuthenticatedUser', obj)
    await F.grantUser(user.objectId, obj)
    assert.equal(await visible(), 1, 'a user grant beats a role deny')
    await F.grantRole('AuthenticatedUser', obj)
    await F.deny(obj)
    assert.equal(await visible(), 0, 'deny = deny for all users')
    await F.grant(obj)
    assert.equal(await visible(), 1)
  } finally {
    console.warn = warn
  }
  assert.equal(warnings.length, 7)
  assert.match(warnings[0], /"Backendless.Data.Permissions.\{FIND\|REMOVE\|UPDATE\}.denyUser" is deprecated/)
})
