// Loopback nodes (test/node/loopback-net.ts) whose fake prober also records every request it is asked to measure,
// so a test can say exactly how often each node measured what: replays and forgeries must not reach the prober.

import '../../src/polyfill.js'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { createPeertraceNode, type PeertraceNode } from '../../src/node/create-node.js'
import type { Multiaddr } from '@multiformats/multiaddr'
import { LOOPBACK_LISTEN, fixedProber, type LoopbackNet } from '../node/loopback-net.js'

/** Per node (by index), the ids of the requests its prober ran, in order. */
export type ProbeLog = string[][]

/** One more node in `net`, named and probing like LoopbackNet.add()'s, its prober calls logged in `log`. */
async function addCountingNode (net: LoopbackNet, log: ProbeLog, bootstrap: Multiaddr[] = []): Promise<PeertraceNode> {
  const index = net.nodes.length
  const calls: string[] = []
  log[index] = calls
  const probe = fixedProber(index)
  const node = await createPeertraceNode({
    privateKey: await generateKeyPair('Ed25519'),
    listen: [LOOPBACK_LISTEN],
    name: `peer-${index}`,
    prober: async (request, signal) => {
      calls.push(request.id)
      return await probe(request, signal)
    },
    bootstrap
  })
  // LoopbackNet stops, addresses and measures whatever is in its list.
  net.nodes.push(node)
  return node
}

/** `count` counting nodes, each joining through the one before; resolves once each neighbours all the others. */
export async function addCountingMesh (net: LoopbackNet, log: ProbeLog, count: number, timeoutMs: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await addCountingNode(net, log, i === 0 ? [] : [net.address(net.at(net.nodes.length - 1), true)])
  }
  await net.waitForDegree(count - 1, timeoutMs)
}
