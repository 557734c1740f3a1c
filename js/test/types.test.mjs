// index.d.ts is hand-written: every export and every method of the two handles must appear in it.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'

import * as pkg from '../index.mjs'

const types = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8')

/** The body of `export class Name { ... }` in index.d.ts. */
function classBody(name) {
  const start = types.indexOf(`export class ${name} `)
  assert.ok(start >= 0, `index.d.ts declares class ${name}`)
  return types.slice(start, types.indexOf('\n}\n', start))
}

describe('index.d.ts', () => {
  it('declares every export', () => {
    for (const name of Object.keys(pkg)) {
      assert.match(types, new RegExp(`export (declare )?(function|class) ${name}\\b`), `${name} is declared`)
    }
  })

  for (const [name, cls] of [
    ['Emulator', pkg.Emulator],
    ['EmulatorApp', pkg.EmulatorApp],
  ]) {
    it(`declares every method of ${name}`, () => {
      const body = classBody(name)
      const methods = Object.getOwnPropertyNames(cls.prototype).filter((m) => m !== 'constructor')
      assert.ok(methods.length > 5)
      for (const method of methods) assert.match(body, new RegExp(`\\n  ${method}[<(]`), `${name}.${method}`)
    })
  }
})
