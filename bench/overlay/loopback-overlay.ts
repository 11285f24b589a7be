// An overlay of real peertrace nodes (libp2p over TCP, membership, the trace service) in this process on
// 127.0.0.1, each probing with a fixed-delay fake prober, so what is timed is the overlay and nothing else.
// Node i joins through a random earlier node (seeded), as an overlay grown one peer at a time would.

import { setTimeout as delay } from 'node:timers/promises'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Multiaddr } from '@multiformats/multiaddr'
import { createPeertraceNode, type PeertraceNode } from '../../src/node/create-node.js'
import { DEFAULT_MIN_NEIGHBOURS } from '../../src/node/constants.js'
import type { FloodCounters } from '../../src/overlay/index.js'
import type { LocalProber } from '../../src/overlay/types.js'
import { seededRandom } from '../../test/random/seeded-random.js'
import { LOOPBACK_LISTEN, fakeTrace } from '../../test/node/loopback-net.js'
import { waitFor } from '../../test/node/wait-for.js'
import { overlayGraph, type OverlayGraph } from './graph.js'

/** Answers after exactly `delayMs` (or when the flood cuts it off) with the fake trace of peer `index`. */
function fixedDelayProber (index: number, delayMs: number): LocalProber {
  return async (request, signal) => {
    await delay(delayMs, undefined, { signal })
    return { trace: fakeTrace(index, request.target) }
  }
}

export class LoopbackOverlay {
  readonly nodes: PeertraceNode[] = []

  /** Starts `count` nodes; resolves once every node has its minimum degree and every node reaches every other. */
  static async start (count: number, probeDelayMs: number, seed: number, timeoutMs: number): Promise<LoopbackOverlay> {
    const overlay = new LoopbackOverlay()
    const random = seededRandom(seed)
    try {
      for (let i = 0; i < count; i++) {
        const through = i === 0 ? [] : [overlay.address(Math.floor(random() * i))]
        overlay.nodes.push(await createPeertraceNode({
          privateKey: await generateKeyPair('Ed25519'),
          listen: [LOOPBACK_LISTEN],
          name: `peer-${i}`,
          prober: fixedDelayProber(i, probeDelayMs),
          bootstrap: through
        }))
      }
      const minDegree = Math.min(DEFAULT_MIN_NEIGHBOURS, count - 1)
      await waitFor(() => overlay.degrees().every(d => d >= minDegree) && overlay.graph().connected, {
        timeoutMs,
        what: `every node to have ${minDegree} neighbours and the overlay to be connected`,
        state: () => `degrees ${overlay.degrees().join(',')}`
      })
      return overlay
    } catch (err) {
      await overlay.stop()
      throw err
    }
  }

  /** Node `index`'s full listen address (with /p2p/<id>). */
  address (index: number): Multiaddr {
    const node = this.nodes[index]
    const addr = node?.getMultiaddrs()[0]
    if (node === undefined || addr === undefined) throw new Error(`node ${index} has no listen address`)
    if (!addr.toString().startsWith('/ip4/127.0.0.1/')) throw new Error(`node ${index} listens on ${addr.toString()}, not loopback`)
    return addr
  }

  addresses (): Multiaddr[] {
    return this.nodes.map((_, i) => this.address(i))
  }

  degrees (): number[] {
    return this.nodes.map(node => node.services.membership.neighbours().length)
  }

  /** The overlay as the flood sees it now: every node's overlay neighbours. */
  graph (): OverlayGraph {
    return overlayGraph(this.nodes.map(node => ({
      id: node.peerId.toString(),
      neighbours: node.services.membership.neighbours()
    })))
  }

  /** The flood counters summed over every node. */
  totals (): FloodCounters {
    const sum: Record<string, number> = {}
    for (const node of this.nodes) {
      for (const [key, value] of Object.entries(node.services.trace.flood.counters)) sum[key] = (sum[key] ?? 0) + value
    }
    return sum as unknown as FloodCounters
  }

  /** Fails unless every connection of every node is on 127.0.0.1. */
  assertLoopbackOnly (): void {
    for (const node of this.nodes) {
      for (const connection of node.getConnections()) {
        const remote = connection.remoteAddr.toString()
        if (!remote.startsWith('/ip4/127.0.0.1/')) throw new Error(`a connection to ${remote}`)
      }
    }
  }

  /** Stops every node, even when some fail to stop. */
  async stop (): Promise<void> {
    await Promise.allSettled(this.nodes.map(async node => { await node.stop() }))
    this.nodes.length = 0
  }
}
