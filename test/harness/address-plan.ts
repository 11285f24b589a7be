// Assigns every link its IPv4 and IPv6 subnet, every host alias its address and every routed prefix its range, and
// answers "who owns this address". Only test ranges: 198.18.0.0/15 (RFC 2544 benchmarking) and 2001:db8::/32 (RFC 3849).
//
// IPv4: link i is 198.18.0.0 + i*256 as a /24 (so link 3 reads 198.18.3.x), side a is .1, side b .2, a host's j-th
// alias .(16+j) on its first link; links run on into 198.19.0.0-198.19.127.255. Prefix k (the unreachable routers'
// first, then the spec's prefixes) is 198.19.(128+k).0/24.
// IPv6: link i is 2001:db8:1:<i>::/64 (side a ::1, side b ::2, alias j ::<16+j> in hex); prefix k is 2001:db8:2:<k>::/64.

import { isIPv4, isIPv6 } from 'node:net'
import { HarnessError } from './errors.js'
import type { Family } from './spec.js'
import type { Topology, TopologyLink, TopologyPrefix } from './topology.js'
import { nodeOf } from './topology.js'

const V4_LINK_BASE = ipv4ToInt('198.18.0.0')
const V4_UNREACHABLE_BASE = ipv4ToInt('198.19.128.0')
const V4_SUBNET_SIZE = 256
const V4_PREFIX_LENGTH = 24
const MAX_LINKS = 384
const MAX_PREFIXES = 128
const MAX_ALIASES = 200
const ALIAS_HOST_BASE = 16
const V6_PREFIX_LENGTH = 64
const V6_LINK_GROUP = 0x1
const V6_UNREACHABLE_GROUP = 0x2

/** What an address in the lab belongs to. */
export type AddressOwner =
  | { kind: 'interface', node: string, link: number }
  | { kind: 'prefix', prefix: TopologyPrefix }

export class AddressPlan {
  private readonly topology: Topology
  private readonly owners = new Map<string, AddressOwner>()

  constructor (topology: Topology) {
    if (topology.links.length > MAX_LINKS) {
      throw new HarnessError('E_ADDRESS_SPACE', `${topology.links.length} links; the address plan holds ${MAX_LINKS}`)
    }
    if (topology.prefixes.length > MAX_PREFIXES) {
      throw new HarnessError('E_ADDRESS_SPACE', `more than ${MAX_PREFIXES} prefixes (unreachable routers included)`)
    }
    this.topology = topology
    for (const link of topology.links) {
      for (const family of [4, 6] as const) {
        this.owners.set(this.address(link, link.a, family), { kind: 'interface', node: link.a, link: link.index })
        this.owners.set(this.address(link, link.b, family), { kind: 'interface', node: link.b, link: link.index })
      }
    }
    for (const node of topology.nodes.values()) {
      if (node.aliases.length > MAX_ALIASES) throw new HarnessError('E_ADDRESS_SPACE', `${node.name} has over ${MAX_ALIASES} aliases`)
      for (const alias of node.aliases) {
        for (const family of [4, 6] as const) {
          this.owners.set(this.aliasAddress(alias, family), { kind: 'interface', node: node.name, link: node.links[0] })
        }
      }
    }
  }

  /** The address of a host's alias, on the host's first link. */
  aliasAddress (alias: string, family: Family): string {
    const owner = this.topology.aliasOwners.get(alias)
    if (owner === undefined) throw new HarnessError('E_UNKNOWN_NODE', `no host has an alias "${alias}"`)
    const node = nodeOf(this.topology.nodes, owner)
    const link = this.topology.links[node.links[0]]
    const host = ALIAS_HOST_BASE + node.aliases.indexOf(alias)
    return family === 4
      ? intToIpv4(V4_LINK_BASE + link.index * V4_SUBNET_SIZE + host)
      : formatIpv6(v6Groups(V6_LINK_GROUP, link.index, host))
  }

  /** A routed prefix in CIDR notation. */
  prefixCidr (prefix: TopologyPrefix, family: Family): string {
    return family === 4
      ? `${intToIpv4(V4_UNREACHABLE_BASE + prefix.index * V4_SUBNET_SIZE)}/${V4_PREFIX_LENGTH}`
      : `${formatIpv6(v6Groups(V6_UNREACHABLE_GROUP, prefix.index, 0))}/${V6_PREFIX_LENGTH}`
  }

  /** The address a test traces to reach a routed prefix: the first one inside it. */
  prefixTarget (prefix: TopologyPrefix, family: Family): string {
    return family === 4
      ? intToIpv4(V4_UNREACHABLE_BASE + prefix.index * V4_SUBNET_SIZE + 1)
      : formatIpv6(v6Groups(V6_UNREACHABLE_GROUP, prefix.index, 1))
  }

  /** A prefix by its name. */
  prefixNamed (name: string): TopologyPrefix | undefined {
    return this.topology.prefixes.find(prefix => prefix.name === name)
  }

