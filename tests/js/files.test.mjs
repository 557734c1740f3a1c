// The Files service driven through the official JS SDK (Backendless.Files) and the console SDK's
// files API, as an app and a developer would use them.
import assert from 'node:assert/strict'
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import consoleSdk from 'backendless-console-sdk'
import { test, sdk, env, unique, codeOf } from './helpers.mjs'

async function download(url) {
  const response = await fetch(url)
  assert.equal(response.status, 200)
  return response.text()
}

test('upload a Buffer and a ReadStream, download them at the returned URL', async () => {
  const app = sdk()
  const dir = unique('up')
  const fromBuffer = await app.Files.upload(Buffer.from('buffer content'), `${dir}/test.txt`)
  assert.match(fromBuffer.fileURL, new RegExp(`/files/${dir}/test.txt$`))
  assert.equal(await download(fromBuffer.fileURL), 'buffer content')

  const local = join(mkdtempSync(join(tmpdir(), 'files-')), 'stream.html')
  writeFileSync(local, '<p>stream</p>')
  const fromStream = await app.Files.upload(createReadStream(local), `${dir}/streams`)
  assert.match(fromStream.fileURL, new RegExp(`/files/${dir}/streams/stream.html$`))
  assert.equal(await download(fromStream.fileURL), '<p>stream</p>')

  assert.equal(await codeOf(app.Files.upload(Buffer.from('again'), `${dir}/test.txt`)), 6018)
  await app.Files.upload(Buffer.from('replaced'), `${dir}/test.txt`, true)
  assert.equal(await download(fromBuffer.fileURL), 'replaced')
})

test('saveFile stores text and bytes and answers the URL string', async () => {
  const app = sdk()
  const dir = unique('save')
  const url = await app.Files.saveFile(dir, 'testFile', 'testContent')
  assert.equal(typeof url, 'string')
  assert.ok(url.endsWith(`/files/${dir}/testFile`))
  assert.equal(await download(url), 'testContent')
  assert.equal(await codeOf(app.Files.saveFile(dir, 'testFile', 'x')), 6018)
  await app.Files.saveFile(dir, 'testFile', Buffer.from([104, 105]), true)
  assert.equal(await download(url), 'hi')
})

test('listing, getFileCount and exists follow the SDK e2e trees', async () => {
  const app = sdk()
  const dir = unique('list')
  for (const name of ['index.html', 'users.html', 'logo.png', 'subdir/one-more.html']) {
    await app.Files.saveFile(dir, name, name)
  }
  const listing = await app.Files.listing(dir)
  assert.deepEqual(listing.map(i => i.name).sort(), ['index.html', 'logo.png', 'subdir', 'users.html'])
  const index = listing.find(i => i.name === 'index.html')
  assert.equal(index.url, `${dir}/index.html`)
  assert.equal(index.size, 'index.html'.length)
  assert.ok(index.createdOn > 0 && index.updatedOn >= index.createdOn)
  assert.equal(await download(index.publicUrl), 'index.html')

  const html = await app.Files.listing(dir, '*.html', true)
  assert.deepEqual(html.map(i => i.name).sort(), ['index.html', 'one-more.html', 'users.html'])
  const page = await app.Files.listing(dir, null, true, 3, 1)
  assert.equal(page.length, 3)

  assert.equal(await app.Files.getFileCount(dir), 3)
  assert.equal(await app.Files.getFileCount(dir, '*.html'), 2)
  assert.equal(await app.Files.getFileCount(dir, '*.html', true), 3)
  assert.equal(await app.Files.getFileCount(dir, '*', false, true), 4)

  assert.equal(await app.Files.exists(`${dir}/index.html`), true)
  assert.equal(await app.Files.exists(`${dir}/subdir`), true)
  assert.equal(await app.Files.exists(`${dir}/nothing`), false)
})

