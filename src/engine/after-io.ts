// The engine's view of the shared clock (src/time/clock.ts): its timers fire only after pending I/O. Node runs
// timers before the poll phase, so a plain timer could declare an answer missing that already waits in a socket.

import { systemClock, type Clock } from '../time/clock.js'

/**
 * `clock` with each timer deferred by one setImmediate once it falls due (and rounded up to whole ms, as Node's
 * timers are): answers already waiting in a socket are read before a wait that would declare them missing runs out.
 * A timer due now is that setImmediate alone: it runs after the I/O of the current loop round.
 */
export function afterIo (clock: Clock): Clock {
  return {
    now: () => clock.now(),
    monotonic: () => clock.monotonic(),
    setTimer: (fn, ms, options) => {
      let immediate: ReturnType<typeof setImmediate> | undefined
      if (ms <= 0) {
        // Due now: no timer (Node's would wait a whole ms and a loop round), straight to after this round's I/O.
        immediate = setImmediate(() => { immediate = undefined; fn() })
        if (options?.unref === true) immediate.unref()
        return () => {
          if (immediate !== undefined) clearImmediate(immediate)
          immediate = undefined
        }
      }
      let cancelled = false
      const cancel = clock.setTimer(() => {
        if (cancelled) return
        immediate = setImmediate(() => { immediate = undefined; fn() })
      }, Math.max(0, Math.ceil(ms)), options)
      return () => {
        cancelled = true
        cancel()
        if (immediate !== undefined) clearImmediate(immediate)
        immediate = undefined
      }
    }
  }
}

/** The engine's default clock: the system clock, timers after pending I/O. */
export const engineClock: Clock = afterIo(systemClock)
