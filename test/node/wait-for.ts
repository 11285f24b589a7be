// Polls a condition until it holds or a deadline passes: the tests synchronise on state (overlay degree,
// reachability), never on sleeps.

import { setTimeout as delay } from 'node:timers/promises'

const DEFAULT_POLL_INTERVAL_MS = 50

export interface WaitForOptions {
  timeoutMs: number
  intervalMs?: number
  /** Described in the error when the deadline passes. */
  what: string
  /** Called at the deadline to say what the state was. */
  state?: () => string
}

/** Resolves with the time it took (ms) once `condition` returns true; rejects at the deadline. */
export async function waitFor (condition: () => boolean | Promise<boolean>, options: WaitForOptions): Promise<number> {
  const started = performance.now()
  const deadline = started + options.timeoutMs
  while (true) {
    if (await condition()) return performance.now() - started
    if (performance.now() >= deadline) {
      const state = options.state === undefined ? '' : `: ${options.state()}`
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}${state}`)
    }
    await delay(options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS)
  }
}