  /** The link's subnet in CIDR notation. */
  linkPrefix (link: TopologyLink, family: Family): string {
    return family === 4
      ? `${intToIpv4(V4_LINK_BASE + link.index * V4_SUBNET_SIZE)}/${V4_PREFIX_LENGTH}`
      : `${formatIpv6(v6Groups(V6_LINK_GROUP, link.index, 0))}/${V6_PREFIX_LENGTH}`
  }

  /** A node's address on one of its links, in the canonical text form traceroute prints. */
  address (link: TopologyLink, node: string, family: Family): string {
    if (node !== link.a && node !== link.b) {
      throw new HarnessError('E_TOPOLOGY', `node "${node}" is not on link ${link.a}-${link.b}`)
    }
    const host = node === link.a ? 1 : 2
    return family === 4
      ? intToIpv4(V4_LINK_BASE + link.index * V4_SUBNET_SIZE + host)
      : formatIpv6(v6Groups(V6_LINK_GROUP, link.index, host))
  }

  /** The prefix a router declared `unreachable` refuses, in CIDR notation. */
  unreachablePrefix (router: string, family: Family): string {
    return this.prefixCidr(this.unreachableOf(router), family)
  }

  /** One address inside that prefix: the target a test traces to reach the refusing router. */
  unreachableTarget (router: string, family: Family): string {
    return this.prefixTarget(this.unreachableOf(router), family)
  }

  /** Who an address belongs to; undefined when nothing in the lab does. Accepts any valid text form. */
  ownerOf (address: string, family: Family): AddressOwner | undefined {
    const canonical = canonicalAddress(address, family)
    const owner = this.owners.get(canonical)
    if (owner !== undefined) return owner
    if (family === 4) {
      const offset = ipv4ToInt(canonical) - V4_UNREACHABLE_BASE
      const k = Math.floor(offset / V4_SUBNET_SIZE)
      return offset >= 0 ? this.prefixOwner(k) : undefined
    }
    const groups = parseIpv6(canonical)
    const inDocumentationRange = groups[0] === 0x2001 && groups[1] === 0xdb8
    return inDocumentationRange && groups[2] === V6_UNREACHABLE_GROUP ? this.prefixOwner(groups[3]) : undefined
  }

  private prefixOwner (k: number): AddressOwner | undefined {
    const prefix = this.topology.prefixes[k]
    return prefix === undefined ? undefined : { kind: 'prefix', prefix }
  }

  private unreachableOf (router: string): TopologyPrefix {
    const prefix = this.prefixNamed(`${router}.unreachable`)
    if (prefix === undefined) throw new HarnessError('E_UNKNOWN_NODE', `"${router}" is not a router declared unreachable`)
    return prefix
  }
}

/** The address in the text form traceroute and `ip` print (RFC 5952 for IPv6), or E_UNKNOWN_ADDRESS. */
export function canonicalAddress (address: string, family: Family): string {
  if (family === 4) {
    if (!isIPv4(address)) throw new HarnessError('E_UNKNOWN_ADDRESS', `"${address}" is not an IPv4 address`)
    return intToIpv4(ipv4ToInt(address))
  }
  // Embedded-IPv4 forms never name a lab address; rejecting them keeps the parser to plain groups.
  if (!isIPv6(address) || address.includes('.')) {
    throw new HarnessError('E_UNKNOWN_ADDRESS', `"${address}" is not an IPv6 address the lab can own`)
  }
  return formatIpv6(parseIpv6(address))
}

function ipv4ToInt (address: string): number {
  return address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0)
}

function intToIpv4 (value: number): string {
  return [24, 16, 8, 0].map(shift => Math.floor(value / 2 ** shift) % 256).join('.')
}

function v6Groups (kind: number, index: number, host: number): number[] {
  return [0x2001, 0xdb8, kind, index, 0, 0, 0, host]
}

/** Eight 16-bit groups of an address already checked by isIPv6 and free of an embedded IPv4 tail. */
function parseIpv6 (address: string): number[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined]
  const parse = (part: string | undefined): number[] =>
    part === undefined || part === '' ? [] : part.split(':').map(group => parseInt(group, 16))
  const left = parse(head)
  const right = parse(tail)
  const zeros = tail === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0)
  const groups = [...left, ...zeros, ...right]
  if (groups.length !== 8 || groups.some(g => Number.isNaN(g))) {
    throw new HarnessError('E_UNKNOWN_ADDRESS', `"${address}" is not an IPv6 address the lab can own`)
  }
  return groups
}

/** RFC 5952: lowercase, no leading zeros, the longest run of two or more zero groups (first if tied) as '::'. */
function formatIpv6 (groups: number[]): string {
  let bestStart = -1
  let bestLength = 1
  for (let start = 0; start < 8;) {
    if (groups[start] !== 0) { start++; continue }
    let end = start
    while (end < 8 && groups[end] === 0) end++
    if (end - start > bestLength) { bestStart = start; bestLength = end - start }
    start = end
  }
  const text = groups.map(g => g.toString(16))
  if (bestStart < 0) return text.join(':')
  return `${text.slice(0, bestStart).join(':')}::${text.slice(bestStart + bestLength).join(':')}`
}
