// A virtual clock for the engine's timing logic: time moves only when the test runs the next timer, so waits,
// retries and deadlines are exact and repeatable whatever the machine is doing. A trace that would hang (pending,
// with no timer left to wake it) fails at once instead of timing out.

import type { Clock, TimerHandle } from '../../src/engine/clock.js'

interface VirtualTimer { at: number, seq: number, fn: () => void }

export class VirtualClock implements Clock {
  private time = 0
  private seq = 0
  private readonly timers = new Map<number, VirtualTimer>()

  readonly now = (): number => this.time

  readonly setTimer = (fn: () => void, ms: number): TimerHandle => {
    const seq = ++this.seq
    this.timers.set(seq, { at: this.time + Math.max(0, ms), seq, fn })
    return seq
  }

  readonly clearTimer = (handle: TimerHandle): void => {
    this.timers.delete(handle as number)
  }

  /** Timers not yet run. */
  get pending (): number {
    return this.timers.size
  }

  /**
   * Runs timers in time order (ties in the order they were set) until `promise` settles, letting promise callbacks
   * run between timers. Rejects when the promise is still pending and no timer is left: a hang.
   */
  async run<T>(promise: Promise<T>, limitMs = 10_000_000): Promise<T> {
    let settled = false
    promise.then(() => { settled = true }, () => { settled = true })
    for (;;) {
      await new Promise<void>(resolve => { setImmediate(resolve) })
      if (settled) return await promise
      const next = this.earliest()
      if (next === undefined) throw new Error(`hang: pending at virtual ${this.time} ms with no timer to wake it`)
      if (next.at > limitMs) throw new Error(`still pending at virtual ${this.time} ms, next timer at ${next.at} ms`)
      this.timers.delete(next.seq)
      this.time = Math.max(this.time, next.at)
      next.fn()
    }
  }

  private earliest (): VirtualTimer | undefined {
    let best: VirtualTimer | undefined
    for (const timer of this.timers.values()) {
      if (best === undefined || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer
    }
    return best
  }
}
