// What a trace must report, TTL by TTL: walks every forwarding path from a node towards a target through the same
// routing tables the kernel got, and asks at each TTL what answers, in the kernel's order: local delivery (then the
// INPUT rules), a refusing route (whatever the TTL), the TTL check (time exceeded, or nothing from a silent router),
// then the FORWARD rules. The answers then read as a trace: hops from firstHop, ending at the destination, an
// unreachable, a loop (an address answering twice), gapLimit silent hops, or maxHops.

import type { AddressOwner, AddressPlan } from './address-plan.js'
import { canonicalAddress } from './address-plan.js'
import { DEFAULT_TRUTH_FIRST_HOP, DEFAULT_TRUTH_GAP_LIMIT, DEFAULT_TRUTH_MAX_HOPS, SILENT_HOP } from './constants.js'
import { HarnessError } from './errors.js'
import type { Destination, RoutingTable } from './routing.js'
import type { Family, FirewallRule, TraceMethod, TraceTruth, TruthOptions, TruthPath } from './spec.js'
import type { Topology, TopologyLink, TopologyNode } from './topology.js'
import { nodeOf } from './topology.js'
import { PORT_UNREACHABLE, REJECT4_CODES, REJECT6_CODES, routeCode, tracerouteFlag } from './unreachable-codes.js'

export interface TruthContext {
  topology: Topology
  plan: AddressPlan
  routes: RoutingTable
}

interface ResolvedTarget {
  address: string
  owner: AddressOwner
}

/**
 * What one probe draws: nothing, or an answer from an address (an unreachable code, or the destination's answer);
 * `spender`, the node that made an ICMP error for it and so spent one of its rate-limit tokens, also when its
 * firewall then dropped the error (a silent router's time exceeded).
 */
type Response =
  | { silent: true, spender?: Spender }
  | { silent: false, from: string, code?: number, dest: boolean, spender?: Spender }

/** Who made a probe's ICMP error, and which: error-tokens.ts prices them. */
type Spender = Omit<ErrorSpend, 'ttl'>

const SILENCE: Response = { silent: true }

/** One probe of a trace's reading that costs a node an ICMP error token (error-tokens.ts prices it). */
export interface ErrorSpend {
  node: string
  ttl: number
  /** A time exceeded (sent or dropped), a refusing route's unreachable, a REJECT's, or the target's port unreachable. */
  error: 'time-exceeded' | 'route' | 'reject' | 'port-unreachable'
}

/** A router or host the probe reached, and the link it came in by. */
interface Step {
  node: TopologyNode
  link: TopologyLink
}

export function traceTruth (context: TruthContext, from: string, to: string, family: Family,
  options: TruthOptions): TraceTruth {
  const { target, firstHop, maxHops, gapLimit, readings } = readAll(context, from, to, family, options)
  const paths = new Map<string, TruthPath>()
  for (const { path } of readings) paths.set(JSON.stringify(path), path)
  return { target, family, method: options.method, firstHop, maxHops, gapLimit, paths: [...paths.values()] }
}

/**
 * Per forwarding path (ECMP branches apart, even where their truths read alike), the probes of its reading, TTL by
 * TTL as traceTruth reads them, that cost a node an ICMP error token: every answered hop's, the ending's, and each
 * silent router's, whose time exceeded is made (and charged) before its firewall drops it.
 */
export function errorSpends (context: TruthContext, from: string, to: string, family: Family,
  options: TruthOptions): ErrorSpend[][] {
  return readAll(context, from, to, family, options).readings.map(reading => reading.spends)
}

/** Every forwarding path's reading (the hops a trace reports, and the probes that cost an error token). */
function readAll (context: TruthContext, from: string, to: string, family: Family, options: TruthOptions): {
  target: string, firstHop: number, maxHops: number, gapLimit: number, readings: Reading[]
} {
  const firstHop = options.firstHop ?? DEFAULT_TRUTH_FIRST_HOP
  const maxHops = options.maxHops ?? DEFAULT_TRUTH_MAX_HOPS
  const gapLimit = options.gapLimit ?? DEFAULT_TRUTH_GAP_LIMIT
  if (!(firstHop >= 1 && firstHop <= maxHops && gapLimit >= 1)) {
    throw new RangeError(`truth options need 1 <= firstHop <= maxHops and gapLimit >= 1: ${JSON.stringify(options)}`)
  }
  const origin = nodeOf(context.topology.nodes, from)
  const target = resolveTarget(context, to, family)
  const prober = new Prober(context, target, family, options.method)
  const readings = forwardingPaths(context, origin, target, maxHops).map(steps =>
    readTrace(t => prober.respond(origin, steps, t), firstHop, maxHops, gapLimit, family))
  return { target: target.address, firstHop, maxHops, gapLimit, readings }
}

