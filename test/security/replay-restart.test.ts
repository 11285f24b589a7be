// Issue 14, item 9: a valid request replayed to a node after it restarts. The seen-id cache is memory only, so the
// node refuses every request signed before it started instead: the replay is answered ERR_INVALID_REQUEST and
// never measured, while a fresh request is served. Real libp2p on 127.0.0.1 (the same key and the same port before
// and after the restart), a prober that logs what it measures.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PeertraceNode } from '../../src/node/create-node.js'
import { streamLink } from '../../src/node/stream-link.js'
import type { LocalProber, OverlayMessage, TraceRequest } from '../../src/overlay/types.js'
import { TRACE_PROTOCOL } from '../../src/protocol/index.js'
import { LoopbackNet, fixedProber, signedRequest } from '../node/loopback-net.js'

const TTL_MS = 60_000
const ANSWER_TIMEOUT_MS = 10_000

describe('security: a request replayed after the node restarts (issue 14, item 9)', function () {
  this.timeout(60_000)
  const net = new LoopbackNet()
  after(async () => { await net.stop() })

  it('is refused, not measured again; a fresh request is served', async () => {
    const key = await generateKeyPair('Ed25519')
    const measured: string[] = []
    const probe = fixedProber(0)
    const prober: LocalProber = async (request, signal) => {
      measured.push(request.id)
      return await probe(request, signal)
    }
    const first = await net.add({ privateKey: key, prober })
    const port = Number(net.address(first, true).getComponents().find(c => c.name === 'tcp')?.value)
    const requester = await net.addClient()

    async function send (node: PeertraceNode, request: TraceRequest): Promise<OverlayMessage[]> {
      const connection = await requester.client.dial(net.address(node, true), { signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) })
      const stream = await connection.newStream(TRACE_PROTOCOL, { signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) })
      const link = streamLink(stream, node.peerId.toString())
      await link.send({ type: 'request', request })
      const read: OverlayMessage[] = []
      for await (const message of link.messages()) read.push(message)
      await link.close()
      return read
    }

    const original = await signedRequest(requester.auth, 0, TTL_MS)
    const served = await send(first, original)
    assert.deepEqual(served.map(m => m.type), ['result', 'end'])
    assert.deepEqual(measured, [original.id])

    await first.stop()
    // The requester forgets the old connection, as a new process would.
    await requester.client.hangUp(first.peerId)
    const again = await net.add({ privateKey: key, prober, port })
    assert.equal(again.peerId.toString(), first.peerId.toString())
    const replayed = await send(again, original)
    assert.deepEqual(replayed, [{
      type: 'end',
      end: {
        requestId: original.id,
        failures: [{
          peer: again.peerId.toString(),
          reason: 'ERR_INVALID_REQUEST: timestamp is before this peer started (a copy it may have served before a restart)'
        }]
      }
    }] satisfies OverlayMessage[])
    assert.deepEqual(measured, [original.id], 'the replay was not measured')

    const fresh = await signedRequest(requester.auth, 0, TTL_MS)
    assert.deepEqual((await send(again, fresh)).map(m => m.type), ['result', 'end'])
    assert.deepEqual(measured, [original.id, fresh.id])
  })
})
