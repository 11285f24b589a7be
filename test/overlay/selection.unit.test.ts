// Selection in the flood (`--from`, `--limit`): on seeded random graphs of in-memory peers, only the peers a
// request's selector names probe while every peer relays; with chosen vantage points exactly they probe and the
// requester gets exactly their results, and the trace ends without waiting on any other peer's probe (the clock
// stands still: no deadline ends it).

import assert from 'node:assert/strict'
import { seededRandom, testSeed } from '../random/seeded-random.js'
import { drawVantages } from '../../src/overlay/selection/sample.js'
import { FloodNet, hungProber } from './flood-net.js'
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
  it(`--limit 2: exactly the 2 chosen probe and answer; the trace ends without the others probing (seed ${seed2})`, async () => {
    const { tags, red } = tagged(seed2)
    // Every red peer but the chosen would hang in its probe if it probed: the trace could then never end, since
    // the clock stands still and no cut-off comes.
    const id = 'ab'.repeat(16)
    const chosen = drawVantages(id, red, 2)
    const probers = Object.fromEntries(red.filter((peer) => !chosen.includes(peer)).map((peer) => [peer, hungProber]))
    const net = new FloodNet({ size: SIZE, edges: randomConnectedGraph(SIZE, 4, seededRandom(seed2 + 1)), tags, probers })
    const request = await net.request({ id, selector: { terms: ['red'], limit: 2, chosen } })
    const { results, summary } = await net.trace(request)
    assert.deepEqual(results.map((r) => r.peer).sort(), [...chosen].sort())
    assert.deepEqual([...net.depths(request).keys()].sort(), [...chosen].sort())
    assert.equal(summary.answered, 2)
    assert.deepEqual(summary.failed, [])
    assert.equal(net.totals().floodsServed, SIZE)
    // Messages: the flood's requests and ends as without a selection, and only the chosen peers' results.
    assert.equal(net.network.stats.results, net.totals().resultsRelayed + 2)
    assert.equal(net.activeFloods(), 0)
    net.stop()
  })

  it('a chosen peer that cannot answer is reported failed, and other peers\' failures are not', async () => {
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
