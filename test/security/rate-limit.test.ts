// A burst of 1000 signed requests from one requester: the first hop admits its per-origin budget and answers every
// other one "rate limited" without probing or forwarding it; a legitimate trace from another requester at the same
// moment completes; the node's memory stays bounded. Real libp2p on 127.0.0.1, fake probers.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Admission } from '../../src/node/policy/admission.js'
import { streamLink } from '../../src/node/stream-link.js'
import { originate, type TraceEnd } from '../../src/overlay/index.js'
import { TRACE_PROTOCOL } from '../../src/protocol/index.js'
import { collectTrace, LoopbackNet, signedRequest } from '../node/loopback-net.js'

const BURST = 1000
const PER_ORIGIN = 10
// Ten requests in flight from the one connection: the burst arrives as fast as the node answers. (With many more,
// libp2p's own per-connection stream limits reset the attacker's streams before they reach the flood.)
const IN_FLIGHT = 10
const FORMATION_MS = 30_000

/** A real collection before each heap reading, so the growth measured is what the node keeps. */
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

describe('rate limits: a burst of requests from one origin', function () {
  this.timeout(180_000)
  const net = new LoopbackNet()

  after(async () => { await net.stop() })

  it('is cut at the first hop to its per-origin budget, not relayed past it, while another requester is served', async () => {
    // A is the first hop; B and C sit behind it.
    // The ten in flight fit the requester's share of each peer's slots (security/overlay-lockout tests the shares).
    const a = await net.add({ admission: new Admission({ tracesPerOriginPerMinute: PER_ORIGIN }), tracesPerRequesterAtOnce: IN_FLIGHT })
    await net.add({ bootstrap: [net.address(a, true)], tracesPerRequesterAtOnce: IN_FLIGHT })
    await net.add({ bootstrap: [net.address(a, true)], tracesPerRequesterAtOnce: IN_FLIGHT })
    await net.waitForDegree(2, FORMATION_MS)
    const [, b, c] = net.nodes
    const attacker = await net.addClient()
    const honest = await net.addClient()
    await attacker.client.dial(net.address(a, true))
    gc()
    const heapBefore = process.memoryUsage().heapUsed

    const outcomes = { admitted: 0, limited: 0, other: [] as string[] }
    const one = async (): Promise<void> => {
      try {
        await oneRequest()
      } catch (err) {
        outcomes.other.push(String(err))
      }
    }
    const oneRequest = async (): Promise<void> => {
      const request = await signedRequest(attacker.auth, 2, 20_000)
      const stream = await attacker.client.dialProtocol(a.peerId, TRACE_PROTOCOL)
      const link = streamLink(stream, a.peerId.toString())
      await link.send({ type: 'request', request })
      let results = 0
      let end: TraceEnd | undefined
      for await (const message of link.messages()) {
        if (message.type === 'result') results++
        if (message.type === 'end') end = message.end
      }
      await link.close()
      const limited = end?.failures.some(f => f.peer === a.peerId.toString() && /^ERR_RATE_LIMITED: rate limited/.test(f.reason))
      if (limited === true && results === 0) outcomes.limited++
      else if (results === 3 && end?.failures.length === 0) outcomes.admitted++
      else outcomes.other.push(JSON.stringify({ results, end }))
    }
    // The burst, IN_FLIGHT at a time, and an honest trace through the same node in the middle of it.
    let next = 0
    const workers = Array.from({ length: IN_FLIGHT }, async () => {
      while (next < BURST) {
        next++
        await one()
      }
    })
    const honestTrace = (async () => {
      const connection = await honest.client.dial(net.address(a, true))
      const entry = connection.remotePeer.toString()
      const request = await signedRequest(honest.auth, 2, 20_000)
      return await collectTrace(originate({
        self: honest.auth.self,
        neighbours: () => [entry],
        open: async (peer, signal) => streamLink(await honest.client.dialProtocol(connection.remotePeer, TRACE_PROTOCOL, { signal }), peer)
      }, [entry], request, honest.auth, AbortSignal.timeout(30_000)))
    })()
    await Promise.all(workers)
    const { results, summary } = await honestTrace

    assert.deepEqual(outcomes, { admitted: PER_ORIGIN, limited: BURST - PER_ORIGIN, other: [] })
    assert.equal(net.counters(a).requestsRateLimited, BURST - PER_ORIGIN)
    // Not relayed past the limit: B and C served the admitted floods (and the honest one), nothing more.
    assert.equal(net.counters(b).floodsServed, PER_ORIGIN + 1)
    assert.equal(net.counters(c).floodsServed, PER_ORIGIN + 1)
    assert.equal(results.length, 3)
    assert.deepEqual(summary.failed, [])

    gc()
    const growthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024
    // Bounded, not zero: the seen-id cache and rate tables hold entries. Printed for docs/security.md.
    console.log(`      heap growth after ${BURST} requests: ${growthMb.toFixed(1)} MiB`)
    assert.ok(growthMb < 32, `heap grew ${growthMb.toFixed(1)} MiB`)
  })
})
