// The flood when peers misbehave: a peer killed mid-trace, a prober that hangs, a prober error, forged results.
// Slow and dead peers are probers the test controls; nothing here sleeps to synchronise. Time is a ManualClock
// that only the test moves, so a cut-off fires when the test says and never because the machine is slow; the
// random graphs are seeded (SEED=… overrides every seed, shown in the titles).

import assert from 'node:assert/strict'
import { DEFAULT_REJOIN_GRACE_MS, HashAuthenticator, cutoffAt, type MeasuredTrace, type VantageResult } from '../../src/overlay/index.js'
import { seededRandom, testSeed } from '../random/seeded-random.js'
import { ManualClock } from '../time/manual-clock.js'
import { FloodNet, controlledProber, hungProber } from './flood-net.js'
import { lineGraph, randomConnectedGraph } from './topology.js'

const SIZE = 32
const everyone = (size: number, except: string[] = []): string[] =>
  Array.from({ length: size }, (_, i) => `p${i}`).filter((peer) => !except.includes(peer)).sort()
const peersOf = (results: VantageResult[]): string[] => results.map((r) => r.peer).sort()

/** Signs results with a signature that does not check. */
class ForgingAuthenticator extends HashAuthenticator {
  override async signResult (result: Omit<VantageResult, 'signature'>): Promise<VantageResult> {
    return { ...result, signature: new Uint8Array(32).fill(7) }
  }
}

