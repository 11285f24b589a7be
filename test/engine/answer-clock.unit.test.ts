// The clock a trace's driver reads while it takes an answer: no later than the answer's kernel receive time, never
// going back. The case it exists for: answers read in a burst long after the kernel took them (a starved event
// loop) all count, where judging the waits as of the read would end the trace with the rest of the burst unread.

import assert from 'node:assert/strict'
import { AnswerClock } from '../../src/engine/answer-clock.js'
import { TraceDriver, type Answer, type DriverOutcome } from '../../src/engine/driver.js'
import { ManualClock } from '../time/manual-clock.js'

const HOPS = ['10.0.0.1', '10.0.0.2']
const TARGET = '192.0.2.9'
const QUERIES = 3
/** How long the event loop was starved before each burst was read (ms): far past every wait floor. */
const STARVED_MS = 100
/** How soon the kernel had each answer (ms after the probe). */
const WIRE_RTT_MS = 0.01

describe('engine: the clock a driver reads while it takes an answer', function () {
  it('reads the base clock between answers, no later than the answer while taking one, and never goes back', function () {
    const base = new ManualClock()
    const clock = new AnswerClock(base)
    base.advance(10)
    assert.equal(clock.monotonic(), 10)
    base.advance(40)
    const seen: number[] = []
    clock.answering(30, () => {
      seen.push(clock.monotonic())
      clock.answering(40, () => { seen.push(clock.monotonic()) })
      clock.answering(20, () => { seen.push(clock.monotonic()) })
    })
    assert.deepEqual(seen, [30, 30, 30])
    assert.equal(clock.monotonic(), 50)
    clock.answering(5, () => { seen.push(clock.monotonic()) })
    assert.equal(seen.at(-1), 50, 'time never goes back')
    assert.throws(() => { clock.answering(60, () => { throw new Error('boom') }) }, /boom/)
    base.advance(20)
    assert.equal(clock.monotonic(), 70, 'the horizon is lifted after a throw')
  })

  it('answers read in bursts long after the kernel took them all count, at their wire RTT', async function () {
    const base = new ManualClock()
    const clock = new AnswerClock(base)
    const sent: Array<{ ttl: number, key: number, at: number, answered: boolean }> = []
    const driver = new TraceDriver({
      keySpace: 1024,
      // Like the native layer: the kernel takes the probe at once, and says when.
      send: (ttl, key, done) => { sent.push({ ttl, key, at: base.monotonic(), answered: false }); done(null, base.monotonic()) }
    }, { firstHop: 1, maxHops: 30, queries: QUERIES, waitMs: 500 }, clock)
    let outcome: DriverOutcome | undefined
    driver.run().then(result => { outcome = result }, () => {})
    for (let burst = 0; burst < 10 && outcome === undefined; burst++) {
      base.stall(STARVED_MS)
      for (const probe of sent.filter(p => !p.answered)) {
        probe.answered = true
        const at = probe.at + WIRE_RTT_MS
        const answer: Answer = probe.ttl <= HOPS.length ? { from: HOPS[probe.ttl - 1], cls: 'hop' } : { from: TARGET, cls: 'dest' }
        clock.answering(at, () => { driver.answer(probe.key, answer, at) })
      }
      base.fireDue()
      await new Promise<void>(resolve => { setImmediate(resolve) })
    }
    assert.ok(outcome !== undefined, 'the trace did not end')
    assert.equal(outcome.reached, true)
    assert.deepEqual(outcome.hops.map(h => [h.addr, h.rtts]),
      [...HOPS, TARGET].map(addr => [addr, Array(QUERIES).fill(WIRE_RTT_MS)]))
  })
})
