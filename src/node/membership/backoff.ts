// When a dial target (a known peer, a bootstrap address) may be dialled again: exponential back-off after failed
// dials, a fixed pause after a lost connection, both on the injected clock so the rules are tested on virtual time.

import type { Clock } from '../../time/clock.js'
import { DIAL_BACKOFF_BASE_MS, DIAL_BACKOFF_MAX_MS, LOST_BACKOFF_MS } from './constants.js'

export interface BackoffInit {
  clock: Clock
  /** A float in [0, 1): spreads retries so that peers that failed together do not retry together. */
  random: () => number
  baseMs?: number
  maxMs?: number
  lostMs?: number
}

interface State {
  /** Failed dials in a row. */
  failures: number
  /** Monotonic ms before which the target is not dialled. */
  retryAt: number
}

export class Backoff {
  private readonly init: Required<BackoffInit>
  private readonly states = new Map<string, State>()

  constructor (init: BackoffInit) {
    this.init = { baseMs: DIAL_BACKOFF_BASE_MS, maxMs: DIAL_BACKOFF_MAX_MS, lostMs: LOST_BACKOFF_MS, ...init }
  }

  /** May `key` be dialled now? */
  due (key: string): boolean {
    const state = this.states.get(key)
    return state === undefined || state.retryAt <= this.init.clock.monotonic()
  }

  /** Failed dials in a row to `key`. */
  failures (key: string): number {
    return this.states.get(key)?.failures ?? 0
  }

  /** A dial failed: wait base * 2^(failures - 1), at most max, each drawn in [0.75, 1.25] of it. */
  failed (key: string): void {
    const failures = this.failures(key) + 1
    const ms = Math.min(this.init.baseMs * 2 ** (failures - 1), this.init.maxMs)
    this.states.set(key, { failures, retryAt: this.init.clock.monotonic() + this.jitter(ms) })
  }

  /** A dial worked: due again at once. */
  succeeded (key: string): void {
    this.states.delete(key)
  }

  /** A connection to `key` was lost (pruned, closed, dead): not before the lost pause, failures kept. */
  lost (key: string): void {
    const retryAt = this.init.clock.monotonic() + this.jitter(this.init.lostMs)
    this.states.set(key, { failures: this.failures(key), retryAt: Math.max(retryAt, this.states.get(key)?.retryAt ?? 0) })
  }

  forget (key: string): void {
    this.states.delete(key)
  }

  private jitter (ms: number): number {
    return ms * (0.75 + this.init.random() / 2)
  }
}
