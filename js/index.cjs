'use strict'
// backendless-emulator: start the Backendless emulator from JavaScript tests and control it.

const { startEmulator, connectEmulator, Emulator, freePort } = require('./lib/emulator.cjs')
const { EmulatorApp } = require('./lib/app.cjs')
const { useApp } = require('./lib/use-app.cjs')
const { findBinary } = require('./lib/binary.cjs')
const { EmulatorError } = require('./lib/control.cjs')

module.exports = { startEmulator, connectEmulator, useApp, findBinary, freePort, Emulator, EmulatorApp, EmulatorError }
