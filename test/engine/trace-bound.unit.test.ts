// The bound a trace plans its end by when its caller will abort it (src/engine/trace-bound.ts plannedBoundMs): a
// flood's probe stop, sooner than the trace's own bound, moves the paced end zone's horizon before it, so the trace
// ends by its own rules (`gap`) with the same hops rather than being cut at the abort. On the driver's simulated
// network and a manual clock.

import assert from 'node:assert/strict'
import { CONTENDED_RETRY_MARGIN_MS, DEFAULT_WAIT_MS } from '../../src/engine/constants.js'
import { TraceDriver } from '../../src/engine/driver.js'
import { traceOptions } from '../../src/engine/options.js'
import { plannedBoundMs, traceBoundMs } from '../../src/engine/trace-bound.js'
import { ManualClock } from '../time/manual-clock.js'
import { SimNetwork } from './sim-network.js'

/** Where the end zone's margin leaves one full wait cap after the start: the shortest deadline planned for. */
const FLOOR_MS = DEFAULT_WAIT_MS + Math.max(CONTENDED_RETRY_MARGIN_MS, DEFAULT_WAIT_MS / 2)

/** Two routers, then a destination that never answers (a path into a partition), probed while rate limits are suspected. */
async function contendedTrace (boundMs: number): Promise<{ stop: string | undefined, endedMs: number, ttls: number[] }> {
  const clock = new ManualClock()
  const sim = new SimNetwork({ hops: ['10.0.0.1', '10.0.0.2'], dest: { addr: '192.0.2.9', silent: true }, perHopRttMs: 1 }, clock)
  const driver = new TraceDriver(sim, { firstHop: 1, maxHops: 30, queries: 3, waitMs: DEFAULT_WAIT_MS, boundMs, contended: () => true }, clock)
  sim.attach(driver)
  try {
    const outcome = await clock.settle(driver.run())
    return { stop: outcome.stop, endedMs: clock.monotonic(), ttls: outcome.hops.map(hop => hop.ttl) }
  } finally {
    sim.close()
  }
}

describe('plannedBoundMs: a trace plans its end before its caller\'s deadline', () => {
  const own = traceBoundMs()

  it('no deadline, or one past the trace\'s own bound: the own bound', () => {
    assert.equal(plannedBoundMs(), own)
    assert.equal(plannedBoundMs({ deadlineMs: own }), own)
    assert.equal(plannedBoundMs({ deadlineMs: own + 5000 }), own)
  })

  it('a sooner deadline that leaves the path one wait cap before the horizon\'s margin: that deadline (whole ms)', () => {
    assert.equal(plannedBoundMs({ deadlineMs: 9700.6 }), 9700)
    assert.equal(plannedBoundMs({ deadlineMs: FLOOR_MS }), FLOOR_MS)
    assert.equal(plannedBoundMs({ waitMs: 1000, deadlineMs: 2500 }), 2500)
  })

  it('a deadline shorter than that: the own bound (the abort\'s hops so far are worth more than hops ended unheard)', () => {
    assert.equal(plannedBoundMs({ deadlineMs: FLOOR_MS - 1 }), own)
    assert.equal(plannedBoundMs({ deadlineMs: 300 }), own)
    assert.equal(plannedBoundMs({ waitMs: 1000, deadlineMs: 2499 }), traceBoundMs({ waitMs: 1000 }))
  })

  it('a contended path into silence: ends `gap` with the same hops before a 9.7 s deadline, where its own bound waits 13.25 s', async () => {
    const alone = await contendedTrace(own)
    const planned = await contendedTrace(plannedBoundMs({ deadlineMs: 9700 }))
    assert.deepEqual(alone, { stop: 'gap', endedMs: own - Math.max(CONTENDED_RETRY_MARGIN_MS, DEFAULT_WAIT_MS / 2), ttls: [1, 2, 3, 4, 5, 6, 7] })
    assert.deepEqual(planned, { stop: 'gap', endedMs: 9700 - Math.max(CONTENDED_RETRY_MARGIN_MS, DEFAULT_WAIT_MS / 2), ttls: alone.ttls })
  })

  it('traceOptions keeps a positive deadline and refuses any other in one line', () => {
    assert.equal(traceOptions({ deadlineMs: 9700 }).deadlineMs, 9700)
    assert.equal('deadlineMs' in traceOptions({}), false)
    for (const bad of [0, -1, Number.NaN, Infinity]) {
      assert.throws(() => traceOptions({ deadlineMs: bad }), { message: `a trace's deadline must be a positive number of ms, not ${String(bad)}` })
    }
  })
})
