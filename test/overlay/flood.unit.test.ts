// The flood over random graphs of in-memory peers: reach, one answer per vantage, duplicate suppression, the
// message count, late joiners and the exact radius of a hop budget. The graphs are seeded (the seed in the title;
// SEED=… overrides it) and time is the FloodNet's ManualClock.

import assert from 'node:assert/strict'
import { seededRandom, testSeed } from '../random/seeded-random.js'
import { ManualClock } from '../time/manual-clock.js'
import { FloodNet, ORIGIN } from './flood-net.js'
import { distancesFrom, lineGraph, randomConnectedGraph, type Edge } from './topology.js'

const SIZES = [30, 47, 64]
const BUDGET = 16

/**
 * The requests a flood from p0 sends: the origin's one, then each peer's copy to each neighbour but its upstream
 * and the siblings its accepted copy named (its upstream's other receivers, itself among them; p0's upstream is the
 * origin, outside the graph, and its copy names none).
 */
function expectedRequests (net: FloodNet, requestId: string, edges: Edge[]): number {
  const neighboursOf = (peer: string): string[] => edges.flatMap(([a, b]) =>
    `p${a}` === peer ? [`p${b}`] : `p${b}` === peer ? [`p${a}`] : [])
  let requests = 1
  for (const [peer, copies] of net.siblings) {
    const named = copies.get(requestId)
    if (named === undefined) continue
    const siblings = new Set(named)
    assert.equal(siblings.has(peer), peer !== 'p0', `${peer}'s copy names its upstream's receivers, itself among them`)
    const forwarded = neighboursOf(peer).filter(n => !siblings.has(n)).length
    requests += peer === 'p0' ? forwarded : forwarded - 1
  }
  return requests
}