/** A node name (its first address), an alias or prefix name, or an address the lab owns or routes. */
function resolveTarget (context: TruthContext, to: string, family: Family): ResolvedTarget {
  const address = addressOfName(context, to, family) ?? canonicalAddress(to, family)
  const owner = context.plan.ownerOf(address, family)
  if (owner === undefined) throw new HarnessError('E_UNKNOWN_ADDRESS', `no node of the lab owns ${to}`)
  return { address, owner }
}

/** The address a name stands for (a node's first address, an alias, a prefix's first address), or undefined. */
export function addressOfName (context: TruthContext, name: string, family: Family): string | undefined {
  const { topology, plan } = context
  const node = topology.nodes.get(name)
  if (node !== undefined) return plan.address(topology.links[node.links[0]], name, family)
  if (topology.aliasOwners.has(name)) return plan.aliasAddress(name, family)
  const prefix = plan.prefixNamed(name)
  return prefix === undefined ? undefined : plan.prefixTarget(prefix, family)
}

/** Every sequence of nodes a probe can be forwarded along (ECMP branches), cut where it ends or at maxHops. */
function forwardingPaths (context: TruthContext, origin: TopologyNode, target: ResolvedTarget,
  maxHops: number): Step[][] {
  const { topology, routes } = context
  const owner = target.owner
  const destination: Destination = owner.kind === 'interface'
    ? { kind: 'link', link: owner.link }
    : { kind: 'prefix', prefix: owner.prefix.index }
  if (owner.kind === 'prefix' && owner.prefix.router === origin.name && owner.prefix.kind !== 'loop') {
    throw new HarnessError('E_NO_ROUTE', `${origin.name} refuses ${target.address} itself: a trace from it sends nothing`)
  }
  const ends = (node: TopologyNode): boolean =>
    (owner.kind === 'interface' && owner.node === node.name) ||
    (owner.kind === 'prefix' && owner.prefix.router === node.name && owner.prefix.kind !== 'loop')

  const found: Step[][] = []
  const walk = (node: TopologyNode, steps: Step[]): void => {
    if (ends(node) || steps.length >= maxHops) {
      found.push(steps)
      return
    }
    const nextHops = owner.kind === 'interface' && routes.isLocal(node.name, destination)
      ? [{ link: topology.links[owner.link], via: owner.node }]
      : routes.nextHops(node.name, destination)
    if (nextHops.length === 0) {
      throw new HarnessError('E_NO_ROUTE', `no route from ${node.name} to ${target.address}`)
    }
    for (const { link, via } of nextHops) {
      const next = nodeOf(topology.nodes, via)
      walk(next, [...steps, { node: next, link }])
    }
  }
  walk(origin, [])
  return found
}

/** Answers "what does a probe with this TTL draw along these steps". */
class Prober {
  constructor (private readonly context: TruthContext, private readonly target: ResolvedTarget,
    private readonly family: Family, private readonly method: TraceMethod) {}

