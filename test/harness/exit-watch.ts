// The suite's mocha does not force its exit (.mocharc.cjs `exit: false`), so that a test leaving something running
// is found, not hidden: but then `npm test` would hang on it, as a full run did after its summary (16 min, found by
// hand). This root hook turns such a hang into a failure that names the culprit: if the process is still alive
// EXIT_WATCH_MS after the last test, it prints what keeps it alive (sockets with their addresses, child processes
// with their pid and command, servers, timers by kind) and exits 1. The timer is unref'd: a process that ends by
// itself never sees it. Not in mocha's parallel workers (MOCHA_WORKER_ID): their root hooks run after each file.

import type { ChildProcess } from 'node:child_process'
import type { Server, Socket } from 'node:net'

const EXIT_WATCH_MS = 60_000

/** One line per handle that keeps the event loop alive. */
export function openHandles (): string[] {
  const active = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? []
  const lines = active.map((handle) => {
    const name = (handle as object)?.constructor?.name ?? typeof handle
    if (name === 'ChildProcess') {
      const child = handle as ChildProcess
      return `child process ${child.pid ?? '?'}: ${child.spawnargs.join(' ').slice(0, 200)}`
    }
    if (name === 'Socket' || name === 'TLSSocket') {
      const socket = handle as Socket
      if (socket === process.stdout || socket === process.stderr || socket === process.stdin) return undefined
      return `socket ${socket.localAddress ?? '?'}:${socket.localPort ?? '?'} -> ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`
    }
    if (name === 'Server') {
      const address = (handle as Server).address()
      return `server ${typeof address === 'string' ? address : `${address?.address ?? '?'}:${address?.port ?? '?'}`}`
    }
    return name
  }).filter((line): line is string => line !== undefined)
  return [...lines, `resources: ${process.getActiveResourcesInfo().join(', ')}`]
}

export const mochaHooks = {
  afterAll (): void {
    if (process.env.MOCHA_WORKER_ID !== undefined) return
    setTimeout(() => {
      process.stderr.write(`exit-watch: the test process is still alive ${EXIT_WATCH_MS / 1000} s after its last test; what keeps it:\n` +
        openHandles().map(line => `  ${line}\n`).join(''))
      // Last of the exit listeners: mocha's own sets the exit code to its tests' outcome in one.
      process.on('exit', () => { process.exitCode = 1 })
      process.exit(1)
    }, EXIT_WATCH_MS).unref()
  }
}
