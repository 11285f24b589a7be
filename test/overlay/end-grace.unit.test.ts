// The requester's end grace: an entry whose timers ran late (a loaded machine) sends its end just after the
// request's deadline, and the requester, which has no upstream to hurry for, still takes it: the trace is complete,
// not `incomplete`. The lag is a stalled ManualClock (stall, then fireDue): the probe stop, the cut-off and the
// deadline all fire late and back to back, with nothing run between them, which is the harshest order.

import assert from 'node:assert/strict'
import { DEFAULT_CUTOFF_MARGIN_MS, DEFAULT_REQUESTER_END_GRACE_MS } from '../../src/overlay/constants.js'
import type { LocalProber, TraceRequest } from '../../src/overlay/index.js'
import { FloodNet, partialOnAbortProber, quickTrace, type TraceOutcome } from './flood-net.js'
import { ManualClock } from '../time/manual-clock.js'

const DEADLINE_MS = 1500
/** How late the entry's timers fire: past the deadline, well within the grace. */
const LAG_MS = 300

/** partialOnAbortProber (it probes until the flood tells it to stop); `called` says it started. */
function heldProber (): { prober: LocalProber, called: Promise<void> } {
  let started!: () => void
  const called = new Promise<void>((resolve) => { started = resolve })
  const inner = partialOnAbortProber()
  return {
    called,
    prober: async (request, signal, stopInMs) => {
      started()
      return await inner(request, signal, stopInMs)
    }
  }
}

/**
 * The entry p0 answers at once and waits for p1, which probes until its probe stop; the event loop then stalls
 * until LAG_MS past the deadline and the overdue timers fire back to back. `entry`: whether the request names p0 as
 * its entry (every real request does).
 */
async function lateEnd (options: { endGraceMs?: number, entry: boolean }): Promise<{ outcome: TraceOutcome, request: TraceRequest, endedAt: number }> {
  const clock = new ManualClock()
  const held = heldProber()
  const net = new FloodNet({ size: 2, edges: [[0, 1]], clock, probers: { p1: held.prober } })
  const request = await net.request({ deadline: clock.now() + DEADLINE_MS, ...(options.entry ? { entry: 'p0' } : {}) })
  let answered!: () => void
  const first = new Promise<void>((resolve) => { answered = resolve })
  const tracing = net.trace(request, { endGraceMs: options.endGraceMs, onResult: () => { answered() } })
  await clock.runWhile(Promise.all([held.called, first]), 0)
  clock.stall(request.deadline + LAG_MS - clock.now())
  clock.fireDue()
  const outcome = await clock.settle(tracing)
  const endedAt = clock.now()
  net.stop()
  return { outcome, request, endedAt }
}

describe('overlay: the requester\'s grace for a late end', () => {
  it('an entry whose cut-off fired past the deadline still sends its end, and the trace is complete', async () => {
    const { outcome, request, endedAt } = await lateEnd({ entry: true })
    assert.deepEqual(outcome.results.map((r) => [r.peer, r.trace]), [['p0', quickTrace(request.target)]])
    // p1's own end was due with everything else: p0's cut-off, firing late too, reported it cut off.
    assert.deepEqual(outcome.summary.failed, [{ peer: 'p1', reason: `ERR_CUT_OFF: cut-off ${iso(request.deadline - DEFAULT_CUTOFF_MARGIN_MS)} reached` }])
    assert.equal(outcome.summary.answered, 1)
    assert.equal(outcome.summary.incomplete, undefined)
    // Ended by the entry's end, at the late instant: no timer had to run out.
    assert.equal(endedAt, request.deadline + LAG_MS)
  })

  it('without the grace, the same late end is lost: the entry is cut at the deadline and the trace is incomplete', async () => {
    const { outcome, request, endedAt } = await lateEnd({ entry: true, endGraceMs: 0 })
    assert.deepEqual(outcome.results.map((r) => r.peer), ['p0'])
    assert.deepEqual(outcome.summary.failed, [
      { peer: 'p0', reason: `ERR_CUT_OFF: deadline + 0 ms grace ${iso(request.deadline)} reached`, answered: true },
      { peer: 'p1', reason: 'ERR_NO_ANSWER: asked by p0, but neither its result nor its failure came back' }
    ])
    assert.equal(outcome.summary.incomplete, true)
    assert.equal(endedAt, request.deadline + LAG_MS)
  })

  it('a relay not named the entry keeps to the deadline for its sends: its late end is not sent, and the trace is incomplete', async () => {
    const { outcome, request } = await lateEnd({ entry: false })
    assert.deepEqual(outcome.summary.failed.map((f) => [f.peer, f.reason]), [
      ['p0', `ERR_LINK_RESET: link reset: deadline ${iso(request.deadline)} reached`],
      ['p1', 'ERR_NO_ANSWER: asked by p0, but neither its result nor its failure came back']
    ])
    assert.equal(outcome.summary.incomplete, true)
  })

  it('a silent entry costs the grace and no more: the requester cuts it at the deadline plus the grace', async () => {
    const clock = new ManualClock()
    const net = new FloodNet({ size: 1, edges: [], clock })
    // p0 takes the request and never says a word more (a hung process whose connection stays up).
    net.network.serve('p0', async () => { await new Promise(() => {}) })
    const request = await net.request({ deadline: clock.now() + DEADLINE_MS, entry: 'p0' })
    const outcome = await clock.settle(net.trace(request))
    const at = request.deadline + DEFAULT_REQUESTER_END_GRACE_MS
    assert.equal(clock.now(), at)
    assert.deepEqual(outcome.results, [])
    assert.deepEqual(outcome.summary.failed, [{ peer: 'p0', reason: `ERR_CUT_OFF: deadline + ${DEFAULT_REQUESTER_END_GRACE_MS} ms grace ${iso(at)} reached` }])
    assert.equal(outcome.summary.incomplete, true)
    net.stop()
  })
})

function iso (at: number): string {
  return new Date(at).toISOString()
}
