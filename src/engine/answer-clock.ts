// The clock one trace's driver reads: the engine's clock, except while an answer is handed to the driver, when its
// monotonic reading is no later than that answer's kernel receive time. Answers are read in bursts, at times long after the kernel
// took them (a busy event loop, a loaded machine): a driver handling one of them must not judge its waits run out
// as of the read, while answers the kernel received before the read are still behind this one in the burst.

import type { CancelTimer, Clock, TimerOptions } from '../time/clock.js'

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
    return this.base.now()
  }

  monotonic (): number {
    this.last = Math.max(this.last, Math.min(this.base.monotonic(), this.horizon))
    return this.last
  }

  setTimer (fn: () => void, ms: number, options?: TimerOptions): CancelTimer {
    return this.base.setTimer(fn, ms, options)
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