test('createDirectory, copy, move, rename and remove', async () => {
  const app = sdk()
  const dir = unique('cmr')
  await app.Files.createDirectory(`${dir}/empty`)
  assert.equal(await app.Files.exists(`${dir}/empty`), true)
  await app.Files.saveFile(dir, 'a.txt', 'A')

  const copied = await app.Files.copyFile(`${dir}/a.txt`, `${dir}/copies`)
  assert.ok(copied.includes(`${dir}/copies/a.txt`))
  const moved = await app.Files.moveFile(`${dir}/copies/a.txt`, `${dir}/moved`)
  assert.ok(moved.includes(`${dir}/moved/a.txt`))
  const renamed = await app.Files.renameFile(`${dir}/moved/a.txt`, 'b.txt')
  assert.ok(renamed.includes(`${dir}/moved/b.txt`))
  assert.equal(await download(renamed), 'A')

  assert.equal(await codeOf(app.Files.copyFile(`${dir}/none`, dir)), 6007)
  assert.equal(await codeOf(app.Files.moveFile(`${dir}/none`, dir)), 6007)
  assert.equal(await codeOf(app.Files.renameFile(`${dir}/none`, 'x')), 6007)
  assert.equal(await codeOf(app.Files.copyFile(`${dir}/a.txt`, dir)), 6018)

  assert.equal(await app.Files.remove(`/${dir}/a.txt`), 1)
  assert.equal(await codeOf(app.Files.remove(`${dir}/a.txt`)), 6000)
  await app.Files.remove(renamed)
  assert.equal(await app.Files.exists(`${dir}/moved/b.txt`), false)
  await app.Files.removeDirectory(dir)
  assert.equal(await app.Files.exists(dir), false)
})

test('append bytes and text concatenate', async () => {
  const app = sdk()
  const dir = unique('append')
  const first = await app.Files.append(dir, 'log.txt', Buffer.from('aaa'))
  const second = await app.Files.appendText(`${dir}/log.txt`, 'bbb')
  const third = await app.Files.append(`${dir}/log.txt`, Buffer.from('ccc'))
  assert.equal(first, second)
  assert.equal(second, third)
  assert.equal(await download(third), 'aaabbbccc')
})

test('file permissions: a denied user gets 4000 for READ, WRITE and DELETE', async () => {
  const admin = sdk()
  const dir = unique('acl')
  await admin.Files.saveFile(dir, 'secret.txt', 'secret')
  const email = `${unique()}@example.com`
  const user = await admin.UserService.register({ email, password: 'pw' })

  assert.equal(await admin.Files.Permissions.READ.denyForUser(user.objectId, `${dir}/secret.txt`), true)
  await admin.Files.Permissions.WRITE.denyForUser(user.objectId, dir)
  await admin.Files.Permissions.DELETE.denyForRole('AuthenticatedUser', `${dir}/secret.txt`)

  const client = sdk()
  await client.UserService.login(email, 'pw', true)
  assert.equal(await codeOf(client.Files.exists(`${dir}/secret.txt`)), 4000)
  assert.equal(await codeOf(client.Files.saveFile(dir, 'new.txt', 'x')), 4000)
  assert.equal(await codeOf(client.Files.remove(`${dir}/secret.txt`)), 4000)
  assert.equal(await admin.Files.exists(`${dir}/secret.txt`), true)

  await admin.Files.Permissions.READ.grantForUser(user.objectId, `${dir}/secret.txt`)
  assert.equal(await client.Files.exists(`${dir}/secret.txt`), true)
})

