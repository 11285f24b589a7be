// Computes every node's routes: for each destination (a link's subnet, or a routed prefix) the equal-cost next hops
// along shortest paths; a loop prefix's own router sends it back to its neighbour. The same tables are installed in the kernel and walked for the ground
// truth, so what the harness claims and what Linux does cannot drift apart.

import type { Topology, TopologyLink, TopologyNode } from './topology.js'
import { nodeOf, peerOf } from './topology.js'

/** Where a route leads: a link's subnet (connected to both ends) or a routed prefix (by its index). */
export type Destination =
  | { kind: 'link', link: number }
  | { kind: 'prefix', prefix: number }

export interface NextHop {
  link: TopologyLink
  /** The neighbour on that link that the packet is handed to. */
  via: string
}

export class RoutingTable {
  private readonly topology: Topology
  /** Per destination key, hop count from each node that can reach it through forwarding routers. */
  private readonly distances = new Map<string, Map<string, number>>()

  constructor (topology: Topology) {
    this.topology = topology
    for (const destination of this.destinations()) {
      this.distances.set(keyOf(destination), this.distancesTo(destination))
    }
  }

  /** Every destination a route may be installed for, links first. */
  destinations (): Destination[] {
    return [
      ...this.topology.links.map(link => ({ kind: 'link', link: link.index }) as const),
      ...this.topology.prefixes.map(prefix => ({ kind: 'prefix', prefix: prefix.index }) as const)
    ]
  }

  /** True when the node sits on the destination itself (a connected subnet, or the router of a prefix). */
  isLocal (node: string, destination: Destination): boolean {
    return this.distanceOf(node, destination) === 0
  }

  /**
   * The next hops the node's route to the destination uses: every equal-cost one, or only the first (by the
   * node's link order) on a router declared `ecmp: false`. Empty when the destination is local or out of reach.
   */
  nextHops (node: string, destination: Destination): NextHop[] {
    const self = nodeOf(this.topology.nodes, node)
    if (destination.kind === 'prefix') {
      const prefix = this.topology.prefixes[destination.prefix]
      if (prefix.kind === 'loop' && prefix.router === node && prefix.via !== undefined) {
        const link = self.links.map(index => this.topology.links[index]).find(l => peerOf(l, node) === prefix.via)
        return link === undefined ? [] : [{ link, via: prefix.via }]
      }
    }
    const distance = this.distanceOf(node, destination)
    if (distance === undefined || distance === 0) return []
    const hops: NextHop[] = []
    for (const index of self.links) {
      const link = this.topology.links[index]
      const via = peerOf(link, node)
      // Only routers forward, so a host on the far side of a link is never a way through.
      if (nodeOf(this.topology.nodes, via).forwards && this.distanceOf(via, destination) === distance - 1) {
        hops.push({ link, via })
      }
    }
    return self.kind === 'router' && !self.ecmp ? hops.slice(0, 1) : hops
  }

  private distanceOf (node: string, destination: Destination): number | undefined {
    return this.distances.get(keyOf(destination))?.get(node)
  }

  /** Breadth-first from the destination's attachment, expanding only through nodes that forward. */
  private distancesTo (destination: Destination): Map<string, number> {
    const start = destination.kind === 'link'
      ? [this.topology.links[destination.link].a, this.topology.links[destination.link].b]
      : [this.topology.prefixes[destination.prefix].router]
    const distance = new Map<string, number>(start.map(name => [name, 0]))
    let frontier = start.map(name => nodeOf(this.topology.nodes, name))
    while (frontier.length > 0) {
      const next: TopologyNode[] = []
      for (const node of frontier) {
        if (!node.forwards) continue
        const here = distance.get(node.name) ?? 0
        for (const index of node.links) {
          const neighbour = peerOf(this.topology.links[index], node.name)
          if (distance.has(neighbour)) continue
          distance.set(neighbour, here + 1)
          next.push(nodeOf(this.topology.nodes, neighbour))
        }
      }
      frontier = next
    }
    return distance
  }
}

function keyOf (destination: Destination): string {
  return destination.kind === 'link' ? `link:${destination.link}` : `prefix:${destination.prefix}`
}
