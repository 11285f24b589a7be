// Walks the routing tables to say what a trace from one node towards a target must see: per TTL the address of the
// interface each router received the probe on (icmp_errors_use_inbound_ifaddr, and IPv6 picks the input interface's
// address for errors by itself), '*' for a silent router, then the target's own address, or the refusing router
// and its flag for an unreachable prefix. Every equal-cost combination is one path.

import type { AddressOwner, AddressPlan } from './address-plan.js'
import { canonicalAddress } from './address-plan.js'
import { SILENT_HOP, UNREACHABLE_FLAG } from './constants.js'
import { HarnessError } from './errors.js'
import type { Destination, RoutingTable } from './routing.js'
import type { Family, GroundTruth } from './spec.js'
import type { Topology } from './topology.js'
import { nodeOf } from './topology.js'

export interface TruthContext {
  topology: Topology
  plan: AddressPlan
  routes: RoutingTable
}

/** `to` is a node name (its first address in the family) or an address the lab owns or refuses. */
export function groundTruth (context: TruthContext, from: string, to: string, family: Family): GroundTruth {
  const { topology, plan, routes } = context
  nodeOf(topology.nodes, from)
  const target = resolveTarget(context, to, family)
  const destination: Destination = target.owner.kind === 'interface'
    ? { kind: 'link', link: target.owner.link }
    : { kind: 'unreachable', router: target.owner.router }
  const refusedBy = target.owner.kind === 'unreachable' ? target.owner.router : undefined

  if (refusedBy === from) {
    throw new HarnessError('E_NO_ROUTE', `${from} refuses ${target.address} itself: a trace from it sends nothing`)
  }
  if (ownsAddress(target.owner, from)) return { paths: [[target.address]] }

  const paths = new Map<string, string[]>()
  // Shortest-path routes strictly shrink the distance at every hop, so this recursion always ends.
  const walk = (node: string, hops: string[]): void => {
    const nextHops = target.owner.kind === 'interface' && routes.isLocal(node, destination)
      ? [{ link: topology.links[target.owner.link], via: target.owner.node }]
      : routes.nextHops(node, destination)
    for (const { link, via } of nextHops) {
      if (ownsAddress(target.owner, via)) {
        // A probe delivered locally is answered from the address it was sent to, whichever link it came in by.
        record(paths, [...hops, target.address])
      } else if (via === refusedBy) {
        record(paths, [...hops, plan.address(link, via, family)])
      } else {
        const answer = nodeOf(topology.nodes, via).silent ? SILENT_HOP : plan.address(link, via, family)
        walk(via, [...hops, answer])
      }
    }
  }
  walk(from, [])

  if (paths.size === 0) throw new HarnessError('E_NO_ROUTE', `no route from ${from} to ${to} in IPv${family}`)
  const truth: GroundTruth = { paths: [...paths.values()] }
  if (refusedBy !== undefined) truth.flag = UNREACHABLE_FLAG[family]
  return truth
}

/** The one path from a node to a target; E_MULTIPATH when ECMP gives more than one. */
export function singlePath (context: TruthContext, from: string, to: string, family: Family): string[] {
  const { paths } = groundTruth(context, from, to, family)
  if (paths.length !== 1) {
    throw new HarnessError('E_MULTIPATH', `${paths.length} equal-cost paths from ${from} to ${to} in IPv${family}`)
  }
  return paths[0]
}

/** A node's address in a family: the one on its first link. */
export function nodeAddress (context: TruthContext, node: string, family: Family): string {
  const self = nodeOf(context.topology.nodes, node)
  return context.plan.address(context.topology.links[self.links[0]], node, family)
}

function resolveTarget (context: TruthContext, to: string, family: Family): { address: string, owner: AddressOwner } {
  const address = context.topology.nodes.has(to) ? nodeAddress(context, to, family) : canonicalAddress(to, family)
  const owner = context.plan.ownerOf(address, family)
  if (owner === undefined) throw new HarnessError('E_UNKNOWN_ADDRESS', `no node of the lab owns ${to}`)
  return { address, owner }
}

function ownsAddress (owner: AddressOwner, node: string): boolean {
  return owner.kind === 'interface' && owner.node === node
}

function record (paths: Map<string, string[]>, path: string[]): void {
  // A silent router hides which of its links was taken, so distinct routes may read the same.
  paths.set(path.join(' '), path)
}
