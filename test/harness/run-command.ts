// Runs one process to completion with a deadline, killing it (and its process group) by pid when time runs out.
// Both the lab's own setup commands and Lab.exec() go through here.

import './numeric-environment.js'

import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { HarnessError } from './errors.js'
import type { ExecResult } from './spec.js'

export interface RunOptions {
  timeoutMs: number
  input?: string
  env?: NodeJS.ProcessEnv
  /** Told about the child as soon as it exists, so an owner can kill it on teardown. */
  onSpawn?: (child: ChildProcess) => void
}

export async function runCommand (file: string, args: string[], options: RunOptions): Promise<ExecResult> {
  return await new Promise<ExecResult>((resolve, reject) => {
    // Its own process group: a timeout also takes down whatever a `sh -c` started, and a terminal ^C reaches
    // only us, so teardown happens in order.
    const child = spawn(file, args, {
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
      env: options.env ?? process.env
    })
    options.onSpawn?.(child)
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk))
    if (options.input !== undefined) {
      // A command that exits without reading its stdin must not turn into an unhandled EPIPE.
      child.stdin?.on('error', () => {})
      child.stdin?.end(options.input)
    }
    const timer = setTimeout(() => { killGroup(child, 'SIGKILL') }, options.timeoutMs)
    child.once('error', error => {
      clearTimeout(timer)
      reject(new HarnessError('E_SPAWN_FAILED', `cannot start ${file}: ${error.message}`, { cause: error }))
    })
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8')
      })
    })
  })
}

/** A setup step: any failure (exit code, signal, stderr from `ip -batch`) fails the lab build with its output. */
export async function runSetupStep (what: string, file: string, args: string[], options: RunOptions): Promise<void> {
  const result = await runCommand(file, args, options)
  if (result.code !== 0) {
    const why = result.signal !== null ? `killed by ${result.signal}` : `exit code ${String(result.code)}`
    throw new HarnessError('E_SETUP_FAILED', `${what} failed (${why}): ${result.stderr.trim() || result.stdout.trim()}`)
  }
}

/**
 * Signals a child by its pid, and its whole process group when it leads one (detached). A process that is
 * already gone is not an error: teardown runs after crashes and twice.
 */
export function killGroup (child: ChildProcess, signal: NodeJS.Signals, detached = true): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(detached ? -child.pid : child.pid, signal)
  } catch {
    try { process.kill(child.pid, signal) } catch { /* already exited */ }
  }
}
