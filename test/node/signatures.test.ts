// Signatures end to end over libp2p: a result altered in transit (here between the entry node and the requester)
// fails its check at the requester, is counted unverified and never shown; the others arrive intact.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import type { Libp2p } from '@libp2p/interface'
import { streamLink } from '../../src/node/stream-link.js'
import { originate } from '../../src/overlay/index.js'
import type { OverlayLink, OverlayMessage, OverlayTransport } from '../../src/overlay/types.js'
import { type KeyAuthenticator, TRACE_PROTOCOL } from '../../src/protocol/index.js'
import { LoopbackNet, TARGET, assertFakeTraces, collectTrace, signedRequest, vantages } from './loopback-net.js'

const NODES = 3
const HOP_BUDGET = 4
const TTL_MS = 20_000
const MESH_TIMEOUT_MS = 30_000
const FORGED_HOP = '198.51.100.66'

/** The link with the first result of `victim` altered on its way in: its first hop's address replaced. */
function tampering (link: OverlayLink, victim: string, tally: { altered: number }): OverlayLink {
  return {
    remote: link.remote,
    send: async (message) => { await link.send(message) },
    close: async () => { await link.close() },
    abort: (err) => { link.abort(err) },
    messages: async function * (): AsyncGenerator<OverlayMessage> {
      for await (const message of link.messages()) {
        if (message.type !== 'result' || message.result.peer !== victim || tally.altered > 0) {
          yield message
          continue
        }
        const { result } = message
        const [first, ...rest] = result.trace?.hops ?? []
        assert.ok(result.trace !== undefined && first !== undefined && first.addr !== FORGED_HOP)
        tally.altered++
        yield { type: 'result', result: { ...result, trace: { ...result.trace, hops: [{ ...first, addr: FORGED_HOP }, ...rest] } } }
      }
    }
  }
}

describe('node: result signatures end to end', function () {
  const net = new LoopbackNet()
  let client: Libp2p | undefined
  let auth: KeyAuthenticator

  before(async function () {
    await net.addMesh(NODES, MESH_TIMEOUT_MS)
    const requester = await net.addClient()
    client = requester.client
    auth = requester.auth
  })

  after(async () => { await net.stop() })

  /** One trace entering at node 0, every link to it passed through tampering() for `victim`. */
  async function traceWithTamperedResult (victim: string): Promise<Awaited<ReturnType<typeof collectTrace>> & { altered: number }> {
    const entry = net.at(0)
    const connection = await client!.dial(net.address(entry, true), { signal: AbortSignal.timeout(TTL_MS) })
    const tally = { altered: 0 }
    const transport: OverlayTransport = {
      self: auth.self,
      neighbours: () => [entry.peerId.toString()],
      open: async (peer, signal) => {
        const stream = await client!.dialProtocol(connection.remotePeer, TRACE_PROTOCOL, { signal })
        return tampering(streamLink(stream, peer), victim, tally)
      }
    }
    const request = await signedRequest(auth, HOP_BUDGET, TTL_MS)
    const collected = await collectTrace(originate(transport, [entry.peerId.toString()], request, auth, AbortSignal.timeout(TTL_MS)))
    return { ...collected, altered: tally.altered }
  }

  for (const [where, index] of [['a node behind the entry', 2], ['the entry node itself', 0]] as const) {
    it(`drops the altered result of ${where} at the requester: unverified 1, that result absent`, async function () {
      const victim = net.at(index).peerId.toString()
      const served = net.counters(net.at(index)).floodsServed
      const { results, summary, altered } = await traceWithTamperedResult(victim)

      assert.equal(altered, 1, 'the victim\'s result came through the tampering link once')
      assert.equal(net.counters(net.at(index)).floodsServed, served + 1, 'the victim did answer')
      assert.deepEqual(vantages(results), net.ids().filter(id => id !== victim).sort())
      assert.ok(results.every(result => result.trace?.hops.every(hop => hop.addr !== FORGED_HOP)))
      assertFakeTraces(results, TARGET)
      assert.equal(summary.unverified, 1)
      assert.equal(summary.answered, NODES - 1)
      // It was asked and no valid result of it came back: failed, saying why.
      assert.deepEqual(summary.failed.map(f => f.peer), [victim])
      assert.match(summary.failed[0].reason, /^ERR_UNVERIFIED: /)
      // The relays saw only genuine results: nothing was dropped inside the overlay.
      assert.equal(net.totals().resultsDropped, 0)
    })
  }
})
