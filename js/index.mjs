// ES module entry: the same objects as the CommonJS entry (index.cjs).
import pkg from './index.cjs'

export const { startEmulator, connectEmulator, useApp, findBinary, freePort, Emulator, EmulatorApp, EmulatorError } = pkg
