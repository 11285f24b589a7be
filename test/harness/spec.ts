// The declarative description of an emulated WAN, and the Lab handle tests get back.
// A topology is hosts and routers joined by point-to-point links; the harness assigns the addresses and
// computes the (equal-cost multipath) routes, so a test states only the shape and the router behaviours.

import type { ChildProcess, SpawnOptions } from 'node:child_process'

export type Family = 4 | 6

export interface HostSpec {
  name: string
  /** Linux ICMP error rate limiting (icmp_ratelimit / icmp.ratelimit). Default true: the kernel default. */
  rateLimit?: boolean
  /**
   * Extra addresses of this host on its first link, each with a name `lab.addr()` resolves: targets that a firewall
   * rule can single out, so one host serves several endings at once.
   */
  aliases?: string[]
  firewall?: FirewallRule[]
}

export interface RouterSpec {
  name: string
  /** Drops the time-exceeded errors it would send (it still forwards): a '*' hop. */
  silent?: boolean
  /**
   * Drops every n-th time-exceeded error it would send, the first included (iptables' statistic match, nth mode):
   * a hop that loses exactly 1/n of the probes expiring there, deterministically, whatever sends them.
   */
  lossEvery?: number
  /** Linux ICMP error rate limiting. Default true: the kernel default. */
  rateLimit?: boolean
  /**
   * Gives this router a prefix per family that every other node routes towards it, and an `unreachable` route
   * for it here: a probe to an address in it ends at this router with an ICMP unreachable.
   */
  unreachable?: boolean
  /** Equal-cost next hops become one multipath route with L4 hashing (fib_multipath_hash_policy=1). Default true. */
  ecmp?: boolean
  firewall?: FirewallRule[]
}

/** The `iptables -j REJECT --reject-with` types, and their ICMP destination-unreachable codes. */
export type Reject4Type =
  | 'icmp-net-unreachable' | 'icmp-host-unreachable' | 'icmp-port-unreachable' | 'icmp-proto-unreachable'
  | 'icmp-net-prohibited' | 'icmp-host-prohibited' | 'icmp-admin-prohibited'
/** The `ip6tables -j REJECT --reject-with` types. */
export type Reject6Type = 'icmp6-no-route' | 'icmp6-adm-prohibited' | 'icmp6-addr-unreachable' | 'icmp6-port-unreachable'

export type FirewallAction =
  | { kind: 'drop' }
  | { kind: 'reject', with4: Reject4Type, with6: Reject6Type }

/**
 * One firewall rule for the probes towards one lab target (a node, alias or prefix name, both families): `input` on
 * the node that owns the target (only UDP and echo requests are matched, so ARP and neighbour discovery still
 * work), `forward` on a router the probes pass through.
 */
export interface FirewallRule {
  chain: 'input' | 'forward'
  to: string
  action: FirewallAction
}

/** What becomes of a prefix at the router it is routed towards. */
export type PrefixKind = 'unreachable' | 'prohibit' | 'blackhole' | 'loop'

/**
 * A prefix per family that every other node routes towards `router`, where it ends as `kind`: an `ip route` of that
 * type, or for `loop` a route back to the neighbouring router `via` (which routes it back: a forwarding loop).
 */
export interface PrefixSpec {
  name: string
  router: string
  kind: PrefixKind
  via?: string
}

export interface LinkSpec {
  a: string
  b: string
}

export interface TopologySpec {
  hosts: HostSpec[]
  routers: RouterSpec[]
  links: LinkSpec[]
  prefixes?: PrefixSpec[]
}

export interface ExecResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface ExecOptions {
  /** Kill the command (by its pid) after this many ms. Default 60 000. */
  timeoutMs?: number
  input?: string
  env?: NodeJS.ProcessEnv
}

/** The ground truth from one node towards an address: every equal-cost path, as the hop addresses a trace names. */
export interface GroundTruth {
  /** Each path lists, per TTL from 1, the address that answers: each router's address on the link the probe came in
   * by, then the target's own address (or, for an unreachable target, ending at the router that refuses it). */
  paths: string[][]
  /** Set when the path ends at an unreachable route: the traceroute flag that router's error means. */
  flag?: string
  /** Whether a trace must say it reached the target; when absent, exactly when there is no flag. */
  reached?: boolean
}

export type TraceMethod = 'icmp' | 'udp' | 'tcp'

/** How a trace must end: the destination answered, an ICMP unreachable, trailing silence, a loop, or maxHops. */
export type TruthStop = 'reached' | 'unreachable' | 'gap' | 'loop' | 'max-hops'

/** The trace options the truth depends on (the engine's defaults when left out). */
export interface TruthOptions {
  method: TraceMethod
  firstHop?: number
  maxHops?: number
  /** Consecutive silent hops after which a trace stops ('gap'). */
  gapLimit?: number
}

/** One way a trace may go (one per equal-cost path that reads differently). */
export interface TruthPath {
  /** Per TTL from firstHop: the answering address, or '*' (SILENT_HOP). */
  hops: string[]
  /** The traceroute flag of the last hop, when it is an ICMP unreachable that is not the method's own answer. */
  flag?: string
  stop: TruthStop
  /** True only when the destination gave the method's answer (echo reply; port unreachable for UDP; SYN-ACK or RST for TCP). */
  reached: boolean
}

/** What a trace from one node to one target must report, per method and family. */
export interface TraceTruth {
  target: string
  family: Family
  method: TraceMethod
  firstHop: number
  maxHops: number
  gapLimit: number
  paths: TruthPath[]
}

export interface Lab {
  /** Unique per run; part of every namespace name. */
  readonly id: string
  /** The network namespace a node lives in. */
  ns(node: string): string
  /**
   * A host's (or router's first link's) address in that family; for an alias name the alias address, for a prefix
   * name an address inside the prefix.
   */
  addr(name: string, family: Family): string
  /** A node's address on its link to `peer`. */
  linkAddr(node: string, peer: string, family: Family): string
  /** An address inside the unreachable prefix of a router declared with `unreachable: true`. */
  unreachableTarget(router: string, family: Family): string
  /** Ground truth from a node to a node name or an address. */
  truth(from: string, to: string, family: Family): GroundTruth
  /** What a trace from a node to a name or address must report: every TTL, the flag, how it stops. */
  traceTruth(from: string, to: string, family: Family, options: TruthOptions): TraceTruth
  /** The single path from a node to a node or address; throws if ECMP gives more than one. */
  path(from: string, to: string, family: Family): string[]
  /** Runs a command inside the node's namespace, to completion. */
  exec(node: string, argv: string[], options?: ExecOptions): Promise<ExecResult>
  /** Starts a long-running command inside the node's namespace; the lab kills it by its pid on destroy(). */
  spawn(node: string, argv: string[], options?: SpawnOptions): ChildProcess
  /** Kills what spawn() started, deletes every namespace. Safe to call twice. */
  destroy(): Promise<void>
}
