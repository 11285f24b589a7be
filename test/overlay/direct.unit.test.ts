// Direct delivery (src/overlay/selection/direct.ts): a request with K chosen vantage points goes from the entry
// straight to them. On seeded random graphs of in-memory peers the trace costs exactly 1 + K' requests, K' + K
// results, K' + 1 ends and one `asked` (K' = the chosen other than the entry), and no other peer receives
// anything; a direct copy at a peer that is not chosen, or not from the entry, is refused; a chosen peer without
// an address makes the request flood, one whose link fails to open gets it by a flood through a neighbour, and
// with no neighbour to flood through it is reported not reached.

import assert from 'node:assert/strict'
import { FloodService, HashAuthenticator, MemoryNetwork, originate, type FloodCounters, type OverlayMessage, type OverlayTransport, type TraceRequest } from '../../src/overlay/index.js'
import { DEFAULT_DIRECT_OPEN_TIMEOUT_MS, DEFAULT_DIRECT_OPENS_AT_ONCE } from '../../src/overlay/constants.js'
import { drawVantages } from '../../src/overlay/selection/sample.js'
import { seededRandom, testSeed } from '../random/seeded-random.js'
import { ManualClock } from '../time/manual-clock.js'
import { FloodNet, ORIGIN, instantProber } from './flood-net.js'
import { randomConnectedGraph } from './topology.js'

const SIZE = 40

/** Everything a peer counts when a copy of a request reaches it, whatever it then does with it. */
const RECEIVED: Array<keyof FloodCounters> = ['floodsServed', 'duplicatesDropped', 'requestsRejected', 'requestsBusy', 'requestsRateLimited', 'directRefused']

const received = (service: FloodService): number => RECEIVED.reduce((sum, key) => sum + service.counters[key], 0)

/** Reads a link to its end: the messages the other side sent. */
async function readAll (link: { messages: () => AsyncIterable<OverlayMessage> }): Promise<OverlayMessage[]> {
  const messages: OverlayMessage[] = []
  for await (const message of link.messages()) messages.push(message)
  return messages
}

