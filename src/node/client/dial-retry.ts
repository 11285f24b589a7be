// How a requester dials its entry peer again after the entry cut a dial short (a reset, or the connection closed
// before the handshake ended). An entry sheds exactly that way when it is full: its gater refuses a connection
// from an address that already has MAX_PENDING_HANDSHAKES_PER_HOST handshakes under way (45 clients behind one
// address, test/security/connection-lockout.test.ts), and it cuts a handshake still unfinished at its inbound
// upgrade timeout. A handshake slot turns over within that timeout, so retries that stop after a fixed count
// (three dials, 600 ms of back-off) fail on a loaded entry whose handshakes take seconds: 2 of 45 honest clients
// under 4 busy loops. Retries stop at the caller's deadline instead, backing off exponentially with jitter so a
// crowd refused together does not come back together.

import { sleep, type Clock } from '../../time/clock.js'
import { streamError } from '../stream-link.js'
import { dialMayRecover } from './dial-failure.js'
import { CLIENT_DIAL_BACKOFF_MS, CLIENT_DIAL_BACKOFF_MAX_MS } from '../constants.js'

export interface DialRetryOptions {
  clock: Clock
  /** The caller's deadline: no dial starts, and no back-off outlasts it. */
  signal: AbortSignal
  /** Uniform in [0, 1): the jitter's draw (Math.random unless a test seeds it). */
  random?: () => number
  /** Told of each cut-short dial before its back-off (attempt counts from 1). */
  onRetry?: (attempt: number, reason: string, backoffMs: number) => void
}

/** The back-off before dial `attempt + 1`: doubling from the base up to the cap, then drawn in its upper half. */
export function dialBackoffMs (attempt: number, draw: number): number {
  const ceiling = Math.min(CLIENT_DIAL_BACKOFF_MAX_MS, CLIENT_DIAL_BACKOFF_MS * 2 ** Math.min(attempt - 1, 30))
  return Math.round(ceiling * (0.5 + draw / 2))
}

/**
 * Runs `dial` until it connects, fails for a reason no retry mends (dialMayRecover), or the deadline comes. When the
 * deadline ends a back-off or a dial after a cut-short one, the cut-short dial's error is what is thrown: it says
 * more than the abort does.
 */
export async function dialUntilDeadline<T> (dial: () => Promise<T>, options: DialRetryOptions): Promise<T> {
  const random = options.random ?? Math.random
  let cutShort: unknown
  for (let attempt = 1; ; attempt++) {
    try {
      return await dial()
    } catch (err) {
      const reason = streamError(err).message
      if (options.signal.aborted) throw cutShort ?? err
      if (!dialMayRecover(reason)) throw err
      cutShort = err
      const backoffMs = dialBackoffMs(attempt, random())
      options.onRetry?.(attempt, reason, backoffMs)
      try {
        await sleep(options.clock, backoffMs, options.signal)
      } catch {
        throw cutShort
      }
    }
  }
}
