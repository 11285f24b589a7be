// The overlay as a graph, from each peer's list of overlay neighbours: its edges (what the flood's message count is
// measured against) and the depths a flood from one entry reaches peers at (what its time and relaying grow with).

import { distancesFrom, randomConnectedGraph } from '../../test/overlay/topology.js'
import { seededRandom } from '../../test/random/seeded-random.js'

export interface PeerNeighbours {
  id: string
  neighbours: string[]
}

export interface OverlayGraph {
  peers: number
  /** Undirected peer-to-peer edges: a pair counts once, whichever side lists the other. */
  edges: number
  meanDegree: number
  /** Every peer reaches every other over the edges. */
  connected: boolean
  /** Hop depth of every peer from `entry` (the entry at 0); peers it cannot reach are missing. */
  depthsFrom: (entry: string) => Map<string, number>
}

export function overlayGraph (peers: PeerNeighbours[]): OverlayGraph {
  const ids = new Set(peers.map(peer => peer.id))
  const adjacent = new Map<string, Set<string>>([...ids].map(id => [id, new Set<string>()]))
  for (const { id, neighbours } of peers) {
    for (const other of neighbours) {
      if (!ids.has(other) || other === id) continue
      adjacent.get(id)?.add(other)
      adjacent.get(other)?.add(id)
    }
  }
  const edges = [...adjacent.values()].reduce((sum, set) => sum + set.size, 0) / 2
  const depthsFrom = (entry: string): Map<string, number> => {
    const depth = new Map([[entry, 0]])
    const queue = [entry]
    for (let head = 0; head < queue.length; head++) {
      const at = queue[head] as string
      for (const next of adjacent.get(at) ?? []) {
        if (!depth.has(next)) {
          depth.set(next, (depth.get(at) as number) + 1)
          queue.push(next)
        }
      }
    }
    return depth
  }
  const first = peers[0]?.id
  return {
    peers: ids.size,
    edges,
    meanDegree: ids.size === 0 ? 0 : (2 * edges) / ids.size,
    connected: first === undefined || depthsFrom(first).size === ids.size,
    depthsFrom
  }
}

/** The flood's shape from one entry: how deep it goes, and the sum of depths (each result is relayed that often). */
export function floodShape (graph: OverlayGraph, entry: string): { maxDepth: number, depthSum: number, reached: number } {
  const depths = [...graph.depthsFrom(entry).values()]
  return {
    maxDepth: Math.max(0, ...depths),
    depthSum: depths.reduce((a, b) => a + b, 0),
    reached: depths.length
  }
}

/**
 * For comparison: the flood depth from each of `entries` peers in a uniformly random connected graph with the same
 * number of peers and edges (the simulation's graphs), as a sorted list.
 */
export function randomGraphDepths (peers: number, edges: number, entries: number, seed: number): number[] {
  const graph = randomConnectedGraph(peers, (2 * edges) / peers, seededRandom(seed))
  return Array.from({ length: entries }, (_, i) => Math.max(...distancesFrom(peers, graph, Math.floor((i + 0.5) * peers / entries))))
    .sort((a, b) => a - b)
}
