// Selection in the flood (`--from`, `--limit`): on seeded random graphs of in-memory peers, only the peers a
// request's selector names probe while every peer relays; with chosen vantage points the requester gets exactly
// their results and stops as soon as it has them (the clock stands still: no deadline ends it), and the flood
// stops everywhere.

import assert from 'node:assert/strict'
import { seededRandom, testSeed } from '../random/seeded-random.js'
import { drawVantages } from '../../src/overlay/selection/sample.js'
import { FloodNet } from './flood-net.js'
import { randomConnectedGraph } from './topology.js'

const SIZE = 24

function tagged (seed: number): { tags: Record<string, string[]>, red: string[] } {
  const random = seededRandom(seed)
  const tags: Record<string, string[]> = {}
  const red: string[] = []
  for (let i = 0; i < SIZE; i++) {
    const isRed = random() < 0.3
    tags[`p${i}`] = isRed ? ['red'] : ['blue']
    if (isRed) red.push(`p${i}`)
  }
  return { tags, red }
}

describe('overlay selection', () => {
  const seed = testSeed(7100)
  it(`only the peers --from names probe and answer; every peer relays (seed ${seed})`, async () => {
    const { tags, red } = tagged(seed)
    assert.ok(red.length >= 2, 'the draw gave fewer than 2 red peers')
    const net = new FloodNet({ size: SIZE, edges: randomConnectedGraph(SIZE, 4, seededRandom(seed + 1)), tags })
    const request = await net.request({ selector: { terms: ['red'] } })
    const { results, summary } = await net.trace(request)
    assert.deepEqual(results.map((r) => r.peer).sort(), [...red].sort())
    assert.deepEqual([...net.depths(request).keys()].sort(), [...red].sort())
    assert.equal(summary.answered, red.length)
    assert.deepEqual(summary.failed, [])
    assert.equal(net.totals().floodsServed, SIZE)
    net.stop()
  })

  const seed2 = testSeed(7200)
  it(`--limit 2: exactly the 2 chosen answer, and the requester is done without waiting for the rest (seed ${seed2})`, async () => {
    const { tags, red } = tagged(seed2)
    const net = new FloodNet({ size: SIZE, edges: randomConnectedGraph(SIZE, 4, seededRandom(seed2 + 1)), tags })
    // A neighbour of p0 that takes the request and never answers: without the early end, p0 (and so the
    // requester) would wait for it until its cut-off, which never comes on a clock that stands still.
    net.network.addPeer('silent')
    net.network.connect('p0', 'silent')
    let silentLinks = 0
    net.network.serve('silent', async () => { silentLinks++; await new Promise(() => {}) })
    const id = 'ab'.repeat(16)
    const chosen = drawVantages(id, red, 2)
    const request = await net.request({ id, selector: { terms: ['red'], limit: 2, chosen } })
    const { results, summary } = await net.trace(request)
    assert.deepEqual(results.map((r) => r.peer).sort(), [...chosen].sort())
    assert.deepEqual([...net.depths(request).keys()].sort(), [...chosen].sort())
    assert.equal(summary.answered, 2)
    assert.deepEqual(summary.failed, [])
    assert.equal(silentLinks, 1)
    // The requester's link closed, so every flood on the way ends too (the clock has not moved).
    await net.until(() => net.activeFloods() === 0)
    net.stop()
  })

  it('a chosen peer that never answers is reported failed by the deadline, and other peers\' failures are not', async () => {
    const net = new FloodNet({ size: 4, edges: [[0, 1], [1, 2], [2, 3]], tags: { p1: ['red'], p3: ['red'] } })
    net.kill('p3')
    const request = await net.request({ selector: { terms: ['red'], limit: 2, chosen: ['p1', 'p3'] } })
    const { results, summary } = await net.trace(request)
    assert.deepEqual(results.map((r) => r.peer), ['p1'])
    assert.equal(summary.answered, 1)
    // p2 reports p3 unreachable: that concerns a chosen peer, so it is kept; nothing else is listed.
    assert.deepEqual(summary.failed.map((f) => f.peer), ['p3'])
    net.stop()
  })

  it('a result from a peer that was not chosen is not counted', async () => {
    // p2 ignores the selection (a modified peer): it probes and answers anyway.
    const net = new FloodNet({ size: 3, edges: [[0, 1], [1, 2]], tags: { p0: ['red'], p1: ['red'], p2: ['red'] } })
    const rogue = net.services.get('p2') as unknown as { components: { selects?: unknown } }
    rogue.components.selects = undefined
    const request = await net.request({ selector: { terms: ['red'], limit: 2, chosen: ['p0', 'p1'] } })
    const { results, summary } = await net.trace(request)
    assert.deepEqual(results.map((r) => r.peer).sort(), ['p0', 'p1'])
    assert.equal(summary.answered, 2)
    net.stop()
  })
})