  respond (origin: TopologyNode, steps: Step[], ttl: number): Response {
    if (steps.length === 0) return this.deliver(origin)
    for (let i = 0; i < steps.length && i < ttl; i++) {
      const { node, link } = steps[i]
      const remaining = ttl - i
      const inbound = this.context.plan.address(link, node.name, this.family)
      if (this.owns(node)) return this.deliver(node)
      const prefix = this.target.owner.kind === 'prefix' ? this.target.owner.prefix : undefined
      if (prefix !== undefined && prefix.router === node.name && prefix.kind !== 'loop') {
        // The route is looked up before the TTL is checked: a refusing route answers even a probe on its last hop.
        const code = routeCode(prefix.kind, this.family)
        return code === undefined ? SILENCE : { silent: false, from: inbound, code, dest: false, spender: { node: node.name, error: 'route' } }
      }
      if (remaining === 1) {
        const spender: Spender = { node: node.name, error: 'time-exceeded' }
        return node.silent ? { silent: true, spender } : { silent: false, from: inbound, dest: false, spender }
      }
      const rule = this.ruleFor(node, 'forward')
      if (rule !== undefined) return this.apply(rule, inbound, node)
    }
    throw new HarnessError('E_NO_ROUTE', `the walk towards ${this.target.address} ended before TTL ${ttl}`)
  }

  /**
   * The probe is the node's own: its INPUT rules, else the method's answer from the address probed. INPUT rules match
   * UDP and echo requests only (node-config.ts), so a TCP SYN always gets the node's answer: a RST, or a SYN-ACK.
   */
  private deliver (node: TopologyNode): Response {
    const rule = this.method === 'tcp' ? undefined : this.ruleFor(node, 'input')
    if (rule !== undefined) return this.apply(rule, this.target.address, node)
    // A UDP probe's answer is the destination's port unreachable, an ICMP error; an echo reply or a TCP answer is not.
    const spender = this.method === 'udp' ? { spender: { node: node.name, error: 'port-unreachable' as const } } : {}
    return { silent: false, from: this.target.address, dest: true, ...spender }
  }

  private apply (rule: FirewallRule, from: string, node: TopologyNode): Response {
    if (rule.action.kind === 'drop') return SILENCE
    const code = this.family === 4 ? REJECT4_CODES[rule.action.with4] : REJECT6_CODES[rule.action.with6]
    // A port unreachable from the target is what a UDP probe's destination sends: indistinguishable, so reached.
    const dest = this.method === 'udp' && code === PORT_UNREACHABLE[this.family] && from === this.target.address
    const spender: Spender = { node: node.name, error: dest ? 'port-unreachable' : 'reject' }
    return dest ? { silent: false, from, dest, spender } : { silent: false, from, code, dest, spender }
  }

  private owns (node: TopologyNode): boolean {
    return this.target.owner.kind === 'interface' && this.target.owner.node === node.name
  }

  /** The first rule of the chain (iptables order) that matches probes towards the target. */
  private ruleFor (node: TopologyNode, chain: FirewallRule['chain']): FirewallRule | undefined {
    return node.firewall.find(rule => rule.chain === chain && this.matches(rule.to))
  }

  private matches (name: string): boolean {
    const owner = this.target.owner
    if (owner.kind === 'prefix') return owner.prefix.name === name
    return addressOfName(this.context, name, this.family) === this.target.address
  }
}

/** One forwarding path read as a trace: what it reports, and which of its probes cost a node an error token. */
interface Reading {
  path: TruthPath
  spends: ErrorSpend[]
}

/** Reads per-TTL answers as a trace would report them (the stop rules of the engine's contract). */
function readTrace (respond: (ttl: number) => Response, firstHop: number, maxHops: number, gapLimit: number,
  family: Family): Reading {
  const hops: string[] = []
  const spends: ErrorSpend[] = []
  const seen = new Set<string>()
  let silentRun = 0
  const read = (path: TruthPath): Reading => ({ path, spends })
  for (let ttl = firstHop; ttl <= maxHops; ttl++) {
    const answer = respond(ttl)
    if (answer.spender !== undefined) spends.push({ ...answer.spender, ttl })
    if (answer.silent) {
      hops.push(SILENT_HOP)
      if (++silentRun === gapLimit) return read({ hops, stop: 'gap', reached: false })
      continue
    }
    silentRun = 0
    hops.push(answer.from)
    if (answer.dest) return read({ hops, stop: 'reached', reached: true })
    if (answer.code !== undefined) return read({ hops, flag: tracerouteFlag(family, answer.code), stop: 'unreachable', reached: false })
    if (seen.has(answer.from)) return read({ hops, stop: 'loop', reached: false })
    seen.add(answer.from)
  }
  return read({ hops, stop: 'max-hops', reached: false })
}
