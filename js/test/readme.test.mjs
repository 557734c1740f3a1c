// The README's "Testing a JavaScript app" examples are the files the pack test runs.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'

const read = (path) => readFileSync(new URL(path, import.meta.url), 'utf8').trim()
const readme = read('../../README.md')
const section = readme.slice(readme.indexOf('## Testing a JavaScript app'))

describe('README', () => {
  for (const example of ['examples/mocha/package.json', 'examples/mocha/test/app.test.mjs', 'examples/jest/app.test.js']) {
    it(`shows ${example} verbatim`, () => {
      assert.ok(section.startsWith('## Testing a JavaScript app'), 'the section exists')
      assert.ok(section.includes(read(`../${example}`)), `README differs from js/${example}`)
    })
  }

  it('names every function the package exports', async () => {
    const pkg = await import('../index.mjs')
    const table = section.slice(0, section.indexOf('**mocha**'))
    for (const name of ['startEmulator', 'connectEmulator', 'useApp', 'createApp', 'forkApp', 'reset', 'loginAs']) {
      assert.ok(table.includes(`${name}(`), `${name} is documented`)
    }
    assert.equal(typeof pkg.startEmulator, 'function')
  })
})
