// A probe the engine's pacer held is taken by the kernel late, and its send callback runs in the pacer's timer,
// before the event loop has read the sockets. Answers that came meanwhile are queued there, unread. Seen for real:
// with 4 busy loops and three 50-trace runs on 2 cores, such a callback stepped the driver, which judged a hop's
// follow-ups lost and ended the trace while their answers (0.04 ms RTT) sat in the socket; 1 to 3 of 18 runs lost
// samples so. Now a callback outside the driver's own pump only sets the driver's timer, and the engine's clock fires
// that after pending I/O. The same for answers: the socket hands them over in batches, and an answer stepped the
// driver at once, which, when the process had been descheduled, judged the follow-ups whose answers came later in the
// same batch lost and ended the trace (seen with the suite's files in parallel under 4 busy loops: 1 ECMP trace in
// 120 lost 1 to 3 follow-up answers of 0.04 ms RTT). Now an answer sets the driver's timer too. Virtual time, a
// sender the test drives by hand.

import assert from 'node:assert/strict'
import { TraceDriver, type Answer, type DriverOutcome, type ProbeSender } from '../../src/engine/driver.js'
import { traceBoundMs } from '../../src/engine/trace-bound.js'
import type { CancelTimer, Clock } from '../../src/time/clock.js'
import { ManualClock } from '../time/manual-clock.js'

const TARGET = '192.0.2.9'

/** Sends nothing: records each probe; its callback runs at once, or when the test releases it (a pacer's hold). */
class HandSender implements ProbeSender {
  readonly keySpace = 1000
  readonly sent: Array<{ ttl: number, key: number }> = []
  private readonly held = new Map<number, (at: number) => void>()

  constructor (private readonly clock: ManualClock, private readonly holdTtl: number) {}

  send (ttl: number, key: number, done: (err: Error | null, at: number) => void): void {
    this.sent.push({ ttl, key })
    if (ttl === this.holdTtl) this.held.set(key, (at) => { done(null, at) })
    else done(null, this.clock.monotonic())
  }

  /** The kernel takes a held probe now: its callback runs, outside any step of the driver. */
  release (key: number): void {
    const done = this.held.get(key)
    assert.ok(done !== undefined, `probe ${key} is not held`)
    this.held.delete(key)
    done(this.clock.monotonic())
  }

  keyAt (ttl: number, nth = 1): number {
    const keys = this.sent.filter(p => p.ttl === ttl).map(p => p.key)
    assert.ok(keys.length >= nth, `${keys.length} probe(s) at TTL ${ttl}`)
    return keys[nth - 1]
  }
}

const DEST: Answer = { from: TARGET, cls: 'dest' }
const HOP: Answer = { from: '192.0.2.1', cls: 'hop' }
/** How long the event loop stays in the pacer's timer: every other timer, the driver's too, fires this much late. */
const BUSY_MS = 50

/**
 * `base` with every timer firing `lateMs` after its instant. One due at once is the engine clock's setImmediate, not a
 * timer: it runs right after the I/O of the loop round, here when the test next moves the clock.
 */
function lateTimers (base: Clock, lateMs: number): Clock {
  return {
    now: () => base.now(),
    monotonic: () => base.monotonic(),
    setTimer: (fn, ms, options): CancelTimer => base.setTimer(fn, ms <= 0 ? ms : ms + lateMs, options)
  }
}

