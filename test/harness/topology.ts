// Checks a declarative TopologySpec and turns it into the indexed graph the address plan, routing and setup use.
// Every later step trusts this model, so all spec mistakes surface here as E_TOPOLOGY before anything is created.

import { NODE_NAME_PATTERN } from './constants.js'
import { HarnessError } from './errors.js'
import type { FirewallRule, PrefixKind, TopologySpec } from './spec.js'

export interface TopologyNode {
  name: string
  kind: 'host' | 'router'
  /** Only routers forward; a host is never a next hop for anyone else's traffic. */
  forwards: boolean
  silent: boolean
  /** Drops every n-th time-exceeded error (RouterSpec.lossEvery); undefined: none. */
  lossEvery?: number
  rateLimit: boolean
  unreachable: boolean
  ecmp: boolean
  /** Indexes into Topology.links, in declaration order: the k-th one is this node's interface `eth<k>`. */
  links: number[]
  /** Names of this host's extra addresses on its first link, in order. */
  aliases: string[]
  firewall: FirewallRule[]
}

/** A routed prefix (index k: its place in the address plan) and what happens to it at its router. */
export interface TopologyPrefix {
  index: number
  name: string
  router: string
  kind: PrefixKind
  /** For a loop: the neighbouring router the prefix is sent back to. */
  via?: string
}

export interface TopologyLink {
  index: number
  a: string
  b: string
}

export interface Topology {
  nodes: ReadonlyMap<string, TopologyNode>
  links: readonly TopologyLink[]
  /**
   * Routed prefixes: first one `unreachable` prefix per router declared `unreachable: true` (in declaration order,
   * named after the router), then the spec's `prefixes`. The position picks the prefix's addresses.
   */
  prefixes: readonly TopologyPrefix[]
  /** Which node owns each alias name. */
  aliasOwners: ReadonlyMap<string, string>
}

function lossEvery (name: string, every: number | undefined): number | undefined {
  if (every !== undefined && (!Number.isInteger(every) || every < 2)) {
    throw new HarnessError('E_TOPOLOGY', `router "${name}": lossEvery must be an integer of at least 2, not ${every}`)
  }
  return every
}

export function parseTopology (spec: TopologySpec): Topology {
  const nodes = new Map<string, TopologyNode>()
  const add = (node: TopologyNode): void => {
    if (!NODE_NAME_PATTERN.test(node.name)) {
      throw new HarnessError('E_TOPOLOGY', `node name "${node.name}" must match ${String(NODE_NAME_PATTERN)}`)
    }
    if (nodes.has(node.name)) throw new HarnessError('E_TOPOLOGY', `node "${node.name}" is declared twice`)
    nodes.set(node.name, node)
  }
  for (const host of spec.hosts) {
    add({
      name: host.name,
      kind: 'host',
      forwards: false,
      silent: false,
      rateLimit: host.rateLimit ?? true,
      unreachable: false,
      ecmp: true,
      links: [],
      aliases: host.aliases ?? [],
      firewall: host.firewall ?? []
    })
  }
  for (const router of spec.routers) {
    add({
      name: router.name,
      kind: 'router',
      forwards: true,
      silent: router.silent ?? false,
      lossEvery: lossEvery(router.name, router.lossEvery),
      rateLimit: router.rateLimit ?? true,
      unreachable: router.unreachable ?? false,
      ecmp: router.ecmp ?? true,
      links: [],
      aliases: [],
      firewall: router.firewall ?? []
    })
  }

  const links: TopologyLink[] = []
  const pairs = new Set<string>()
  for (const { a, b } of spec.links) {
    for (const end of [a, b]) {
      if (!nodes.has(end)) throw new HarnessError('E_TOPOLOGY', `link ${a}-${b} names unknown node "${end}"`)
    }
    if (a === b) throw new HarnessError('E_TOPOLOGY', `link ${a}-${b} joins a node to itself`)
    // Two links between one pair would make "the address on the link the probe came in by" ambiguous in routes.
    const pair = [a, b].sort().join('\0')
    if (pairs.has(pair)) throw new HarnessError('E_TOPOLOGY', `nodes ${a} and ${b} are linked twice`)
    pairs.add(pair)
    const index = links.length
    links.push({ index, a, b })
    nodeOf(nodes, a).links.push(index)
    nodeOf(nodes, b).links.push(index)
  }
  for (const node of nodes.values()) {
    if (node.links.length === 0) throw new HarnessError('E_TOPOLOGY', `node "${node.name}" has no link`)
  }

  const names = new Set(nodes.keys())
  const claim = (name: string, what: string): void => {
    if (!NODE_NAME_PATTERN.test(name)) throw new HarnessError('E_TOPOLOGY', `${what} "${name}" must match ${String(NODE_NAME_PATTERN)}`)
    if (names.has(name)) throw new HarnessError('E_TOPOLOGY', `the name "${name}" (${what}) is taken`)
    names.add(name)
  }
  const aliasOwners = new Map<string, string>()
  for (const node of nodes.values()) {
    for (const alias of node.aliases) {
      claim(alias, `alias of ${node.name}`)
      aliasOwners.set(alias, node.name)
    }
  }

  const prefixes: TopologyPrefix[] = spec.routers.filter(r => r.unreachable === true)
    .map((r, index) => ({ index, name: `${r.name}.unreachable`, router: r.name, kind: 'unreachable' }))
  for (const prefix of spec.prefixes ?? []) {
    claim(prefix.name, 'prefix')
    const router = nodes.get(prefix.router)
    if (router?.kind !== 'router') throw new HarnessError('E_TOPOLOGY', `prefix ${prefix.name}: "${prefix.router}" is not a router`)
    if (prefix.kind === 'loop') {
      const via = prefix.via === undefined ? undefined : nodes.get(prefix.via)
      if (via?.kind !== 'router' || !via.links.some(i => router.links.includes(i))) {
        throw new HarnessError('E_TOPOLOGY', `loop prefix ${prefix.name} needs "via": a router linked to ${prefix.router}`)
      }
    }
    prefixes.push({ index: prefixes.length, name: prefix.name, router: prefix.router, kind: prefix.kind, via: prefix.via })
  }

  for (const node of nodes.values()) {
    for (const rule of node.firewall) {
      if (!names.has(rule.to)) throw new HarnessError('E_TOPOLOGY', `${node.name}'s firewall rule names unknown target "${rule.to}"`)
      if (rule.chain === 'forward' && !node.forwards) {
        throw new HarnessError('E_TOPOLOGY', `${node.name} forwards nothing: a forward rule there would never match`)
      }
      if (rule.chain === 'input' && rule.to !== node.name && aliasOwners.get(rule.to) !== node.name) {
        throw new HarnessError('E_TOPOLOGY', `${node.name}'s input rule names "${rule.to}", which it does not own`)
      }
    }
  }
  return { nodes, links, prefixes, aliasOwners }
}

export function nodeOf (nodes: ReadonlyMap<string, TopologyNode>, name: string): TopologyNode {
  const node = nodes.get(name)
  if (node === undefined) throw new HarnessError('E_UNKNOWN_NODE', `the lab has no node "${name}"`)
  return node
}

/** The node at the other end of a link from `node`. */
export function peerOf (link: TopologyLink, node: string): string {
  return link.a === node ? link.b : link.a
}

/** The interface name a node has on one of its links: short, and unique inside that node's namespace only. */
export function interfaceName (node: TopologyNode, linkIndex: number): string {
  const position = node.links.indexOf(linkIndex)
  if (position < 0) throw new HarnessError('E_TOPOLOGY', `node "${node.name}" is not on link ${linkIndex}`)
  return `eth${position}`
}
