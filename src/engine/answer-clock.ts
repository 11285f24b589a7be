// The clock one trace's driver reads: the engine's clock, except while an answer is handed to the driver, when it
// reads no later than that answer's kernel receive time. Answers are read in bursts, at times long after the kernel
// took them (a busy event loop, a loaded machine): a driver handling one of them must not judge its waits run out
// as of the read, while answers the kernel received before the read are still behind this one in the burst.

import type { Clock, TimerHandle } from './clock.js'

export class AnswerClock implements Clock {
  private readonly base: Clock
  /** The receive time of the answer being handed over; Infinity between answers. */
  private horizon = Infinity
  /** The last reading: the driver never sees time go back. */
  private last = -Infinity

  constructor (base: Clock) {
    this.base = base
  }

  now (): number {
    this.last = Math.max(this.last, Math.min(this.base.now(), this.horizon))
    return this.last
  }

  setTimer (fn: () => void, ms: number): TimerHandle {
    return this.base.setTimer(fn, ms)
  }

  clearTimer (handle: TimerHandle): void {
    this.base.clearTimer(handle)
  }

  /** Runs `handle` (the driver taking an answer received at `at`) with the clock reading no later than `at`. */
  answering (at: number, handle: () => void): void {
    const outer = this.horizon
    this.horizon = Math.min(outer, at)
    try {
      handle()
    } finally {
      this.horizon = outer
    }
  }
}
