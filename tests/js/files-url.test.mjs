// Files from a URL through the official JS SDK: upload(url, path) and append(path, url) post
// {"url": ...} and the emulator fetches the source itself. Its own suite: the source URL names
// the app id and key in a request body, which the proxy round trip (conformance/tests/proxy.rs)
// must not record.
import assert from 'node:assert/strict'
import { test, sdk, env, unique, codeOf } from './helpers.mjs'

test('upload and append from a URL: the emulator fetches the source and answers {fileURL}', async () => {
  const app = sdk()
  const dir = unique('fromurl')
  const source = await app.Files.saveFile(`${dir}/src`, 'a.txt', 'hello', true)
  const kept = await app.Files.upload(source, `${dir}/dst`)
  assert.deepEqual(kept, { fileURL: `${env.url}/${env.appId}/${env.jsKey}/files/${dir}/dst/a.txt` }, 'the source name is kept')
  const renamed = await app.Files.upload(source, `${dir}/dst/b.txt`)
  assert.ok(renamed.fileURL.endsWith(`/files/${dir}/dst/b.txt`))
  assert.equal(await codeOf(app.Files.upload(source, `${dir}/dst/b.txt`)), 6018, 'no overwrite unless asked')
  assert.deepEqual(await app.Files.append(`${dir}/dst/b.txt`, source), renamed)
  assert.deepEqual(await app.Files.append(`${dir}/dst`, 'c.txt', source), { fileURL: renamed.fileURL.replace('b.txt', 'c.txt') })
  assert.equal(await (await fetch(renamed.fileURL)).text(), 'hellohello')
})
