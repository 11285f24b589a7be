// Issue 14, item 5: every result a relay passes on is kept for a replay (a rejoin at the entry after its upstream
// died), and that was bounded by a count alone: one trace of 1,500 signed 65 KB results grew a relay's heap by
// 134 MB. Now a relay keeps at most DEFAULT_MAX_REPLAY_BYTES of them; what did not fit is counted, and named in the
// end it sends after a rejoin (ERR_NOT_REPLAYED) as far as one end carries, so the requester knows why those results
// are missing. The real Upstream over
// the in-memory network: a relay sends 1,500 results to its upstream, the upstream dies, the relay rejoins at the
// entry, and the test reads what the entry gets.

import assert from 'node:assert/strict'
import { DEFAULT_MAX_REPLAY_BYTES, HashAuthenticator, MemoryNetwork, type OverlayLink, type OverlayMessage, type TraceRequest, type VantageResult } from '../../src/overlay/index.js'
import { wireBytes } from '../../src/overlay/wire-size.js'
import { Upstream } from '../../src/overlay/upstream.js'
import { decodeMessage, encodeMessage } from '../../src/protocol/index.js'

const RESULTS = 1500
const auth = new HashAuthenticator()

/** A signed result of about 65 KB encoded: 255 hops of 11 addresses and 10 RTTs each. */
async function bigResult (requestId: string, peer: string): Promise<VantageResult> {
  const hops = Array.from({ length: 255 }, (_, ttl) => ({
    ttl: ttl + 1,
    addr: `198.18.${ttl}.1`,
    rtts: Array.from({ length: 10 }, (_, i) => 1.5 + i),
    addrs: Array.from({ length: 10 }, (_, i) => `198.18.${ttl}.${i + 20}`)
  }))
  return await auth.signResult({
    requestId,
    peer,
    name: peer,
    trace: { target: '198.18.255.1', addr: '198.18.255.1', method: 'icmp', reached: false, durationMs: 1, probesSent: 2550, hops }
  })
}

/** Every message that arrives on links opened to `peer`, until each ends. */
function collector (network: MemoryNetwork, peer: string): OverlayMessage[] {
  const got: OverlayMessage[] = []
  network.serve(peer, async (link: OverlayLink) => {
    for await (const message of link.messages()) got.push(message)
  })
  return got
}

describe('overlay: results kept for a replay are bounded in bytes', () => {
  it(`${RESULTS} signed 65 KB results: at most ${DEFAULT_MAX_REPLAY_BYTES} bytes replayed, the rest named in the end`, async () => {
    const network = new MemoryNetwork()
    for (const peer of ['entry', 'up', 'relay']) network.addPeer(peer)
    const atEntry = collector(network, 'entry')
    const atUpstream = collector(network, 'up')
    const request: TraceRequest = await auth.signRequest({
      id: 'cd'.repeat(16),
      origin: 'origin',
      target: '198.18.255.1',
      probe: { method: 'icmp', maxHops: 255, firstHop: 1, queries: 10, waitMs: 1000 },
      initialHopBudget: 4,
      hopBudget: 3,
      deadline: Date.now() + 60_000,
      timestamp: Date.now(),
      entry: 'entry'
    })
    // The relay's link from its upstream: opened by 'relay' here only to have a link whose other end can die.
    const link = await network.transport('relay').open('up', new AbortController().signal)
    const controller = new AbortController()
    let notKept = 0
    const upstream = new Upstream({
      link,
      inbound: link.messages()[Symbol.asyncIterator](),
      request,
      self: 'relay',
      transport: network.transport('relay'),
      maxReplay: 20_000,
      maxReplayBytes: DEFAULT_MAX_REPLAY_BYTES,
      onNotKept: () => { notKept++ },
      onGone: (err) => { throw err },
      onSend: () => {}
    }, controller.signal)

    const sample = await bigResult(request.id, 'v0')
    const size = encodeMessage({ type: 'result', result: sample }).byteLength
    // The estimate the bound counts never falls below what the result takes on the wire.
    assert.ok(size > 64_000 && size <= 65_536, `a result of ${size} bytes`)
    assert.ok(wireBytes(sample) >= size, `estimated ${wireBytes(sample)} < encoded ${size}`)
    await upstream.send({ type: 'asked', asked: { requestId: request.id, by: 'relay', peers: ['below'] } }, controller.signal)
    for (let i = 0; i < RESULTS; i++) await upstream.send({ type: 'result', result: { ...sample, peer: `v${i}` } }, controller.signal)
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(atUpstream.filter((m) => m.type === 'result').length, RESULTS)

    network.kill('up')
    await upstream.send({ type: 'end', end: { requestId: request.id, failures: [] } }, controller.signal)
    await upstream.close(controller.signal)
    await new Promise((resolve) => setImmediate(resolve))

    const replayed = atEntry.flatMap((m) => m.type === 'result' ? [m.result] : [])
    const replayedBytes = replayed.reduce((sum, r) => sum + wireBytes(r), 0)
    const kept = Math.floor(DEFAULT_MAX_REPLAY_BYTES / wireBytes(sample))
    console.log(`      one result: ${size} bytes encoded, ${wireBytes(sample)} estimated; replayed ${replayed.length} results, ${replayedBytes} bytes; not kept ${notKept}`)
    assert.equal(atEntry[0]?.type, 'rejoin')
    assert.deepEqual(atEntry[1], { type: 'asked', asked: { requestId: request.id, by: 'relay', peers: ['below'] } })
    assert.equal(replayed.length, kept)
    assert.ok(replayedBytes <= DEFAULT_MAX_REPLAY_BYTES)
    assert.equal(notKept, RESULTS - kept)
    const end = atEntry.at(-1)
    assert.equal(end?.type, 'end')
    // The end names as many of them as one end carries, and still decodes at the entry (a frame of at most 64 KiB);
    // the others were named as asked, so the requester counts them as not answered.
    const failures = end?.type === 'end' ? end.end.failures : []
    assert.ok(end !== undefined && failures.length > 100 && failures.length < RESULTS - kept, `${failures.length} named`)
    assert.deepEqual(decodeMessage(encodeMessage(end)), end)
    assert.deepEqual(failures.map((f) => f.peer), Array.from({ length: failures.length }, (_, i) => `v${kept + i}`))
    assert.match(failures[0]?.reason ?? '', /^ERR_NOT_REPLAYED: its result went up through relay /)
    console.log(`      the end after the rejoin names ${failures.length} of them (${encodeMessage(end).byteLength} bytes)`)
  })
})
