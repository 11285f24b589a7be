// 32 peertrace nodes over real libp2p on 127.0.0.1 join through one another (bare host:port and full multiaddrs),
// form the overlay by peer exchange, and one trace reaches every one of them once; a late joiner is reached next.
// Whom each node joins through, and every membership draw, come from the seed in the title (SEED=… sets it).

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import type { Multiaddr } from '@multiformats/multiaddr'
import { traceThroughPeer } from '../../src/node/client/trace-client.js'
import { seededRandom, testSeed } from '../random/seeded-random.js'
import { DEFAULT_LOOPBACK_SEED, LoopbackNet, PROBE, TARGET, assertFakeTraces, collectTrace, vantages, type CollectedTrace } from './loopback-net.js'

const PEERS = 32
const MIN_DEGREE = 2
const HOP_BUDGET = 16
const FORM_TIMEOUT_MS = 60_000
const TRACE_TIMEOUT_MS = 30_000

const SEED = testSeed(DEFAULT_LOOPBACK_SEED)

describe(`node: a 32-peer overlay on loopback (seed ${SEED})`, function () {
  const net = new LoopbackNet(SEED)
  const random = seededRandom(SEED)
  /** Which nodes joined through bare host:port addresses only. */
  const bareJoiners: number[] = []

  after(async () => { await net.stop() })

  async function trace (entry = net.at(0)): Promise<CollectedTrace> {
    return await collectTrace(traceThroughPeer({
      entry: net.address(entry, true), target: TARGET, probe: PROBE, timeoutMs: TRACE_TIMEOUT_MS, hopBudget: HOP_BUDGET
    }))
  }

  /** One or two distinct earlier nodes, as bare host:port (even joiners) or with /p2p/<id> (odd joiners). */
  function bootstrapFor (index: number): Multiaddr[] {
    const picks = new Set<number>()
    const want = Math.min(index, 1 + Math.floor(random() * 2))
    while (picks.size < want) picks.add(Math.floor(random() * index))
    const bare = index % 2 === 0
    if (bare && index > 0) bareJoiners.push(index)
    return [...picks].map(i => net.address(net.at(i), !bare))
  }

  before(async function () {
    const started = performance.now()
    for (let i = 0; i < PEERS; i++) await net.add({ bootstrap: bootstrapFor(i) })
    const startedAll = performance.now() - started
    const formed = await net.waitForDegree(MIN_DEGREE, FORM_TIMEOUT_MS)
    const reach = await net.waitForReach(net.at(0), FORM_TIMEOUT_MS)
    console.log(`      ${PEERS} nodes started in ${Math.round(startedAll)} ms; every degree >= ${MIN_DEGREE} ` +
      `${Math.round(formed)} ms after the last start (${Math.round(startedAll + formed)} ms from the first), ` +
      `all reachable ${Math.round(reach)} ms later; degrees ${net.degrees().join(',')}`)
  })

  it(`forms an overlay of ${PEERS} peers in which every node has ${MIN_DEGREE} neighbours, on loopback only`, async function () {
    assert.equal(net.nodes.length, PEERS)
    assert.equal(bareJoiners.length, PEERS / 2 - 1, 'the even joiners came in through host:port only')
    for (const [index, degree] of net.degrees().entries()) assert.ok(degree >= MIN_DEGREE, `peer-${index} has ${degree} neighbours`)
    assert.equal(net.reachableFrom(net.at(0)).size, PEERS)
    await net.assertLoopbackOnly()
  })

  it('floods one trace to all 32 peers, each answering exactly once, duplicates dropped on the cycles', async function () {
    const before = net.totals()
    const { results, summary } = await trace()
    assert.deepEqual(vantages(results), net.ids().sort())
    assertFakeTraces(results, TARGET)
    assert.equal(summary.answered, PEERS)
    assert.deepEqual(summary.failed, [])
    assert.equal(summary.unverified, 0)

    const after = net.totals()
    assert.equal(after.floodsServed - before.floodsServed, PEERS, 'every node served the flood once')
    assert.ok(after.duplicatesDropped - before.duplicatesDropped > 0, 'copies met on the cycles and were dropped')
    assert.equal(after.requestsRejected - before.requestsRejected, 0)
    assert.equal(after.resultsDropped - before.resultsDropped, 0, 'no relay dropped a result (no vantage came twice on one path)')
    for (const node of net.nodes) assert.equal(node.services.trace.flood.activeFloods, 0)
  })

  it('reaches a 33rd peer that joins after the first trace', async function () {
    const late = await net.add({ bootstrap: [net.address(net.at(Math.floor(random() * PEERS)), false)] })
    const joined = await net.waitForDegree(MIN_DEGREE, FORM_TIMEOUT_MS)
    await net.waitForReach(net.at(0), FORM_TIMEOUT_MS)
    console.log(`      the late peer had ${late.services.membership.neighbours().length} neighbours after ${Math.round(joined)} ms`)

    const { results, summary } = await trace()
    assert.equal(results.length, PEERS + 1)
    assert.deepEqual(vantages(results), net.ids().sort())
    assert.ok(results.some(result => result.peer === late.peerId.toString()))
    assertFakeTraces(results, TARGET)
    assert.equal(summary.answered, PEERS + 1)
    assert.deepEqual(summary.failed, [])
    assert.equal(summary.unverified, 0)
    await net.assertLoopbackOnly()
  })

  it('answers the same through any entry peer (the late one included)', async function () {
    const late = net.at(PEERS)
    await net.waitForReach(late, FORM_TIMEOUT_MS)
    const mark = net.eventCount
    const { results, summary } = await trace(late)
    const missing = net.ids().filter(id => !results.some(result => result.peer === id))
    assert.deepEqual(vantages(results), net.ids().sort(), `missing ${missing.join(' ')}; summary ` +
      `${JSON.stringify(summary)}; reachable from the entry: all before the trace, ` +
      `${net.reachableFrom(late).size} after; membership meanwhile:\n${net.eventsSince(mark).join('\n')}`)
    assert.equal(summary.answered, PEERS + 1)
    assert.deepEqual(summary.failed, [])
  })
})