describe('overlay flood', () => {
  for (const [index, size] of SIZES.entries()) {
    const seed = testSeed(1000 + index)
    it(`reaches all ${size} peers of a random graph once each, with the exact message count (seed ${seed})`, async () => {
      const edges = randomConnectedGraph(size, 4, seededRandom(seed))
      const E = edges.length
      const net = new FloodNet({ size, edges })
      const request = await net.request({ initialHopBudget: BUDGET, hopBudget: BUDGET })
      const { results, summary } = await net.trace(request)

      // Everyone answered, exactly once, and probed exactly once.
      const peers = results.map((result) => result.peer).sort()
      assert.deepEqual(peers, Array.from({ length: size }, (_, i) => `p${i}`).sort())
      assert.equal(summary.answered, size)
      assert.deepEqual(summary.failed, [])
      assert.equal(summary.unverified, 0)
      const depths = net.depths(request)
      assert.equal(depths.size, size)

      // Each peer accepts one copy and forwards to all its neighbours but its upstream and the copy's siblings (the
      // upstream's other receivers; p0's upstream is the origin, outside the graph): requests = 1 + deg(p0) + sum
      // over the others of (|N(p) - siblings(p)| - 1), at most 2E - N + 2 (no siblings skipped). Every request gets
      // exactly one end; every copy but the accepted one is a duplicate.
      const requests = expectedRequests(net, request.id, edges)
      assert.ok(requests <= 2 * E - size + 2)
      const stats = net.network.stats
      assert.equal(stats.requests, requests)
      assert.equal(stats.ends, requests)
      const totals = net.totals()
      assert.equal(totals.floodsServed, size)
      assert.equal(totals.duplicatesDropped, requests - size)
      assert.equal(totals.resultsDropped, 0)

      // A result crosses one link per level on its way up: its own peer sends it once and each relay above passes
      // it on once, so results = N + sum of depths, and the relays passed on exactly the sum of depths.
      const depthSum = [...depths.values()].reduce((a, b) => a + b, 0)
      assert.equal(totals.resultsRelayed, depthSum)
      assert.equal(stats.results, size + depthSum)
      // The flood tree is no shallower than the graph: each peer's depth is at least its distance from p0.
      const distance = distancesFrom(size, edges, 0)
      for (const [peer, depth] of depths) assert.ok(depth >= (distance[Number(peer.slice(1))] as number), peer)

      // Who was asked goes up too: each peer that forwarded says so once to its upstream, and each relay above
      // passes on only the names it had not passed on yet, so the peers asked reach the requester at most one
      // message per level: forwarders <= asked <= sum over forwarders of (depth + 1).
      const degree = (peer: string): number => edges.filter(([a, b]) => `p${a}` === peer || `p${b}` === peer).length
      const forwarders = [...depths.keys()].filter(peer => degree(peer) > (peer === 'p0' ? 0 : 1))
      assert.ok(stats.asked >= forwarders.length, `${stats.asked} asked messages, ${forwarders.length} forwarders`)
      assert.ok(stats.asked <= forwarders.reduce((sum, peer) => sum + (depths.get(peer) as number) + 1, 0))

      // The bound: messages = 2 requests + N + sum(depth) + asked <= 4E + 2N(B + 1) with B the hop budget.
      const maxDepth = Math.max(...depths.values())
      assert.equal(stats.messages, 2 * requests + size + depthSum + stats.asked)
      assert.ok(stats.messages <= 4 * E + 2 * size * (maxDepth + 1))
      assert.ok(stats.messages <= 4 * E + 2 * size * (BUDGET + 1))
      // Every message was sent by a service, but the origin's one request.
      assert.equal(totals.messagesSent + 1, stats.messages)

      // Nothing is left open or running.
      assert.equal(net.network.openLinks(), 0)
      for (const service of net.services.values()) assert.equal(service.activeFloods, 0)
      net.stop()
    })
  }

  const delaySeed = testSeed(3)
  it(`reaches every peer once with a per-link delay too (timers instead of immediates) (seed ${delaySeed})`, async () => {
    const size = 30
    const edges = randomConnectedGraph(size, 4, seededRandom(delaySeed))
    const clock = new ManualClock()
    const net = new FloodNet({ size, edges, delayMs: 2, clock })
    const request = await net.request()
    // Every delivery is a timer 2 ms ahead: fire them as they are set, never the far cut-offs also pending.
    const { results, summary } = await clock.runWhile(net.trace(request), 2)
    assert.deepEqual(results.map((r) => r.peer).sort(), Array.from({ length: size }, (_, i) => `p${i}`).sort())
    assert.equal(summary.answered, size)
    assert.equal(net.network.stats.requests, expectedRequests(net, request.id, edges))
    assert.equal(net.network.openLinks(), 0)
    net.stop()
  })

  it('serves each request once per peer when copies come from the origin and from neighbours', async () => {
    const net = new FloodNet({ size: 3, edges: [[0, 1], [1, 2]], entries: ['p0', 'p1', 'p2'] })
    const request = await net.request()
    const { results, summary } = await net.trace(request)
    assert.deepEqual(results.map((r) => r.peer).sort(), ['p0', 'p1', 'p2'])
    assert.equal(summary.answered, 3)
    // The origin sends 3 copies, p0 forwards to p1, p1 to p0 and p2 (or whichever order), p2 to p1: each peer
    // serves one and drops every other copy it gets.
    const totals = net.totals()
    assert.equal(totals.floodsServed, 3)
    assert.equal(totals.duplicatesDropped, net.network.stats.requests - 3)
    for (const service of net.services.values()) assert.equal(service.counters.floodsServed, 1)
    net.stop()
  })

  const lateSeed = testSeed(7)
  it(`reaches a peer that joined after the previous trace (seed ${lateSeed})`, async () => {
    const size = 32
    const net = new FloodNet({ size, edges: randomConnectedGraph(size, 4, seededRandom(lateSeed)) })
    const first = await net.trace(await net.request())
    assert.equal(first.results.length, size)
    assert.ok(!first.results.some((r) => r.peer === 'late'))

    net.addPeer('late')
    net.network.connect('late', 'p17')
    net.network.connect('late', 'p23')
    const second = await net.trace(await net.request())
    assert.equal(second.results.length, size + 1)
    assert.equal(second.results.filter((r) => r.peer === 'late').length, 1)
    assert.equal(second.summary.answered, size + 1)
    net.stop()
  })

  for (const budget of [0, 1, 3, 6]) {
    it(`limits the radius exactly: a line with hop budget ${budget} reaches ${budget + 1} peers`, async () => {
      const size = 10
      const net = new FloodNet({ size, edges: lineGraph(size) })
      const request = await net.request({ initialHopBudget: budget, hopBudget: budget })
      const { results, summary } = await net.trace(request)
      const reached = Array.from({ length: budget + 1 }, (_, i) => `p${i}`)
      assert.deepEqual(results.map((r) => r.peer).sort(), reached.sort())
      assert.deepEqual([...net.depths(request).keys()].sort(), reached.sort())
      assert.equal(summary.answered, budget + 1)
      assert.deepEqual(summary.failed, [])
      // One request per level, the last peer (budget 0) forwards nothing.
      assert.equal(net.network.stats.requests, budget + 1)
      net.stop()
    })
  }

  const originSeed = testSeed(11)
  it(`does not forward to the origin, even when the origin is a neighbour of several peers (seed ${originSeed})`, async () => {
    const size = 30
    const net = new FloodNet({ size, edges: randomConnectedGraph(size, 4, seededRandom(originSeed)), entries: ['p0', 'p5', 'p9'] })
    const { results } = await net.trace(await net.request(), { entries: ['p0'] })
    assert.equal(results.length, size)
    assert.ok(!results.some((r) => r.peer === ORIGIN))
    net.stop()
  })
})
