// A requester's dials of an entry that cuts them short (src/node/client/dial-retry.ts), on a manual clock: retried
// until the deadline with a doubling, jittered back-off; a failure no retry mends ends at once; the deadline ends a
// back-off with the cut-short dial's own error.

import assert from 'node:assert/strict'
import { dialBackoffMs, dialUntilDeadline } from '../../src/node/client/dial-retry.js'
import { CLIENT_DIAL_BACKOFF_MAX_MS, CLIENT_DIAL_BACKOFF_MS } from '../../src/node/constants.js'
import { timeoutSignal } from '../../src/time/clock.js'
import { ManualClock } from '../time/manual-clock.js'

const RESET = 'read ECONNRESET'

/** A dial that fails with `reasons` in turn, then connects; records when (on `clock`) each attempt started. */
function scriptedDial (clock: ManualClock, reasons: string[]): { dial: () => Promise<string>, starts: number[] } {
  const starts: number[] = []
  return {
    starts,
    dial: async () => {
      starts.push(clock.monotonic())
      const reason = reasons[starts.length - 1]
      if (reason !== undefined) throw new Error(reason)
      return 'connected'
    }
  }
}

/** Runs the clock's timers until `done` settles (each back-off is one timer). */
async function runUntilSettled<T> (clock: ManualClock, done: Promise<T>): Promise<T> {
  let settled = false
  void done.then(() => { settled = true }, () => { settled = true })
  for (let turns = 0; !settled && turns < 10_000; turns++) {
    await new Promise(resolve => setImmediate(resolve))
    const next = clock.nextAt()
    if (next !== undefined && !settled) clock.advanceTo(next)
  }
  return await done
}

describe('dialUntilDeadline', () => {
  it('the back-off doubles from the base to the cap, drawn in its upper half', () => {
    assert.equal(dialBackoffMs(1, 0), CLIENT_DIAL_BACKOFF_MS / 2)
    assert.equal(dialBackoffMs(1, 1), CLIENT_DIAL_BACKOFF_MS)
    assert.equal(dialBackoffMs(2, 1), 2 * CLIENT_DIAL_BACKOFF_MS)
    assert.equal(dialBackoffMs(3, 0.5), Math.round(4 * CLIENT_DIAL_BACKOFF_MS * 0.75))
    assert.equal(dialBackoffMs(50, 1), CLIENT_DIAL_BACKOFF_MAX_MS)
    assert.equal(dialBackoffMs(50, 0), CLIENT_DIAL_BACKOFF_MAX_MS / 2)
  })

  it('a crowd of cut-short dials: retried past three attempts, each after its back-off, until one connects', async () => {
    const clock = new ManualClock()
    const { dial, starts } = scriptedDial(clock, [RESET, 'Unexpected end of input', RESET, RESET, RESET, RESET])
    const retries: number[] = []
    const signal = timeoutSignal(clock, 60_000)
    const result = await runUntilSettled(clock, dialUntilDeadline(dial, { clock, signal, random: () => 1, onRetry: (n) => { retries.push(n) } }))
    assert.equal(result, 'connected')
    assert.deepEqual(retries, [1, 2, 3, 4, 5, 6])
    // Back-offs 200, 400, 800, 1600, 3200, 3200 ms (draw 1: the ceiling itself).
    assert.deepEqual(starts, [0, 200, 600, 1400, 3000, 6200, 9400])
  })

  it('a failure no retry mends (a refusal, garbage) ends at the first dial', async () => {
    for (const reason of ['connect ECONNREFUSED 127.0.0.1:4001', 'Message length too long - 13171 > 1024']) {
      const clock = new ManualClock()
      const { dial, starts } = scriptedDial(clock, [reason])
      await assert.rejects(runUntilSettled(clock, dialUntilDeadline(dial, { clock, signal: timeoutSignal(clock, 60_000), random: () => 1 })), { message: reason })
      assert.deepEqual(starts, [0])
    }
  })

  it('the deadline ends the retries: the last cut-short dial\'s error is thrown, no dial starts after it', async () => {
    const clock = new ManualClock()
    const { dial, starts } = scriptedDial(clock, Array.from({ length: 100 }, () => RESET))
    await assert.rejects(runUntilSettled(clock, dialUntilDeadline(dial, { clock, signal: timeoutSignal(clock, 5000), random: () => 1 })), { message: RESET })
    // Dials at 0, 200, 600, 1400, 3000; the next back-off (3200 ms) would end at 6200, past the 5000 ms deadline.
    assert.deepEqual(starts, [0, 200, 600, 1400, 3000])
    assert.equal(clock.monotonic(), 5000)
  })
})