describe('overlay direct delivery to the chosen vantage points', () => {
  for (const [index, k] of [1, 4, 10, 25].entries()) {
    const seed = testSeed(7300 + index)
    it(`K = ${k} of ${SIZE}: exactly 1 + K' requests, K' + K results, K' + 1 ends, 1 asked; nobody else receives anything (seed ${seed})`, async () => {
      const random = seededRandom(seed)
      const net = new FloodNet({ size: SIZE, edges: randomConnectedGraph(SIZE, 6, random) })
      const id = [...Array(16)].map(() => Math.floor(random() * 256).toString(16).padStart(2, '0')).join('')
      const everyone = [...Array(SIZE).keys()].map((i) => `p${i}`)
      const chosen = drawVantages(id, everyone, k)
      const request = await net.request({ id, entry: 'p0', selector: { terms: [], limit: k, chosen } })
      const { results, summary } = await net.trace(request)
      assert.deepEqual(results.map((r) => r.peer).sort(), [...chosen].sort())
      assert.equal(summary.answered, k)
      assert.deepEqual(summary.failed, [])
      const others = chosen.filter((peer) => peer !== 'p0').length
      const stats = net.network.stats
      assert.deepEqual({ requests: stats.requests, results: stats.results, ends: stats.ends, asked: stats.asked, links: stats.linksOpened },
        { requests: 1 + others, results: others + k, ends: others + 1, asked: 1, links: 1 + others })
      assert.equal(stats.messages, 1 + others + others + k + others + 1 + 1)
      for (const [peer, service] of net.services) {
        const isChosen = chosen.includes(peer)
        // The entry serves it as the requester's entry; each chosen peer once, from the entry; nobody else at all.
        assert.equal(received(service), isChosen || peer === 'p0' ? 1 : 0, peer)
        assert.equal(service.counters.floodsServed, isChosen || peer === 'p0' ? 1 : 0, peer)
        assert.equal(net.probed.get(peer)?.has(id), isChosen, peer)
      }
      assert.equal(net.services.get('p0')?.counters.directDeliveries, 1)
      assert.equal(net.activeFloods(), 0)
      assert.equal(net.network.openLinks(), 0)
      net.stop()
    })
  }

  it('the entry among the chosen probes itself and opens links to the K - 1 others only', async () => {
    const net = new FloodNet({ size: 12, edges: randomConnectedGraph(12, 4, seededRandom(testSeed(7320))) })
    const chosen = ['p5', 'p0', 'p11']
    const request = await net.request({ entry: 'p0', selector: { terms: [], limit: 3, chosen } })
    const { results, summary } = await net.trace(request)
    assert.deepEqual(results.map((r) => r.peer).sort(), [...chosen].sort())
    assert.equal(summary.answered, 3)
    const stats = net.network.stats
    assert.deepEqual({ requests: stats.requests, results: stats.results, ends: stats.ends, asked: stats.asked }, { requests: 3, results: 5, ends: 3, asked: 1 })
    assert.equal(net.totals().floodsServed, 3)
    net.stop()
  })

  it('the same request without an entry floods every peer (what the direct delivery saves)', async () => {
    const seed = testSeed(7310)
    const net = new FloodNet({ size: SIZE, edges: randomConnectedGraph(SIZE, 6, seededRandom(seed)) })
    const chosen = ['p3', 'p7']
    const request = await net.request({ selector: { terms: [], limit: 2, chosen } })
    const { results } = await net.trace(request)
    assert.deepEqual(results.map((r) => r.peer).sort(), chosen)
    assert.equal(net.totals().floodsServed, SIZE)
    assert.equal(net.totals().directDeliveries, 0)
    net.stop()
  })

  it('a direct copy is refused by a peer that is not chosen, and by a chosen one when it does not come from the entry', async () => {
    const net = new FloodNet({ size: 4, edges: [[0, 1], [1, 2], [2, 3]] })
    const request = await net.request({ entry: 'p0', selector: { terms: [], limit: 1, chosen: ['p2'] } })
    const direct: TraceRequest = { ...request, hopBudget: request.hopBudget - 1, direct: true }
    const send = async (from: string, to: string, copy: TraceRequest): Promise<OverlayMessage[]> => {
      const link = await net.network.transport(from).open(to, new AbortController().signal)
      await link.send({ type: 'request', request: copy })
      await link.close()
      return await readAll(link)
    }
    const notChosen = await send('p0', 'p3', direct)
    assert.equal(notChosen.length, 1)
    const end = notChosen[0]
    assert.ok(end?.type === 'end')
    assert.match(end.end.failures[0]?.reason ?? '', /^ERR_NOT_CHOSEN: this peer is not among/)
    const notEntry = await send('p1', 'p2', direct)
    assert.ok(notEntry[0]?.type === 'end')
    assert.match(notEntry[0].end.failures[0]?.reason ?? '', /^ERR_NOT_CHOSEN: a direct request comes from its entry peer only/)
    // A chosen list altered to name the receiver fails the origin's signature like any altered field.
    const altered = await send('p0', 'p3', { ...direct, selector: { terms: [], limit: 1, chosen: ['p3'] } })
    assert.ok(altered[0]?.type === 'end')
    assert.match(altered[0].end.failures[0]?.reason ?? '', /^ERR_INVALID_REQUEST: bad signature/)
    assert.equal(net.services.get('p3')?.counters.directRefused, 1)
    assert.equal(net.services.get('p2')?.counters.directRefused, 1)
    assert.equal(net.services.get('p3')?.counters.requestsRejected, 1)
    for (const peer of ['p2', 'p3']) assert.equal(net.probed.get(peer)?.size, 0, peer)
    // The refusals marked nothing seen: the real delivery still works.
    const { results } = await net.trace(request)
    assert.deepEqual(results.map((r) => r.peer), ['p2'])
    net.stop()
  })

  it('a chosen peer the entry knows no address of: the request floods, and it answers', async () => {
    const net = new FloodNet({ size: 6, edges: [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]] })
    net.network.hide('p4')
    const request = await net.request({ entry: 'p0', selector: { terms: [], limit: 2, chosen: ['p2', 'p4'] } })
    const { results, summary } = await net.trace(request)
    assert.deepEqual(results.map((r) => r.peer).sort(), ['p2', 'p4'])
    assert.deepEqual(summary.failed, [])
    const entry = net.services.get('p0')?.counters
    assert.equal(entry?.directFallbacks, 1)
    assert.equal(entry?.directDeliveries, 0)
    assert.equal(net.totals().floodsServed, 6)
    net.stop()
  })

  it(`a chosen peer whose link does not open within ${DEFAULT_DIRECT_OPEN_TIMEOUT_MS} ms is reported not reached; the others answer`, async () => {
    const clock = new ManualClock()
    const network = new MemoryNetwork({ clock })
    // p9's dials hang (a black-holed address): each open waits until its signal aborts.
    const hanging: string[] = []
    const entry = servingPeer(network, 'p0', (inner) => ({
      ...inner,
      open: async (peer, signal, addrs) => {
        if (peer !== 'p9') return await inner.open(peer, signal, addrs)
        hanging.push(peer)
        return await new Promise((_resolve, reject) => { signal.addEventListener('abort', () => { reject(signal.reason) }) })
      }
    }), clock)
    for (const peer of ['p1', 'p9']) servingPeer(network, peer, (inner) => inner, clock)
    network.addPeer(ORIGIN)
    network.connect(ORIGIN, 'p0')
    // Only to sign the request as the origin (a network of its own, unused).
    const signer = new FloodNet({ size: 0, edges: [], entries: [], clock })
    const request = await signer.request({ entry: 'p0', selector: { terms: [], limit: 2, chosen: ['p1', 'p9'] } })
    const results: string[] = []
    const reading = (async () => {
      for await (const event of originate(network.transport(ORIGIN), ['p0'], request, signer.auth, new AbortController().signal, { clock })) {
        if (event.type === 'result') results.push(event.result.peer)
        else return event.summary
      }
      throw new Error('no summary')
    })()
    // p1 answers while p9's open hangs; then only timers within the open timeout fire: that one, then the entry's
    // wait for rejoins after a failure below it.
    while (results.length === 0) await new Promise((resolve) => { setImmediate(resolve) })
    const summary = await clock.runWhile(reading, DEFAULT_DIRECT_OPEN_TIMEOUT_MS)
    assert.deepEqual(hanging, ['p9'])
    assert.deepEqual(results, ['p1'])
    assert.deepEqual(summary.failed.map((f) => f.peer), ['p9'])
    // p0 has no neighbour to flood through (the requester is none).
    assert.match(summary.failed[0]?.reason ?? '', /ERR_NOT_REACHED: the entry could not open a link to this chosen vantage point: .*; no neighbour to flood it through/)
    entry.stop()
  })

  it('a chosen peer whose link fails to open gets the request by a flood through a neighbour, and answers', async () => {
    const clock = new ManualClock()
    const network = new MemoryNetwork({ clock })
    // p0's dials of p9 are refused; p9 is p1's neighbour, and p1 is p0's.
    const entry = servingPeer(network, 'p0', (inner) => ({
      ...inner,
      open: async (peer, signal, addrs) => {
        if (peer === 'p9') throw new Error('connection refused')
        return await inner.open(peer, signal, addrs)
      }
    }), clock)
    const relay = servingPeer(network, 'p1', (inner) => inner, clock)
    const chosen = servingPeer(network, 'p9', (inner) => inner, clock)
    network.connect('p0', 'p1')
    network.connect('p1', 'p9')
    network.addPeer(ORIGIN)
    network.connect(ORIGIN, 'p0')
    const signer = new FloodNet({ size: 0, edges: [], entries: [], clock })
    const request = await signer.request({ entry: 'p0', selector: { terms: [], limit: 1, chosen: ['p9'] } })
    const answered: string[] = []
    let failed: unknown[] = []
    for await (const event of originate(network.transport(ORIGIN), ['p0'], request, signer.auth, new AbortController().signal, { clock })) {
      if (event.type === 'result') answered.push(event.result.peer)
      else failed = event.summary.failed
    }
    assert.deepEqual(answered, ['p9'])
    assert.deepEqual(failed, [])
    assert.equal(entry.counters.directFallbacks, 1)
    assert.equal(relay.counters.floodsServed, 1)
    assert.equal(chosen.counters.floodsServed, 1)
    for (const service of [entry, relay, chosen]) service.stop()
  })

  it(`opens at most ${DEFAULT_DIRECT_OPENS_AT_ONCE} links at once, whatever K`, async () => {
    const clock = new ManualClock()
    const network = new MemoryNetwork({ clock })
    const chosen = [...Array(40).keys()].map((i) => `c${i}`)
    let open = 0
    let most = 0
    const entry = servingPeer(network, 'p0', (inner) => ({
      ...inner,
      open: async (peer, signal, addrs) => {
        open++
        most = Math.max(most, open)
        try {
          return await inner.open(peer, signal, addrs)
        } finally {
          open--
        }
      }
    }), clock)
    for (const peer of chosen) servingPeer(network, peer, (inner) => inner, clock)
    network.addPeer(ORIGIN)
    network.connect(ORIGIN, 'p0')
    // Only to sign the request as the origin (a network of its own, unused).
    const signer = new FloodNet({ size: 0, edges: [], entries: [], clock })
    const request = await signer.request({ entry: 'p0', selector: { terms: [], limit: chosen.length, chosen } })
    const answered: string[] = []
    for await (const event of originate(network.transport(ORIGIN), ['p0'], request, signer.auth, new AbortController().signal, { clock })) {
      if (event.type === 'result') answered.push(event.result.peer)
    }
    assert.deepEqual(answered.sort(), [...chosen].sort())
    assert.equal(most, DEFAULT_DIRECT_OPENS_AT_ONCE)
    entry.stop()
  })
})

/** A started flood service on `network` whose transport `wrap` may alter. */
function servingPeer (network: MemoryNetwork, id: string, wrap: (inner: OverlayTransport) => OverlayTransport, clock: ManualClock): FloodService {
  const service = new FloodService({ transport: wrap(network.addPeer(id)), prober: instantProber, authenticator: new HashAuthenticator(), name: id, clock })
  service.start()
  network.serve(id, async (link) => { await service.handle(link) })
  return service
}
