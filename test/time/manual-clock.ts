// A clock the test moves by hand (src/time/clock.ts's interface): time stands still until advance() or runNext(),
// which fire the timers that fall due in order, each at its own instant. No test that uses it depends on the load.

import type { CancelTimer, Clock } from '../../src/time/clock.js'

/** Where a ManualClock starts unless told otherwise: 2023-11-14T22:13:20Z, a round Unix ms. */
export const MANUAL_CLOCK_START = 1_700_000_000_000

/** Event-loop turns settle() lets pass before it moves time: more than any chain of hops in the code under test. */
const SETTLE_TURNS = 20
/** Timers in a row fired at one instant before the clock calls the code under test a busy loop. */
const SPIN_LIMIT = 1000

interface PendingTimer {
  at: number
  seq: number
  fn: () => void
}

export class ManualClock implements Clock {
  readonly start: number
  private current: number
  private seq = 0
  private timers: PendingTimer[] = []
  private readonly waiters = new Set<() => void>()

  constructor (start = MANUAL_CLOCK_START) {
    this.start = this.current = start
  }

  now (): number {
    return this.current
  }

  monotonic (): number {
    return this.current - this.start
  }

  setTimer (fn: () => void, ms: number): CancelTimer {
    const timer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn }
    this.timers.push(timer)
    // Due time, then creation order: what the event loop's timers promise too.
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq)
    for (const wake of [...this.waiters]) wake()
    return () => { this.timers = this.timers.filter((t) => t !== timer) }
  }

  /** Timers set and not yet fired or cancelled. */
  get pending (): number {
    return this.timers.length
  }

  /** Timers due at or before `at`. */
  dueBy (at: number): number {
    return this.timers.filter((t) => t.at <= at).length
  }

  /** When the next timer is due, or undefined when none is set. */
  nextAt (): number | undefined {
    return this.timers[0]?.at
  }

  /**
   * Moves time forward by `ms`, firing each timer that falls due on the way, in order, at its own instant. Timers
   * due together fire back to back, with no promise callbacks run between them (Node runs them between timers): the
   * harshest interleaving, which is what a race needs to show.
   */
  advance (ms: number): void {
    this.advanceTo(this.current + ms)
  }

  advanceTo (at: number): void {
    if (at < this.current) throw new RangeError(`a clock does not go back (${at} < ${this.current})`)
    let spins = 0
    for (let next = this.timers[0]; next !== undefined && next.at <= at; next = this.timers[0]) {
      this.timers.shift()
      // A timer set again and again for the instant it fires at: a busy loop, which a real clock would only hide.
      spins = next.at <= this.current ? spins + 1 : 0
      if (spins > SPIN_LIMIT) throw new Error(`spinning: over ${SPIN_LIMIT} timers in a row at ${this.current - this.start} ms`)
      this.current = Math.max(this.current, next.at)
      next.fn()
    }
    this.current = at
  }

  /**
   * Moves time forward by `ms` without firing the timers that fall due: an event loop starved that long, with the
   * timers overdue. fireDue() then runs them, late.
   */
  stall (ms: number): void {
    if (ms < 0) throw new RangeError(`a clock does not go back (${ms} ms)`)
    this.current += ms
  }

  /** Fires, in order and at the current time, the timers due by now; not those they set (one turn of the loop). */
  fireDue (): void {
    for (const timer of this.timers.filter((t) => t.at <= this.current)) {
      if (!this.timers.includes(timer)) continue
      this.timers = this.timers.filter((t) => t !== timer)
      timer.fn()
    }
  }

  /**
   * Resolves with the due time of the earliest timer as soon as one is set (at once if one is); with `withinMs`, as
   * soon as one is due at most that long from now (a timer just armed, not a far deadline already pending). An
   * abort of `signal` resolves it with undefined and leaves nothing behind.
   */
  async untilTimer (withinMs = Infinity, signal?: AbortSignal): Promise<number | undefined> {
    while (!(this.timers.length > 0 && (this.timers[0] as PendingTimer).at - this.current <= withinMs)) {
      if (signal?.aborted === true) return undefined
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.waiters.delete(wake)
          signal?.removeEventListener('abort', wake)
          resolve()
        }
        this.waiters.add(wake)
        signal?.addEventListener('abort', wake, { once: true })
      })
    }
    return this.timers[0]?.at
  }

  /** Waits until a timer is set (within `withinMs`), then moves time to it and fires it and any other due then. */
  async runNext (withinMs = Infinity, signal?: AbortSignal): Promise<number | undefined> {
    const at = await this.untilTimer(withinMs, signal)
    if (at !== undefined) this.advanceTo(at)
    return at
  }

  /**
   * Until `work` settles, fires each timer due within `withinMs` as soon as one is set (a link's delay, say), and
   * never one further off (a deadline, which would mean the work stalled): then `work`'s outcome.
   */
  async runWhile<T> (work: Promise<T>, withinMs: number): Promise<T> {
    const settled = new AbortController()
    const watched = work.finally(() => { settled.abort() })
    while (!settled.signal.aborted) await Promise.race([watched, this.runNext(withinMs, settled.signal)])
    return await watched
  }

  /**
   * Until `work` settles: lets everything that can run without time passing run (a macrotask turn), then moves time
   * to the next timer and fires it. Time jumps only when nothing else can happen, so a wait runs out only when it
   * truly would. Rejects at once when `work` is pending and no timer is left: it would hang for ever.
   */
  async settle<T> (work: Promise<T>, limitMs = 10_000_000): Promise<T> {
    let settled = false
    work.then(() => { settled = true }, () => { settled = true })
    for (;;) {
      // Streams and generators hop through several turns of the event loop: let them all run before time jumps.
      for (let turn = 0; turn < SETTLE_TURNS && !settled; turn++) await new Promise<void>((resolve) => { setImmediate(resolve) })
      if (settled) return await work
      const at = this.nextAt()
      if (at === undefined) throw new Error(`hang: pending at ${this.monotonic()} ms with no timer to wake it`)
      if (at - this.start > limitMs) throw new Error(`still pending at ${this.monotonic()} ms, next timer at ${at - this.start} ms`)
      this.advanceTo(at)
    }
  }
}
