// Issue 14, item 1: a requester fills every peer's flood slots with cheap requests. Forty signed requests through
// one connection, from eight fresh keys, to a target that never answers (the probe runs to the peer's cut-off),
// used to take all 32 slots of the entry peer and of every peer behind it, so honest traces entering elsewhere
// got ERR_BUSY. With fair shares at every relay, one client connection holds at most a quarter of a peer's slots,
// one overlay neighbour half, one origin an eighth: the entry and both peers behind it keep 24 slots free, and
// honest traces entering at any peer, the attacker's entry included, are answered by every peer. Real libp2p on
// 127.0.0.1, fake probers.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Libp2p } from '@libp2p/interface'
import { streamLink } from '../../src/node/stream-link.js'
import type { PeertraceNode } from '../../src/node/create-node.js'
import { originate, type OverlayLink, type LocalProber } from '../../src/overlay/index.js'
import { DEFAULT_MAX_CONCURRENT_FLOODS } from '../../src/overlay/constants.js'
import { KeyAuthenticator, TRACE_PROTOCOL } from '../../src/protocol/index.js'
import { LoopbackNet, collectTrace, fakeTrace, signedRequest, vantages } from '../node/loopback-net.js'
import { waitFor } from '../node/wait-for.js'

const ATTACK_KEYS = 8
const REQUESTS_PER_KEY = 5
const ATTACKS = ATTACK_KEYS * REQUESTS_PER_KEY
/** The silent target: the fake prober waits for its stop signal, as the engine does for a target that never answers. */
const SILENT = '198.51.100.66'
const HONEST = '198.51.100.7'
const FORMATION_MS = 30_000
const SETTLE_MS = 20_000
const ATTACK_TTL_MS = 90_000

/** Answers the honest target at once; holds the silent one until the flood tells the probe to stop. */
function prober (index: number): LocalProber {
  return async (request, signal) => {
    if (request.target === SILENT) {
      await new Promise<void>((resolve) => { signal.addEventListener('abort', () => { resolve() }, { once: true }) })
    }
    return { trace: fakeTrace(index, request.target) }
  }
}

describe('security: an overlay-wide lockout by cheap requests (issue 14, item 1)', function () {
  this.timeout(180_000)
  const net = new LoopbackNet()
  const attackLinks: OverlayLink[] = []

  after(async () => {
    for (const link of attackLinks) link.abort(new Error('test over'))
    await net.stop()
  })

  async function honestTrace (client: Libp2p, auth: KeyAuthenticator, entryNode: PeertraceNode): Promise<{ peers: string[], failed: string[] }> {
    const connection = await client.dial(net.address(entryNode, true))
    const entry = connection.remotePeer.toString()
    const request = await signedRequest(auth, 2, 20_000, { target: HONEST })
    const { results, summary } = await collectTrace(originate({
      self: auth.self,
      neighbours: () => [entry],
      open: async (peer, signal) => streamLink(await client.dialProtocol(connection.remotePeer, TRACE_PROTOCOL, { signal }), peer)
    }, [entry], request, auth, AbortSignal.timeout(30_000)))
    return { peers: vantages(results), failed: summary.failed.map(f => `${f.peer}: ${f.reason}`) }
  }

  it('leaves every peer slots for honest traces entering anywhere', async () => {
    // A is the attacker's entry peer; B and C sit behind it and neighbour each other.
    for (let i = 0; i < 3; i++) {
      await net.add({ prober: prober(i), bootstrap: i === 0 ? [] : [net.address(net.at(0), true)] })
    }
    await net.waitForDegree(2, FORMATION_MS)
    const [a, b, c] = net.nodes as [PeertraceNode, PeertraceNode, PeertraceNode]
    const attacker = await net.addClient()
    const connection = await attacker.client.dial(net.address(a, true))

    // Forty requests, eight fresh keys, one connection: each stream is left open (the flood holds its slot).
    const keys = await Promise.all(Array.from({ length: ATTACK_KEYS }, async () => new KeyAuthenticator(await generateKeyPair('Ed25519'))))
    for (let i = 0; i < ATTACKS; i++) {
      const request = await signedRequest(keys[i % ATTACK_KEYS]!, 2, ATTACK_TTL_MS, { target: SILENT })
      const link = streamLink(await attacker.client.dialProtocol(connection.remotePeer, TRACE_PROTOCOL), a.peerId.toString())
      attackLinks.push(link)
      await link.send({ type: 'request', request })
    }
    const counters = (node: PeertraceNode) => node.services.trace.flood.counters
    const handled = (): number => counters(a).floodsServed + counters(a).requestsRateLimited + counters(a).requestsBusy
    await waitFor(() => handled() >= ATTACKS, { timeoutMs: SETTLE_MS, what: 'the entry to answer every attack request', state: () => `${handled()}` })
    const share = DEFAULT_MAX_CONCURRENT_FLOODS / 4
    const active = (): number[] => [a, b, c].map(node => node.services.trace.flood.activeFloods)
    // The attacker's connection is a client of A: a quarter of A's slots; A hands them on to B and C, where A's share is half.
    await waitFor(() => active().every(n => n === share), { timeoutMs: SETTLE_MS, what: 'the attack floods to settle', state: () => active().join(',') })
    assert.equal(counters(a).floodsServed, share)
    assert.equal(counters(a).requestsRateLimited + counters(a).requestsBusy, ATTACKS - share)
    console.log(`      attack floods held: ${active().join(', ')} of ${DEFAULT_MAX_CONCURRENT_FLOODS} slots at A, B, C`)

    // Honest requesters entering at C, at B and at the attacker's own entry: every peer answers, nothing fails.
    const honest = await net.addClient()
    for (const entry of [c, b, a]) {
      const outcome = await honestTrace(honest.client, honest.auth, entry)
      assert.deepEqual(outcome, { peers: net.ids().sort(), failed: [] })
    }
    assert.deepEqual(active(), [share, share, share], 'the attack floods still run')
  })
})