describe('overlay flood under failures', () => {
  const leafSeed = testSeed(21)
  it(`a leaf killed while probing: the others answer, the summary names it, the trace ends before the deadline (seed ${leafSeed})`, async () => {
    const victim = controlledProber()
    const edges = randomConnectedGraph(SIZE, 4, seededRandom(leafSeed))
    const net = new FloodNet({ size: SIZE + 1, edges: [...edges, [SIZE, 9]], probers: { [`p${SIZE}`]: victim.prober } })
    const request = await net.request()
    const tracing = net.trace(request)
    await victim.called
    net.kill(`p${SIZE}`)
    const { results, summary } = await tracing

    // The clock never moved: the trace ended without waiting for any deadline.
    assert.ok(net.clock.now() < request.deadline)
    assert.deepEqual(peersOf(results), everyone(SIZE))
    assert.equal(summary.answered, SIZE)
    assert.equal(summary.failed.length, 1)
    assert.equal(summary.failed[0]?.peer, `p${SIZE}`)
    assert.match(summary.failed[0]?.reason ?? '', /^ERR_LINK_RESET: /)
    net.stop()
  })

  const relaySeed = testSeed(22)
  it(`a relay killed while its probe hangs: every result it already passed on is kept, the trace ends at once (seed ${relaySeed})`, async () => {
    const victimId = 'p5'
    const victim = controlledProber()
    const net = new FloodNet({ size: SIZE, edges: randomConnectedGraph(SIZE, 4, seededRandom(relaySeed)), probers: { [victimId]: victim.prober } })
    const request = await net.request()
    // Kill the victim once everybody else has answered: it is still holding its own end (its probe hangs), so
    // only the kill can end the trace before the deadline.
    const { results, summary } = await net.trace(request, {
      onResult: (_result, count) => { if (count === SIZE - 1) net.kill(victimId) }
    })

    assert.ok(net.clock.now() < request.deadline - 1000)
    assert.deepEqual(peersOf(results), everyone(SIZE, [victimId]))
    assert.equal(summary.answered, SIZE - 1)
    assert.deepEqual(summary.failed.map((f) => f.peer), [victimId])
    assert.match(summary.failed[0]?.reason ?? '', /^ERR_LINK_RESET: /)
    net.stop()
  })

  it('a relay killed mid-flood: the peers below it rejoin at the entry, and every live peer\'s result arrives', async () => {
    // p0 (entry) - p1 - p2 - p3: on a line, p2 and p3 have no path to the origin but through p1.
    // p1's own probe hangs: it has not answered when it dies, so the summary must name it.
    const below = { p2: controlledProber(), p3: controlledProber() }
    const clock = new ManualClock()
    const net = new FloodNet({
      size: 4, edges: lineGraph(4), probers: { p1: hungProber, p2: below.p2.prober, p3: below.p3.prober }, clock
    })
    const request = await net.request({ entry: 'p0' })
    let landed!: () => void
    const allLanded = new Promise<void>((resolve) => { landed = resolve })
    const tracing = net.trace(request, { onResult: (_result, count) => { if (count === 3) landed() } })
    // Both are probing (so the flood passed p1), then p1 dies, then they finish.
    await Promise.all([below.p2.called, below.p3.called])
    net.kill('p1')
    below.p3.release({ trace: fakeTrace('p3') })
    below.p2.release({ trace: fakeTrace('p2') })
    // The rejoined results are in; the entry then lingers rejoinGraceMs after the failure for other orphans.
    await allLanded
    const lingered = await clock.runNext(DEFAULT_REJOIN_GRACE_MS)
    const { results, summary } = await tracing

    assert.equal(lingered, clock.start + DEFAULT_REJOIN_GRACE_MS)
    assert.ok(clock.now() < request.deadline - 1000)
    assert.deepEqual(peersOf(results), ['p0', 'p2', 'p3'])
    assert.equal(summary.answered, 3)
    assert.deepEqual(summary.failed.map((f) => f.peer), ['p1'])
    assert.equal(net.totals().rejoinsAdopted, 1)
    net.stop()
  })

  it('without an entry in the request, the same death loses the orphaned results (what rejoin is for)', async () => {
    const below = { p2: controlledProber(), p3: controlledProber() }
    const net = new FloodNet({ size: 4, edges: lineGraph(4), probers: { p1: hungProber, p2: below.p2.prober, p3: below.p3.prober } })
    const request = await net.request()
    const tracing = net.trace(request)
    await Promise.all([below.p2.called, below.p3.called])
    // Who asked whom has reached the requester: p0's, p1's and p2's lists, over one, two and three links.
    await net.until(() => net.network.stats.asked === 1 + 2 + 3)
    net.kill('p1')
    below.p3.release({ trace: fakeTrace('p3') })
    below.p2.release({ trace: fakeTrace('p2') })
    const { results, summary } = await tracing
    assert.deepEqual(peersOf(results), ['p0'])
    // Lost, but not unseen: p1 said it asked p2, and p2 that it asked p3, before p1 died, so the summary names both.
    assert.deepEqual(summary.failed.map((f) => f.peer), ['p1', 'p2', 'p3'])
    assert.match(summary.failed[1]?.reason ?? '', /^ERR_NO_ANSWER: asked by p1,/)
    assert.match(summary.failed[2]?.reason ?? '', /^ERR_NO_ANSWER: asked by p2,/)
    assert.equal(summary.incomplete, undefined)
    assert.equal(net.totals().rejoinsAdopted, 0)
    net.stop()
  })

  it('the entry killed after its own answer: named failed (it answered), the summary incomplete, and the peers it asked failed', async () => {
    const held = { p0: controlledProber(), p1: controlledProber(), p2: controlledProber() }
    const net = new FloodNet({ size: 3, edges: lineGraph(3), probers: { p0: held.p0.prober, p1: held.p1.prober, p2: held.p2.prober } })
    const request = await net.request()
    let entryAnswered!: () => void
    const answered = new Promise<void>((resolve) => { entryAnswered = resolve })
    const tracing = net.trace(request, { onResult: (result) => { if (result.peer === 'p0') entryAnswered() } })
    await Promise.all([held.p1.called, held.p2.called])
    // p0's list (p1) over one link, p1's (p2) over two; p0's result follows them on its link to the requester, so
    // once the requester has that result it has read both lists.
    await net.until(() => net.network.stats.asked === 1 + 2)
    held.p0.release({ trace: fakeTrace('p0') })
    await answered
    net.kill('p0')
    held.p1.release({ trace: fakeTrace('p1') })
    held.p2.release({ trace: fakeTrace('p2') })
    const { results, summary } = await tracing
    assert.deepEqual(peersOf(results), ['p0'])
    assert.equal(summary.answered, 1)
    assert.deepEqual(summary.failed.map((f) => [f.peer, f.answered]), [["p0", true], ["p1", undefined], ["p2", undefined]], JSON.stringify(summary.failed))
    assert.match(summary.failed[0]?.reason ?? '', /^ERR_LINK_RESET: /)
    assert.match(summary.failed[1]?.reason ?? '', /^ERR_NO_ANSWER: asked by p0,/)
    assert.match(summary.failed[2]?.reason ?? '', /^ERR_NO_ANSWER: asked by p1,/)
    assert.equal(summary.incomplete, true)
    // The orphans could not rejoin at the dead entry: nothing was adopted anywhere.
    assert.equal(net.totals().rejoinsAdopted, 0)
    net.stop()
  })

  const hungSeed = testSeed(23)
  it(`a prober that never returns is cut off at its depth's cut-off and reported, before the deadline (seed ${hungSeed})`, async () => {
    const victimId = 'p13'
    const victim = controlledProber()
    const clock = new ManualClock()
    const net = new FloodNet({
      size: SIZE,
      edges: randomConnectedGraph(SIZE, 4, seededRandom(hungSeed)),
      probers: { [victimId]: victim.prober },
      init: { cutoffMarginMs: 50 },
      clock
    })
    const request = await net.request({ deadline: clock.now() + 1000 })
    const tracing = net.trace(request)
    // The victim never answers. Once all else is done (only it and the relays above it still serve the flood), its
    // cut-off comes: the one timer due then, the relays above it cutting off later.
    const copy = await victim.called
    const depth = request.initialHopBudget - copy.hopBudget
    await net.until(() => net.activeFloods() === depth + 1)
    clock.advanceTo(cutoffAt(copy, 50))
    const { results, summary } = await tracing

    assert.equal(clock.now(), request.deadline - 50 * (depth + 1))
    assert.ok(clock.now() < request.deadline)
    assert.deepEqual(peersOf(results), everyone(SIZE))
    assert.equal(summary.answered, SIZE - 1)
    assert.equal(summary.failed.length, 1)
    assert.deepEqual(summary.failed[0], {
      peer: victimId,
      name: `name-${victimId}`,
      reason: 'ERR_PROBE_CUT_OFF: the probe did not finish by this peer\'s cut-off'
    })
    const victimResult = results.find((r) => r.peer === victimId)
    assert.equal(victimResult?.error?.code, 'ERR_PROBE_CUT_OFF')
    assert.equal(victimResult?.trace, undefined)
    net.stop()
  })

  const errorSeed = testSeed(24)
  it(`a prober error comes back as that peer's error result (seed ${errorSeed})`, async () => {
    const net = new FloodNet({
      size: SIZE,
      edges: randomConnectedGraph(SIZE, 4, seededRandom(errorSeed)),
      probers: {
        p7: async () => ({ error: { code: 'ERR_RESOLVE', message: 'no such host' } }),
        p8: async () => { throw new Error('boom') }
      }
    })
    const { results, summary } = await net.trace(await net.request())
    assert.deepEqual(peersOf(results), everyone(SIZE))
    assert.deepEqual(results.find((r) => r.peer === 'p7')?.error, { code: 'ERR_RESOLVE', message: 'no such host' })
    assert.deepEqual(results.find((r) => r.peer === 'p8')?.error, { code: 'ERR_PROBER', message: 'boom' })
    assert.equal(summary.answered, SIZE - 2)
    assert.deepEqual([...summary.failed].sort((a, b) => a.peer.localeCompare(b.peer)), [
      { peer: 'p7', name: 'name-p7', reason: 'ERR_RESOLVE: no such host' },
      { peer: 'p8', name: 'name-p8', reason: 'ERR_PROBER: boom' }
    ])
    net.stop()
  })

  // The entry's own result goes straight to the requester; a deeper one passes relays, which check it by default.
  const forgeries: Array<{ what: string, forger: string, verifyRelayedResults: boolean, unverified: number, dropped: number }> = [
    { what: 'an entry peer\'s forged result is dropped at the requester and counted', forger: 'p0', verifyRelayedResults: true, unverified: 1, dropped: 0 },
    { what: 'a forged result deeper down is dropped by the first relay that checks it', forger: 'p11', verifyRelayedResults: true, unverified: 0, dropped: 1 },
    { what: 'with relay checks off, a forged result travels up and is dropped at the requester', forger: 'p11', verifyRelayedResults: false, unverified: 1, dropped: 0 }
  ]
  const forgerySeed = testSeed(25)
  for (const { what, forger, verifyRelayedResults, unverified, dropped } of forgeries) {
    it(`${what} (seed ${forgerySeed})`, async () => {
      const net = new FloodNet({
        size: SIZE,
        edges: randomConnectedGraph(SIZE, 4, seededRandom(forgerySeed)),
        authenticators: { [forger]: new ForgingAuthenticator() },
        init: { verifyRelayedResults }
      })
      const { results, summary } = await net.trace(await net.request())
      assert.deepEqual(peersOf(results), everyone(SIZE, [forger]))
      assert.equal(summary.unverified, unverified)
      assert.equal(net.totals().resultsDropped, dropped)
      assert.equal(summary.answered, SIZE - 1)
      // The forger was asked and no valid result of it came back: failed, and said why where it is known.
      assert.deepEqual(summary.failed.map((f) => f.peer), [forger])
      assert.match(summary.failed[0]?.reason ?? '', unverified === 1 ? /^ERR_UNVERIFIED: / : /^ERR_NO_ANSWER: /)
      net.stop()
    })
  }

  it('an unreachable entry peer is a failure, not a hang', async () => {
    const net = new FloodNet({ size: 3, edges: [[0, 1], [1, 2]], entries: ['p0', 'p2'] })
    net.kill('p2')
    const { results, summary } = await net.trace(await net.request())
    assert.deepEqual(peersOf(results), ['p0', 'p1'])
    assert.deepEqual(summary.failed.map((f) => f.peer), ['p2'])
    assert.match(summary.failed[0]?.reason ?? '', /^ERR_UNREACHABLE: /)
    assert.equal(summary.incomplete, true)
    net.stop()
  })

  it('the requester aborting ends the iterable at once, with a summary', async () => {
    const held = controlledProber()
    const net = new FloodNet({ size: 4, edges: [[0, 1], [1, 2], [2, 3]], probers: { p3: held.prober } })
    const controller = new AbortController()
    const request = await net.request()
    // p3's probe is held; abort once the three others have answered.
    const { results, summary } = await net.trace(request, {
      signal: controller.signal,
      onResult: (_result, count) => { if (count === 3) controller.abort() }
    })
    assert.deepEqual(peersOf(results), ['p0', 'p1', 'p2'])
    // p0's link was cut before its end: p0 answered (it counts once, as answered) but is named, the summary is
    // incomplete, and p3, which p2 asked and which never answered, is failed.
    assert.equal(summary.answered, 3)
    assert.deepEqual(summary.failed.map((f) => [f.peer, f.answered]), [['p0', true], ['p3', undefined]])
    assert.match(summary.failed[1]?.reason ?? '', /^ERR_NO_ANSWER: asked by p2,/)
    assert.equal(summary.incomplete, true)
    assert.ok(net.clock.now() < request.deadline - 1000)
    held.release({ error: { code: 'ERR_X', message: 'late' } })
    net.stop()
  })
})

function fakeTrace (peer: string): MeasuredTrace {
  return { target: '192.0.2.1', addr: '192.0.2.1', method: 'icmp', reached: true, durationMs: 1, probesSent: 3, hops: [{ ttl: 1, addr: `198.51.100.${peer.slice(1)}`, rtts: [1] }] }
}
