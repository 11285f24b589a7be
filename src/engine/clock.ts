// The clock every timing decision of the engine reads: monotonic time and timers. The system clock runs on
// performance.now() and Node's timers; tests drive the driver and the pacer with a virtual clock instead.

export type TimerHandle = unknown

export interface Clock {
  /** Monotonic milliseconds. */
  now: () => number
  /** Calls `fn` once, `ms` from now. */
  setTimer: (fn: () => void, ms: number) => TimerHandle
  clearTimer: (handle: TimerHandle) => void
}

interface SystemTimer {
  timeout?: ReturnType<typeof setTimeout>
  immediate?: ReturnType<typeof setImmediate>
}

/**
 * Timers run before I/O in Node's event loop: a system timer fires only after the next poll phase, so answers
 * already waiting in a socket are read before a wait that would declare them missing runs out.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => {
    const timer: SystemTimer = {}
    timer.timeout = setTimeout(() => {
      timer.timeout = undefined
      timer.immediate = setImmediate(() => { timer.immediate = undefined; fn() })
    }, Math.max(0, Math.ceil(ms)))
    return timer
  },
  clearTimer: (handle) => {
    const timer = handle as SystemTimer
    if (timer.timeout !== undefined) clearTimeout(timer.timeout)
    if (timer.immediate !== undefined) clearImmediate(timer.immediate)
    timer.timeout = undefined
    timer.immediate = undefined
  }
}
