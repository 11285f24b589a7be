// Issue 14, item 6, with real nodes: a neighbour answers every peer-exchange round with 32 fresh peer ids, all at
// one socket (here a TCP server of the test's on 127.0.0.1 that counts the connections it gets). It made the victim
// open 177 connections to that socket in 60 s and grew its peer store past its bound. Now the victim keeps at most
// 2 ids per socket and dials a neighbour's never-connected suggestions at most 12 times a minute; this test measures
// what the victim does under the attack and that honest traces through it are answered by every peer meanwhile.
// Real libp2p on 127.0.0.1 (four nodes, one of them answering peer exchange with the attack), fake probers.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { createServer, type Server, type Socket } from 'node:net'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Connection, Stream } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { DEFAULT_SUGGESTED_DIALS_PER_MINUTE } from '../../src/node/membership/constants.js'
import { traceThroughPeer } from '../../src/node/client/trace-client.js'
import * as pb from '../../src/protocol/pb/peers.js'
import { LoopbackNet, PROBE, TARGET, collectTrace, vantages } from '../node/loopback-net.js'
import { waitFor } from '../node/wait-for.js'

const FRESH_IDS_PER_ROUND = 32
/** The attack lasts at least this long (the dial limit is per minute) and ROUNDS rounds. */
const ATTACK_MIN_MS = 61_000
const ROUNDS = 12
/** Rounds between two honest traces. */
const ROUNDS_PER_TRACE = 5
const EXCHANGE_MS = 500
const FORMATION_MS = 30_000
const ATTACK_MS = 120_000
const KNOWN_PEERS_BOUND = 512

describe('security: a neighbour suggesting fresh ids at one socket (issue 14, item 6)', function () {
  this.timeout(240_000)
  const net = new LoopbackNet()
  let server: Server
  const sockets = new Set<Socket>()
  let dialled = 0

  before(async () => {
    server = createServer((socket) => {
      dialled++
      sockets.add(socket)
      socket.on('close', () => { sockets.delete(socket) })
      socket.destroy()
    })
    await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
  })

  after(async () => {
    await net.stop()
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => { server.close(() => { resolve() }) })
  })

  it(`the victim dials the socket at most ${DEFAULT_SUGGESTED_DIALS_PER_MINUTE} times a minute, and honest traces through it are answered by every peer`, async () => {
    const victim = await net.add({ membership: { exchangeIntervalMs: EXCHANGE_MS } })
    for (let i = 1; i < 4; i++) await net.add({ bootstrap: [net.address(victim, true)], membership: { exchangeIntervalMs: EXCHANGE_MS } })
    await net.waitForDegree(3, FORMATION_MS)
    const hostile = net.at(1)
    const port = (server.address() as { port: number }).port
    const socketAddr = multiaddr(`/ip4/127.0.0.1/tcp/${port}`).bytes
    let rounds = 0
    const membership = hostile.services.membership as unknown as { serveExchange: (stream: Stream, connection: Connection) => Promise<void> }
    const honestly = membership.serveExchange.bind(membership)
    const victimId = victim.peerId.toString()
    // Only the victim is attacked, so every connection the socket gets is the victim's dial.
    membership.serveExchange = async (stream, connection) => {
      if (connection.remotePeer.toString() !== victimId) {
        await honestly(stream, connection)
        return
      }
      const peers = await Promise.all(Array.from({ length: FRESH_IDS_PER_ROUND }, async () => ({
        id: peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString(),
        addrs: [socketAddr]
      })))
      try {
        await lpStream(stream).write(pb.PeerList.encode({ peers }))
        await stream.close()
        rounds++
      } catch (err) {
        stream.abort(err as Error)
      }
    }

    const started = performance.now()
    const outcomes: string[] = []
    const everyone = net.ids().sort()
    // An honest trace through the victim every ROUNDS_PER_TRACE rounds of the attack, for a minute at least.
    while (rounds < ROUNDS || performance.now() - started < ATTACK_MIN_MS) {
      const before = rounds
      const { results, summary } = await collectTrace(traceThroughPeer({
        entry: net.address(victim, true), target: TARGET, probe: PROBE, timeoutMs: 20_000
      }))
      outcomes.push(summary.failed.length === 0 && vantages(results).join() === everyone.join() ? 'served' : JSON.stringify(summary.failed))
      await waitFor(() => rounds >= before + ROUNDS_PER_TRACE, { timeoutMs: ATTACK_MS, what: 'the victim to ask the hostile neighbour again' })
    }
    const elapsedS = (performance.now() - started) / 1000
    const peerStore = (await victim.peerStore.all()).length
    const served = outcomes.filter((o) => o === 'served').length
    console.log(`      ${rounds} rounds of ${FRESH_IDS_PER_ROUND} fresh ids in ${elapsedS.toFixed(1)} s: the victim dialled the socket ${dialled} times, ` +
      `its peer store holds ${peerStore}; honest traces answered by all ${everyone.length} peers: ${served}/${outcomes.length}`)
    assert.deepEqual(outcomes.filter((o) => o !== 'served'), [])
    assert.ok(dialled <= DEFAULT_SUGGESTED_DIALS_PER_MINUTE * Math.ceil(elapsedS / 60), `${dialled} dials in ${elapsedS} s`)
    assert.ok(peerStore <= KNOWN_PEERS_BOUND, `${peerStore} peers stored`)
  })
})
