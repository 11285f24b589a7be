// Writes, for one node, the scripts that make its namespace: the sysctl/iptables shell script, the veth batch and
// the address/route batch for `ip -batch`. Pure text, so the build is a handful of processes and can be unit-tested.

import { createHash } from 'node:crypto'
import type { AddressPlan } from './address-plan.js'
import { lossRule } from './lossy-router.js'
import type { RoutingTable } from './routing.js'
import type { Family, FirewallRule } from './spec.js'
import type { Topology, TopologyNode } from './topology.js'
import { interfaceName, nodeOf } from './topology.js'

const FAMILIES: readonly Family[] = [4, 6]
/** Above lo (1); link i gets FIRST_IFINDEX + 2i on side a and the next number on side b. */
const FIRST_IFINDEX = 2
/** fib_multipath_hash_policy 3: hash exactly the fields named in fib_multipath_hash_fields. */
const CUSTOM_HASH_POLICY = 3
/**
 * Source and destination address, protocol, source and destination port: the 5-tuple (0x0037). Not the IPv6 flow
 * label, which Linux picks at random per socket.
 */
const L4_HASH_FIELDS = 0x0001 | 0x0002 | 0x0004 | 0x0010 | 0x0020

/**
 * The sysctls and firewall rules, run by `sh` inside the namespace before any interface exists: the `default`
 * settings then apply to every veth created afterwards, so no address waits for DAD and no readiness is polled.
 */
export function sysctlScript (node: TopologyNode, targetOf: (name: string, family: Family) => string = unresolvable): string {
  const settings: Array<[string, string]> = [
    ['net/ipv6/conf/all/accept_dad', '0'],
    ['net/ipv6/conf/default/accept_dad', '0'],
    // ECMP return paths are asymmetric by design; strict reverse-path filtering would drop them.
    ['net/ipv4/conf/all/rp_filter', '0'],
    ['net/ipv4/conf/default/rp_filter', '0'],
    // Each hop must name the interface the probe came in on (IPv6 does this without a knob).
    ['net/ipv4/icmp_errors_use_inbound_ifaddr', '1'],
    // L4 hashing: a flow (one Paris traceroute) keeps its path, probes with varying ports spread out. Policy 1
    // would reuse the hash a veth carries over from the sending socket (random per socket), so one flow from two
    // sockets could split and two flows from one socket could not; policy 3 hashes the headers, as a router does.
    ['net/ipv4/fib_multipath_hash_policy', String(CUSTOM_HASH_POLICY)],
    ['net/ipv4/fib_multipath_hash_fields', String(L4_HASH_FIELDS)],
    ['net/ipv6/fib_multipath_hash_policy', String(CUSTOM_HASH_POLICY)],
    ['net/ipv6/fib_multipath_hash_fields', String(L4_HASH_FIELDS)],
    // Unset, every namespace hashes with the same system-wide key, so consecutive forks would choose in lockstep
    // (two diamonds giving two paths, not four). A seed per node decouples them; taken from the name, it keeps
    // which flow takes which path the same from run to run.
    ['net/ipv4/fib_multipath_hash_seed', String(hashSeed(node.name))]
  ]
  if (node.forwards) {
    settings.push(['net/ipv4/conf/all/forwarding', '1'], ['net/ipv6/conf/all/forwarding', '1'])
  }
  if (!node.rateLimit) {
    // The per-destination limit is the ratelimit knob; the per-namespace budget (icmp_msgs_per_sec) still applies
    // to every type in the ratemask, so emptying the masks is what turns limiting off completely.
    settings.push(
      ['net/ipv4/icmp_ratelimit', '0'],
      ['net/ipv4/icmp_ratemask', '0'],
      ['net/ipv6/icmp/ratelimit', '0'],
      ['net/ipv6/icmp/ratemask', '']
    )
  }
  const lines = ['set -e', ...settings.map(([key, value]) => `printf '%s\\n' '${value}' > /proc/sys/${key}`)]
  if (node.silent) {
    // Only the router's own time-exceeded errors go: it still forwards, and still answers as a destination.
    lines.push(
      'iptables -A OUTPUT -p icmp --icmp-type time-exceeded -j DROP',
      'ip6tables -A OUTPUT -p ipv6-icmp --icmpv6-type time-exceeded -j DROP'
    )
  }
  if (node.lossEvery !== undefined) {
    // One rule per family counts every such error the router sends, whoever's probe expired: drop the 1st, (n+1)th, …
    lines.push(`iptables -A OUTPUT ${lossRule(4, node.lossEvery)}`, `ip6tables -A OUTPUT ${lossRule(6, node.lossEvery)}`)
  }
  for (const rule of node.firewall) lines.push(...firewallCommands(rule, targetOf))
  return lines.join('\n') + '\n'
}

/**
 * The iptables/ip6tables commands of one rule. An input rule matches only what probes are (UDP, echo requests): a
 * blanket ip6tables DROP would also drop neighbour discovery, and the last router would answer "address
 * unreachable" after 3 s instead of the target staying silent.
 */
