// Abort plumbing for the flood: a controller that fires at a wall-clock instant (a request's deadline or a peer's
// cut-off) or when a parent aborts, and an iteration raced step by step against a signal (race-signal).

import { setMaxListeners } from 'node:events'
import { raceSignal } from 'race-signal'
import type { CancelTimer, Clock } from '../time/clock.js'
import { OverlayError } from './errors.js'

/**
 * Aborts at `at` (Unix ms on `clock`) with a cut-off error, or with a parent's reason when a parent aborts first, or
 * when abort() is called. clear() drops the timer and the parent listeners once the holder is done.
 */
export class WallClockDeadline {
  readonly at: number
  private readonly controller = new AbortController()
  private readonly cancelTimer: CancelTimer
  private readonly parents: AbortSignal[]
  private readonly onParentAbort: (event: Event) => void

  constructor (clock: Clock, at: number, parents: AbortSignal[] = [], what = 'deadline') {
    this.at = at
    // Every link and probe of a flood listens to this one signal: well past the default of ten listeners.
    setMaxListeners(Infinity, this.controller.signal)
    this.parents = parents
    this.onParentAbort = (event) => { this.abort((event.target as AbortSignal).reason) }
    this.cancelTimer = clock.setTimer(() => {
      this.abort(new OverlayError('ERR_CUT_OFF', `${what} ${new Date(at).toISOString()} reached`))
    }, at - clock.now())
    for (const parent of parents) {
      if (parent.aborted) {
        this.abort(parent.reason)
        break
      }
      parent.addEventListener('abort', this.onParentAbort, { once: true })
    }
  }

  get signal (): AbortSignal {
    return this.controller.signal
  }

  abort (reason: unknown): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason)
    this.clear()
  }

  clear (): void {
    this.cancelTimer()
    for (const parent of this.parents) parent.removeEventListener('abort', this.onParentAbort)
  }
}

/** Iterates `source`, each step raced against `signal`: a silent source cannot hold the reader past an abort. */
export async function * abortable<T> (source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]()
  while (true) {
    const next = await raceSignal(iterator.next(), signal)
    if (next.done === true) return
    yield next.value
  }
}
