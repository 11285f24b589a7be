// The clock every layer above the probe engine reads: wall time for deadlines and records, a monotonic reading for
// durations, and one-shot timers. Components take it injected (systemClock by default), so tests control time.

/** Cancels a timer; a no-op once it has fired. */
export type CancelTimer = () => void

export interface TimerOptions {
  /** The timer alone does not keep the process alive (a retention or a guard, not work in progress). */
  unref?: boolean
}

export interface Clock {
  /** Wall-clock time, Unix ms: deadlines, timestamps, what is stored. */
  now: () => number
  /** Milliseconds from an arbitrary origin that never step back when the system clock is set: durations. */
  monotonic: () => number
  /** Calls `fn` once, `ms` from now on this clock (at once for ms <= 0, but never synchronously). */
  setTimer: (fn: () => void, ms: number, options?: TimerOptions) => CancelTimer
}

/** The real clock: Date.now, performance.now and the event loop's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer: (fn, ms, options) => {
    const timer = setTimeout(fn, Math.max(0, ms))
    if (options?.unref === true) timer.unref()
    return () => { clearTimeout(timer) }
  }
}

/** Resolves `ms` from now on `clock`, or rejects with the signal's reason as soon as it aborts. */
export async function sleep (clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted()
  await new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      cancel()
      reject(signal?.reason)
    }
    const cancel = clock.setTimer(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * AbortSignal.timeout on `clock`: aborts with a TimeoutError `ms` from now. Like AbortSignal.timeout, its timer
 * does not keep the process alive.
 */
export function timeoutSignal (clock: Clock, ms: number): AbortSignal {
  const controller = new AbortController()
  clock.setTimer(() => {
    controller.abort(new DOMException(`signal timed out after ${ms} ms`, 'TimeoutError'))
  }, ms, { unref: true })
  return controller.signal
}