export function firewallCommands (rule: FirewallRule, targetOf: (name: string, family: Family) => string): string[] {
  const commands: string[] = []
  for (const family of FAMILIES) {
    const tool = family === 4 ? 'iptables' : 'ip6tables'
    const jump = rule.action.kind === 'drop'
      ? 'DROP'
      : `REJECT --reject-with ${family === 4 ? rule.action.with4 : rule.action.with6}`
    const destination = `-d ${targetOf(rule.to, family)}`
    if (rule.chain === 'forward') {
      commands.push(`${tool} -A FORWARD ${destination} -j ${jump}`)
      continue
    }
    const echo = family === 4 ? '-p icmp --icmp-type echo-request' : '-p ipv6-icmp --icmpv6-type echo-request'
    commands.push(`${tool} -A INPUT ${destination} -p udp -j ${jump}`, `${tool} -A INPUT ${destination} ${echo} -j ${jump}`)
  }
  return commands
}

function unresolvable (name: string): string {
  throw new Error(`no address for firewall target "${name}"`)
}

/**
 * The veths this node creates, one per link where it is side `a`: created from inside its namespace with the peer
 * placed straight into the other namespace, so an interface name never exists in the root namespace.
 */
export function vethBatch (node: TopologyNode, topology: Topology, namespaceOf: (node: string) => string): string {
  const lines: string[] = []
  for (const index of node.links) {
    const link = topology.links[index]
    if (link.a !== node.name) continue
    const peer = nodeOf(topology.nodes, link.b)
    // Explicit, lab-wide distinct ifindexes: when a veth's index equals its peer's (both "2" in fresh namespaces)
    // the kernel treats its carrier change as non-urgent and brings it up only after up to a second.
    lines.push(
      `link add ${interfaceName(node, index)} index ${FIRST_IFINDEX + 2 * index} type veth ` +
      `peer name ${interfaceName(peer, index)} index ${FIRST_IFINDEX + 2 * index + 1} netns ${namespaceOf(peer.name)}`
    )
  }
  return lines.join('\n') + '\n'
}

/** Addresses (nodad: usable at once), links up, then every route the routing table gives this node. */
export function addressRouteBatch (node: TopologyNode, topology: Topology, plan: AddressPlan,
  routes: RoutingTable): string {
  const lines = ['link set lo up']
  for (const index of node.links) {
    const link = topology.links[index]
    const device = interfaceName(node, index)
    const length = (family: Family): string => plan.linkPrefix(link, family).split('/')[1]
    lines.push(
      `addr add ${plan.address(link, node.name, 4)}/${length(4)} dev ${device}`,
      `addr add ${plan.address(link, node.name, 6)}/${length(6)} dev ${device} nodad`,
      `link set ${device} up`
    )
  }
  if (node.aliases.length > 0) {
    const link = topology.links[node.links[0]]
    const device = interfaceName(node, link.index)
    for (const alias of node.aliases) {
      for (const family of FAMILIES) {
        const nodad = family === 6 ? ' nodad' : ''
        lines.push(`addr add ${plan.aliasAddress(alias, family)}/${plan.linkPrefix(link, family).split('/')[1]} dev ${device}${nodad}`)
      }
    }
  }
  for (const destination of routes.destinations()) {
    const prefix = destination.kind === 'prefix' ? topology.prefixes[destination.prefix] : undefined
    if (prefix !== undefined && prefix.router === node.name && prefix.kind !== 'loop') {
      // `ip route` knows the three kinds by these very names: unreachable, prohibit, blackhole.
      for (const family of FAMILIES) lines.push(`route add ${prefix.kind} ${plan.prefixCidr(prefix, family)}`)
      continue
    }
    const hops = routes.nextHops(node.name, destination)
    if (hops.length === 0) continue
    for (const family of FAMILIES) {
      const cidr = destination.kind === 'link'
        ? plan.linkPrefix(topology.links[destination.link], family)
        : plan.prefixCidr(topology.prefixes[destination.prefix], family)
      const gateways = hops.map(({ link, via }) =>
        `via ${plan.address(link, via, family)} dev ${interfaceName(node, link.index)}`)
      // `ip` infers the family from the prefix; one `nexthop` clause per equal-cost gateway makes it multipath.
      lines.push(gateways.length === 1
        ? `route add ${cidr} ${gateways[0]}`
        : `route add ${cidr} ${gateways.map(g => `nexthop ${g}`).join(' ')}`)
    }
  }
  return lines.join('\n') + '\n'
}

/** True when this node creates at least one veth (is side `a` of a link). */
export function createsVeths (node: TopologyNode, topology: Topology): boolean {
  return node.links.some(index => topology.links[index].a === node.name)
}

/** A nonzero 32-bit multipath hash seed (zero means "unset" to the kernel) derived from the node's name. */
function hashSeed (name: string): number {
  return createHash('sha256').update(name).digest().readUInt32BE(0) || 1
}
