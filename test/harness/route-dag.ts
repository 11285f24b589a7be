// The equal-cost routes from one node to a host, as the generator needs them: every router on some path, the
// routers where paths fork, and the first path (the one the silent-router patterns are laid along).

import { RoutingTable } from './routing.js'
import type { Topology } from './topology.js'
import { nodeOf, peerOf } from './topology.js'

export interface RouteDag {
  /** Routers on some equal-cost path, in name order. */
  routers: string[]
  /** Routers with more than one equal-cost next hop. */
  forks: string[]
  /** The routers of the path that always takes the first next hop, in order. */
  firstPath: string[]
}

export function routesTowards (topology: Topology, from: string, host: string): RouteDag {
  const routes = new RoutingTable(topology)
  const target = nodeOf(topology.nodes, host)
  const destination = { kind: 'link', link: target.links[0] } as const
  const routers = new Set<string>()
  const forks = new Set<string>()
  const visit = (node: string): void => {
    const hops = routes.nextHops(node, destination)
    if (hops.length > 1) forks.add(node)
    for (const { via } of hops) {
      if (via === host || routers.has(via)) continue
      routers.add(via)
      visit(via)
    }
  }
  visit(from)
  // The router on the host's link delivers rather than forwards (it has no next hop): it ends every path.
  const last = peerOf(topology.links[target.links[0]], host)
  routers.add(last)
  const firstPath: string[] = []
  for (let node = from; node !== last;) {
    const [next] = routes.nextHops(node, destination)
    if (next === undefined) break
    node = next.via
    firstPath.push(node)
  }
  const byName = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true })
  return { routers: [...routers].sort(byName), forks: [...forks].sort(byName), firstPath }
}
