// The endings a generated network offers, each through its own target address so that one lab serves them all:
// dst itself, a router's own address, a prefix routed to a router (unreachable, prohibit, blackhole, or looping
// between two routers), and dst aliases that a REJECT on a router (forwarded traffic), a REJECT at dst (input) or a
// DROP at dst single out.

import type { Prng } from './prng.js'
import type { FirewallRule, PrefixSpec, Reject4Type, Reject6Type, TopologySpec } from './spec.js'
import type { Topology } from './topology.js'
import { peerOf } from './topology.js'
import { REJECT4_TYPES, REJECT6_TYPES } from './unreachable-codes.js'

export type EndingKind =
  | 'reached' | 'router-address' | 'route-unreachable' | 'route-prohibit' | 'route-blackhole' | 'loop'
  | 'reject-forward' | 'reject-input' | 'drop-input'

export const ENDING_KINDS: readonly EndingKind[] = [
  'reached', 'router-address', 'route-unreachable', 'route-prohibit', 'route-blackhole', 'loop', 'reject-forward',
  'reject-input', 'drop-input'
]

export interface Ending {
  /** e1, e2, …: also the name of the alias or prefix the ending owns. */
  id: string
  kind: EndingKind
  /** A name the lab resolves (node, alias, prefix), or a router's address on its link to a neighbour. */
  target: { name: string } | { node: string, peer: string }
  /** The node the ending happens at: the target host, or the router. */
  at: string
  reject?: { with4: Reject4Type, with6: Reject6Type }
  label: string
}

const TARGET_HOST = 'dst'

/**
 * Adds `extra` endings besides `reached` to a copy of the spec (prefixes, aliases, firewall rules); a REJECT on
 * forwarded traffic goes on one of `onPath`, the routers on some path to dst.
 */
export function drawEndings (rng: Prng, base: TopologySpec, topology: Topology, onPath: string[], extra: number,
  kinds?: readonly EndingKind[]): { spec: TopologySpec, endings: Ending[] } {
  const spec: TopologySpec = {
    hosts: base.hosts.map(h => ({ ...h, aliases: [...(h.aliases ?? [])], firewall: [...(h.firewall ?? [])] })),
    routers: base.routers.map(r => ({ ...r, firewall: [...(r.firewall ?? [])] })),
    links: [...base.links],
    prefixes: [...(base.prefixes ?? [])]
  }
  const routers = spec.routers.map(r => r.name)
  const host = spec.hosts.find(h => h.name === TARGET_HOST)
  if (host === undefined) throw new Error('a generated network has a dst host')
  const firewallOf = (node: string): FirewallRule[] => {
    const owner = node === TARGET_HOST ? host : spec.routers.find(r => r.name === node)
    if (owner?.firewall === undefined) throw new Error(`no node ${node}`)
    return owner.firewall
  }
  const prefixes = spec.prefixes as PrefixSpec[]

  const endings: Ending[] = [{ id: 'e1', kind: 'reached', target: { name: TARGET_HOST }, at: TARGET_HOST, label: 'reached dst' }]
  const pool = (kinds ?? ENDING_KINDS).filter(kind => kind !== 'reached')
  let queue: EndingKind[] = []
  for (let i = 0; i < extra && pool.length > 0; i++) {
    if (queue.length === 0) queue = rng.shuffle(pool)
    const kind = queue.shift() as EndingKind
    const id = `e${endings.length + 1}`
    switch (kind) {
      case 'reached':
        break
      case 'router-address': {
        const router = rng.pick(routers)
        const peer = rng.pick(neighbours(topology, router))
        endings.push({ id, kind, target: { node: router, peer }, at: router, label: `${kind} ${router}@${peer}` })
        break
      }
      case 'route-unreachable':
      case 'route-prohibit':
      case 'route-blackhole': {
        const router = rng.pick(routers)
        const route = kind.slice('route-'.length) as 'unreachable' | 'prohibit' | 'blackhole'
        prefixes.push({ name: id, router, kind: route })
        endings.push({ id, kind, target: { name: id }, at: router, label: `${route} route at ${router}` })
        break
      }
      case 'loop': {
        const router = rng.pick(routers.filter(r => routerNeighbours(topology, r).length > 0))
        const via = rng.pick(routerNeighbours(topology, router))
        prefixes.push({ name: id, router, kind: 'loop', via })
        endings.push({ id, kind, target: { name: id }, at: router, label: `loop ${router}<->${via}` })
        break
      }
      case 'reject-forward':
      case 'reject-input':
      case 'drop-input': {
        const at = kind === 'reject-forward' ? rng.pick(onPath) : TARGET_HOST
        host.aliases?.push(id)
        const reject = { with4: rng.pick(REJECT4_TYPES), with6: rng.pick(REJECT6_TYPES) }
        firewallOf(at).push({
          chain: kind === 'reject-forward' ? 'forward' : 'input',
          to: id,
          action: kind === 'drop-input' ? { kind: 'drop' } : { kind: 'reject', ...reject }
        })
        const label = kind === 'drop-input'
          ? 'DROP at dst'
          : `REJECT ${reject.with4}/${reject.with6} at ${at}${kind === 'reject-input' ? ' (input)' : ' (forward)'}`
        endings.push(kind === 'drop-input'
          ? { id, kind, target: { name: id }, at, label }
          : { id, kind, target: { name: id }, at, reject, label })
        break
      }
    }
  }
  return { spec, endings }
}

function neighbours (topology: Topology, node: string): string[] {
  const self = topology.nodes.get(node)
  return self === undefined ? [] : self.links.map(index => peerOf(topology.links[index], node))
}

function routerNeighbours (topology: Topology, node: string): string[] {
  return neighbours(topology, node).filter(peer => topology.nodes.get(peer)?.kind === 'router')
}
