// Issue 14, item 10: a relay with more neighbours than maxFanout (64) forwarded to 64 of them, and the others were
// never asked nor reported. Now it runs at most maxFanout links at once and asks the others as links end; one whose
// turn has not come by the cut-off is reported failed (ERR_NOT_ASKED). The real FloodService on the in-memory
// network; the order of the neighbours is drawn from a seeded random.

import assert from 'node:assert/strict'
import { DEFAULT_MAX_FANOUT, cutoffAt, type LocalProber } from '../../src/overlay/index.js'
import { seededRandom, testSeed } from '../random/seeded-random.js'
import { ManualClock } from '../time/manual-clock.js'
import { FloodNet, hungProber, quickTrace } from './flood-net.js'
import type { Edge } from './topology.js'

/** p0 with `leaves` neighbours p1 … p(leaves), connected to nothing else. */
const star = (leaves: number): Edge[] => Array.from({ length: leaves }, (_, i) => [0, i + 1] as const)

describe('overlay: more neighbours than the fan-out', () => {
  const LEAVES = DEFAULT_MAX_FANOUT + 6
  const seed = testSeed(41)
  it(`a relay with ${LEAVES} neighbours asks every one, at most ${DEFAULT_MAX_FANOUT} at once (seed ${seed})`, async () => {
    let inFlight = 0
    let maxInFlight = 0
    let opened!: () => void
    const windowFull = new Promise<void>((resolve) => { opened = resolve })
    let release!: () => void
    const gate = new Promise<void>((resolve) => { release = resolve })
    // Every leaf holds its probe until the first maxFanout are all probing: the relay's links stay open meanwhile.
    const leaf: LocalProber = async (request) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight)
      if (inFlight === DEFAULT_MAX_FANOUT) opened()
      await gate
      inFlight--
      return { trace: quickTrace(request.target) }
    }
    const probers = Object.fromEntries(Array.from({ length: LEAVES }, (_, i) => [`p${i + 1}`, leaf]))
    const net = new FloodNet({ size: LEAVES + 1, edges: star(LEAVES), probers, random: seededRandom(seed) })
    const tracing = net.trace(await net.request())
    await windowFull
    release()
    const { results, summary } = await tracing

    assert.equal(maxInFlight, DEFAULT_MAX_FANOUT)
    assert.equal(results.length, LEAVES + 1)
    assert.equal(summary.answered, LEAVES + 1)
    assert.deepEqual(summary.failed, [])
    net.stop()
  })

  const lateSeed = testSeed(42)
  it(`a neighbour whose turn does not come before the cut-off is reported failed (seed ${lateSeed})`, async () => {
    // maxFanout 2, three leaves that never answer: two hold the relay's links to its cut-off, the third waits.
    const clock = new ManualClock()
    const net = new FloodNet({
      size: 4,
      edges: star(3),
      probers: { p1: hungProber, p2: hungProber, p3: hungProber },
      init: { maxFanout: 2, cutoffMarginMs: 50 },
      random: seededRandom(lateSeed),
      clock
    })
    const request = await net.request({ deadline: clock.now() + 1000 })
    const tracing = net.trace(request)
    await net.until(() => [...net.probed.values()].filter((calls) => calls.has(request.id)).length === 3)
    // The relay's own cut-off, and the leaves' before it, fire back to back.
    clock.advanceTo(cutoffAt({ ...request, hopBudget: request.initialHopBudget }, 50))
    const { summary } = await tracing

    assert.equal(summary.answered, 1)
    assert.deepEqual(summary.failed.map((f) => f.peer).sort(), ['p1', 'p2', 'p3'])
    const notAsked = summary.failed.filter((f) => /^ERR_NOT_ASKED: /.test(f.reason))
    assert.equal(notAsked.length, 1)
    // The waiting one was never opened, so its prober never ran.
    assert.equal(net.probed.get(notAsked[0]?.peer ?? '')?.has(request.id), false)
    net.stop()
  })
})
