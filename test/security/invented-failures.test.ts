// Issue 14, item 5: a hostile overlay neighbour answers every flood with an end naming 600 invented peers failed.
// They were merged and shown in the requester's summary. Now a failure is kept only from whoever can have seen it
// (the link's own peer, or peers named as asked over that link), so none of them reaches the summary, while every
// honest peer answers within the deadline. Real libp2p on 127.0.0.1 (four nodes, one of them the hostile one, its
// flood handler replaced by the attack), fake probers, the real trace client.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { traceThroughPeer } from '../../src/node/client/trace-client.js'
import type { OverlayLink, TraceRequest } from '../../src/overlay/index.js'
import { LoopbackNet, PROBE, TARGET, assertFakeTraces, collectTrace, vantages } from '../node/loopback-net.js'

const INVENTED = 600
const FORMATION_MS = 30_000
const TRACE_TIMEOUT_MS = 20_000

describe('security: a neighbour\'s end with invented failures (issue 14, item 5)', function () {
  this.timeout(90_000)
  const net = new LoopbackNet()

  before(async () => {
    await net.addMesh(4, FORMATION_MS)
    // Node 1 turns hostile: whatever flood reaches it, it answers at once with an end naming 600 made-up peers.
    const flood = net.at(1).services.trace.flood as unknown as { handle: (link: OverlayLink) => Promise<void> }
    flood.handle = async (link) => {
      let request: TraceRequest | undefined
      for await (const message of link.messages()) {
        if (message.type === 'request') request = message.request
        break
      }
      if (request === undefined) return
      const failures = Array.from({ length: INVENTED }, (_, i) => ({ peer: `12D3KooWinvented${String(i).padStart(36, '0')}`, reason: 'ERR_NO_ANSWER: made up' }))
      await link.send({ type: 'end', end: { requestId: request.id, failures } })
      await link.close()
    }
  })

  after(async () => { await net.stop() })

  it(`none of the ${INVENTED} invented failures reaches the summary; every honest peer answers`, async () => {
    const hostile = net.at(1).peerId.toString()
    const honest = net.ids().filter((id) => id !== hostile).sort()
    const { results, summary } = await collectTrace(traceThroughPeer({
      entry: net.address(net.at(0), true), target: TARGET, probe: PROBE, timeoutMs: TRACE_TIMEOUT_MS
    }))
    const invented = summary.failed.filter((f) => f.peer.includes('invented')).length
    console.log(`      honest peers answered: ${summary.answered}/${honest.length}; failed: ${summary.failed.length}, of them invented: ${invented}`)
    assert.deepEqual(vantages(results), honest)
    assertFakeTraces(results, TARGET)
    assert.equal(summary.answered, honest.length)
    assert.equal(invented, 0)
    // The hostile node itself sent no result: it was asked, so it is named, and only it.
    assert.deepEqual(summary.failed.map((f) => f.peer), [hostile])
    assert.equal(summary.incomplete, undefined)
  })
})
