// A client whose entry drops the connection right after the handshake. Noise's initiator finishes one message before
// the responder: the client's dial has returned when the entry, its event loop late, runs out its inbound upgrade
// timeout (INBOUND_UPGRADE_TIMEOUT_MS) and aborts the connection; the client's first stream then reads EOF.
// Seen as `closed the connection: Unexpected EOF - stream closed while reading 0/1 bytes` in
// test/security/many-neighbours.test.ts under load (71 nodes in one event loop). The same drop, made on demand here:
// the entry's gater refuses the client's connection once its handshake is done (noise's last message received), as
// its --allow-peer gater does. Real libp2p over TCP on 127.0.0.1.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import type { ConnectionGater, PeerId } from '@libp2p/interface'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { traceThroughPeer } from '../../src/node/client/trace-client.js'
import { CLIENT_DIAL_ATTEMPTS } from '../../src/node/constants.js'
import { PeerUnreachableError } from '../../src/node/errors.js'
import type { PeertraceNode } from '../../src/node/create-node.js'
import { LoopbackNet, PROBE, TARGET, assertFakeTraces, collectTrace, vantages } from './loopback-net.js'

const TRACE_TIMEOUT_MS = 10_000

/**
 * Makes `node` drop the first `drops` connections of `client` once their handshake is done; counts every one of
 * them. libp2p asks the gater it was given through its components (the upgrader reads the hook at each connection).
 */
function dropAfterHandshake (node: PeertraceNode, client: PeerId, drops: number): { seen: () => number } {
  const gater = (node as unknown as { components: { connectionGater: ConnectionGater } }).components.connectionGater
  const own = gater.denyInboundEncryptedConnection
  let seen = 0
  gater.denyInboundEncryptedConnection = async (peer, maConn) => {
    if (peer.equals(client)) {
      seen++
      if (seen <= drops) return true
    }
    return await own?.call(gater, peer, maConn) ?? false
  }
  return { seen: () => seen }
}

describe('node: the entry drops the client\'s connection right after the handshake', function () {
  this.timeout(60_000)
  const net = new LoopbackNet()
  let entry: PeertraceNode

  before(async () => {
    entry = await net.add()
  })

  after(async () => { await net.stop() })

  it('once: the client dials again and the trace is answered', async () => {
    const key = await generateKeyPair('Ed25519')
    const drops = dropAfterHandshake(entry, peerIdFromPrivateKey(key), 1)
    const { results, summary } = await collectTrace(traceThroughPeer({
      entry: net.address(entry, true), target: TARGET, probe: PROBE, timeoutMs: TRACE_TIMEOUT_MS, privateKey: key
    }))
    assert.equal(drops.seen(), 2)
    assert.deepEqual(vantages(results), net.ids())
    assertFakeTraces(results, TARGET)
    assert.equal(summary.answered, 1)
    assert.deepEqual(summary.failed, [])
  })

  it(`every time: after ${CLIENT_DIAL_ATTEMPTS} dials, one line that names the entry and the likely cause`, async () => {
    const key = await generateKeyPair('Ed25519')
    const client = peerIdFromPrivateKey(key)
    const drops = dropAfterHandshake(entry, client, Infinity)
    const entryAddress = net.address(entry, true).toString()
    await assert.rejects(collectTrace(traceThroughPeer({
      entry: net.address(entry, true), target: TARGET, probe: PROBE, timeoutMs: TRACE_TIMEOUT_MS, privateKey: key
    })), (err: unknown) => {
      assert.ok(err instanceof PeerUnreachableError, String(err))
      assert.match(err.message, new RegExp(`^${entryAddress} closed the connection: .+ \\(does its --allow-peer list this client, ${client.toString()}\\? see --identity\\)$`))
      return true
    })
    assert.equal(drops.seen(), CLIENT_DIAL_ATTEMPTS)
  })
})