test('file permissions for roles, all users and all roles, and the deprecated names', async () => {
  const admin = sdk()
  const dir = unique('acl2')
  const email = `${unique()}@example.com`
  const user = await admin.UserService.register({ email, password: 'pw' })
  const client = sdk()
  await client.UserService.login(email, 'pw', true)
  const readable = async path => {
    try {
      return await client.Files.exists(path)
    } catch (e) {
      assert.equal(e.code, 4000)
      return false
    }
  }
  const R = admin.Files.Permissions.READ
  const warn = console.warn
  console.warn = () => {}
  try {
    // One file per pair: a later entry for another principal would not override the first.
    for (const [deny, grant] of [
      [p => R.denyForAllUsers(p), p => R.grantForAllUsers(p)],
      [p => R.denyForAllRoles(p), p => R.grantForAllRoles(p)],
      [p => R.denyForRole('AuthenticatedUser', p), p => R.grantForRole('AuthenticatedUser', p)],
      [p => R.denyUser(user.objectId, p), p => R.grantUser(user.objectId, p)],
      [p => R.denyRole('AuthenticatedUser', p), p => R.grantRole('AuthenticatedUser', p)],
    ]) {
      const name = `${unique('f')}.txt`
      await admin.Files.saveFile(dir, name, 'content')
      const path = `${dir}/${name}`
      assert.equal(await deny(path), true)
      assert.equal(await readable(path), false, `${deny} denies`)
      assert.equal(await grant(path), true)
      assert.equal(await readable(path), true, `${grant} grants again`)
    }
  } finally {
    console.warn = warn
  }
})

test('the console SDK creates, reads, moves and deletes files in the same store', async () => {
  const client = consoleSdk.createClient(env.url)
  await client.user.login(env.devLogin, env.devPassword)
  const files = client.files
  const dir = unique('console')

  await files.createFile(env.appId, `${dir}/readme.txt`, 'hello console')
  assert.equal(await files.getFileContent(env.appId, `${dir}/readme.txt`), 'hello console')
  assert.equal(await files.fileExists(env.appId, `${dir}/readme.txt`), true)
  await files.createDir(env.appId, dir, 'sub')

  const renamed = await files.renameFile(env.appId, `${dir}/readme.txt`, 'renamed file.txt')
  assert.ok(renamed.endsWith(`/files/${dir}/renamed%20file.txt`))
  await files.moveFile(env.appId, `${dir}/renamed file.txt`, `${dir}/sub`)
  await files.copyFile(env.appId, `${dir}/sub/renamed file.txt`, `${dir}/copy.txt`)

  const view = await files.loadDirectory(env.appId, dir)
  assert.deepEqual(view.data.map(i => i.name).sort(), ['copy.txt', 'sub'])
  assert.equal(view.totalRows, 2)

  const app = sdk()
  assert.equal(await app.Files.exists(`${dir}/sub/renamed file.txt`), true)
  const listing = await app.Files.listing(dir)
  const copy = listing.find(i => i.name === 'copy.txt')
  assert.equal(await download(copy.publicUrl), 'hello console')

  await files.deleteFile(env.appId, `${dir}/copy.txt`)
  assert.equal(await files.fileExists(env.appId, `${dir}/copy.txt`), false)
  await files.deleteFile(env.appId, dir)
  assert.equal(await app.Files.exists(dir), false)
})

test('the deprecated grant and deny of file permissions are grantForAllUsers and denyForAllUsers', async () => {
  const admin = sdk()
  const dir = unique('acl3')
  await admin.Files.saveFile(dir, 'note.txt', 'note')
  const email = `${unique()}@example.com`
  await admin.UserService.register({ email, password: 'pw' })
  const client = sdk()
  await client.UserService.login(email, 'pw', true)
  const warn = console.warn
  const warnings = []
  console.warn = (...args) => warnings.push(args.join(' '))
  try {
    assert.equal(await admin.Files.Permissions.READ.deny(`${dir}/note.txt`), true)
    assert.equal(await codeOf(client.Files.exists(`${dir}/note.txt`)), 4000)
    assert.equal(await admin.Files.Permissions.READ.grant(`${dir}/note.txt`), true)
    assert.equal(await client.Files.exists(`${dir}/note.txt`), true)
  } finally {
    console.warn = warn
  }
  assert.equal(warnings.length, 2, 'the SDK warns once per deprecated call')
})