describe('TraceDriver: a send callback the pacer delayed', () => {
  it('does not end the trace before answers already received are read', async () => {
    const clock = new ManualClock()
    // The target at TTL 1; maxHops 2 sends TTL 2 too, and the pacer holds that probe.
    const sender = new HandSender(clock, 2)
    // The driver's timers fire BUSY_MS late: the loop is busy in the pacer's timer, which releases TTL 2's probe.
    const driver = new TraceDriver(sender, { firstHop: 1, maxHops: 2, queries: 2, waitMs: 500 }, lateTimers(clock, BUSY_MS))
    const run: Promise<DriverOutcome> = driver.run()
    clock.advance(1)
    driver.answer(sender.keyAt(1), DEST, clock.monotonic())
    clock.advance(0)
    // The target answered at TTL 1: its follow-up leaves at once (t = 1), and is given 10 ms (the floor); the
    // driver's timer for that is late (t = 61).
    const followup = sender.keyAt(1, 2)
    clock.advance(1)
    // t = 2: the follow-up's answer is in the socket, unread (the event loop is busy in the pacer's timer).
    const answeredAt = clock.monotonic()
    clock.advance(40)
    // t = 42: the pacer lets TTL 2's probe go; its callback runs, and only then is the socket read. Before, the
    // callback stepped the driver, which found the follow-up's wait run out (t = 11) and ended the trace.
    sender.release(sender.keyAt(2))
    driver.answer(followup, DEST, answeredAt)
    const outcome = await clock.settle(run)
    assert.equal(outcome.stop, 'reached')
    assert.deepEqual(outcome.hops.map(h => ({ ttl: h.ttl, addr: h.addr, rtts: h.rtts })),
      [{ ttl: 1, addr: TARGET, rtts: [1, 1] }])
  })

  it('answers read so late that the next step comes past the bound: the trace ends as they say, not cut off', async () => {
    // Seen for real in a node under load (test/overlay/load.test.ts beside the suite under 4 busy loops): the target
    // answered TTL 1 to 4 at 4.6 s, the process read those answers at 9.2 s, and the step they asked for ran past the
    // 10 s bound: the trace was cut off, `reached: false`, though its end was in hand.
    const clock = new ManualClock()
    const sender = new HandSender(clock, -1)
    const config = { firstHop: 1, maxHops: 2, queries: 2, waitMs: 1000 }
    const driver = new TraceDriver(sender, config, clock)
    const bound = traceBoundMs(config)
    const run: Promise<DriverOutcome> = driver.run()
    clock.advance(0)
    // Both probes' answers come at t = 5; the process is descheduled until just before the bound, then reads them.
    clock.stall(bound - 10)
    driver.answer(sender.keyAt(1), DEST, 5)
    driver.answer(sender.keyAt(2), DEST, 5)
    // The step they ask for runs 20 ms later, past the bound: no follow-up is sent then, none awaited.
    clock.stall(20)
    clock.fireDue()
    const outcome = await clock.settle(run)
    assert.equal(outcome.stop, 'reached')
    assert.equal(outcome.reached, true)
    assert.deepEqual(outcome.hops.map(h => ({ ttl: h.ttl, addr: h.addr, rtts: h.rtts })), [{ ttl: 1, addr: TARGET, rtts: [5] }])
    assert.deepEqual(sender.sent.map(p => p.ttl), [1, 2])
    assert.equal(clock.pending, 0)
  })

  it('past the bound without its end in hand, a trace is still cut off with what it knows', async () => {
    const clock = new ManualClock()
    const sender = new HandSender(clock, -1)
    const config = { firstHop: 1, maxHops: 3, queries: 1, waitMs: 1000 }
    const driver = new TraceDriver(sender, config, clock)
    const run: Promise<DriverOutcome> = driver.run()
    clock.advance(0)
    // A router at TTL 1 answers, read only past the bound; TTL 2 and 3 never answer.
    clock.stall(traceBoundMs(config) + 10)
    driver.answer(sender.keyAt(1), HOP, 5)
    clock.fireDue()
    const outcome = await clock.settle(run)
    assert.equal(outcome.stop, 'deadline')
    assert.deepEqual(outcome.hops.map(h => h.addr), [HOP.from])
  })

  it('reads a batch of answers taken after a stall together: none is judged lost in a step the others take', async () => {
    const clock = new ManualClock()
    const sender = new HandSender(clock, -1)
    const driver = new TraceDriver(sender, { firstHop: 1, maxHops: 2, queries: 2, waitMs: 500 }, clock)
    const run: Promise<DriverOutcome> = driver.run()
    // t = 1: a router at TTL 1, the target at TTL 2; each hop's follow-up leaves, and is given 10 ms (the floor).
    clock.advance(1)
    driver.answer(sender.keyAt(1), HOP, 1)
    driver.answer(sender.keyAt(2), DEST, 1)
    clock.advance(0)
    const followups = { 1: sender.keyAt(1, 2), 2: sender.keyAt(2, 2) }
    // Both follow-ups' answers come at t = 2, but the process is descheduled until t = 50 and then reads them as one
    // batch, TTL 2's first. Before, that answer stepped the driver at once: TTL 1's follow-up wait had run out
    // (t = 11), so the trace ended with TTL 1's answer, next in the same batch, unread.
    clock.stall(49)
    driver.answer(followups[2], DEST, 2)
    driver.answer(followups[1], HOP, 2)
    const outcome = await clock.settle(run)
    assert.equal(outcome.stop, 'reached')
    assert.deepEqual(outcome.hops.map(h => ({ ttl: h.ttl, addr: h.addr, rtts: h.rtts })),
      [{ ttl: 1, addr: HOP.from, rtts: [1, 1] }, { ttl: 2, addr: TARGET, rtts: [1, 1] }])
  })
})
