// A token bucket on every probe the engine sends, whatever trace it belongs to: the node's "probes per second
// overall" limit. A probe without a token waits in a FIFO queue, so pacing delays probes and never drops them.

import { engineClock } from './after-io.js'
import type { CancelTimer, Clock } from '../time/clock.js'

export interface PacerInit {
  /** Sustained probes per second. */
  ratePerSecond: number
  /** Probes that may go at once after a quiet period. */
  burst: number
}

export class ProbePacer {
  private readonly rate: number
  private readonly burst: number
  private tokens: number
  private last: number
  private readonly queue: Array<() => void> = []
  private readonly clock: Clock
  private timer: CancelTimer | undefined

  constructor (init: PacerInit, clock: Clock = engineClock) {
    this.clock = clock
    this.rate = init.ratePerSecond
    this.burst = Math.max(1, init.burst)
    this.tokens = this.burst
    this.last = clock.monotonic()
  }

  /** Runs `send` now if a token is free, else when one is (in arrival order). */
  run (send: () => void): void {
    this.refill()
    if (this.queue.length === 0 && this.tokens >= 1) {
      this.tokens--
      send()
      return
    }
    this.queue.push(send)
    this.schedule()
  }

  /** Probes waiting for a token now. */
  get waiting (): number {
    return this.queue.length
  }

  private refill (): void {
    const now = this.clock.monotonic()
    this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.rate / 1000)
    this.last = now
  }

  private schedule (): void {
    if (this.timer !== undefined) return
    const wait = Math.max(1, Math.ceil((1 - this.tokens) * 1000 / this.rate))
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined
      this.refill()
      while (this.queue.length > 0 && this.tokens >= 1) {
        this.tokens--
        ;(this.queue.shift() as () => void)()
      }
      if (this.queue.length > 0) this.schedule()
    }, wait)
  }
}
