// The declarative description of an emulated WAN, and the Lab handle tests get back.
// A topology is hosts and routers joined by point-to-point links; the harness assigns the addresses and
// computes the (equal-cost multipath) routes, so a test states only the shape and the router behaviours.

import type { ChildProcess, SpawnOptions } from 'node:child_process'

export type Family = 4 | 6

export interface HostSpec {
  name: string
  /** Linux ICMP error rate limiting (icmp_ratelimit / icmp.ratelimit). Default true: the kernel default. */
  rateLimit?: boolean
}

export interface RouterSpec {
  name: string
  /** Drops the time-exceeded errors it would send (it still forwards): a '*' hop. */
  silent?: boolean
  /** Linux ICMP error rate limiting. Default true: the kernel default. */
  rateLimit?: boolean
  /**
   * Gives this router a prefix per family that every other node routes towards it, and an `unreachable` route
   * for it here: a probe to an address in it ends at this router with an ICMP unreachable.
   */
  unreachable?: boolean
  /** Equal-cost next hops become one multipath route with L4 hashing (fib_multipath_hash_policy=1). Default true. */
  ecmp?: boolean
}

export interface LinkSpec {
  a: string
  b: string
}

export interface TopologySpec {
  hosts: HostSpec[]
  routers: RouterSpec[]
  links: LinkSpec[]
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
}

export interface Lab {
  /** Unique per run; part of every namespace name. */
  readonly id: string
  /** The network namespace a node lives in. */
  ns(node: string): string
  /** A host's (or router's first link's) address in that family. */
  addr(node: string, family: Family): string
  /** An address inside the unreachable prefix of a router declared with `unreachable: true`. */
  unreachableTarget(router: string, family: Family): string
  /** Ground truth from a node to a node name or an address. */
  truth(from: string, to: string, family: Family): GroundTruth
  /** The single path from a node to a node or address; throws if ECMP gives more than one. */
  path(from: string, to: string, family: Family): string[]
  /** Runs a command inside the node's namespace, to completion. */
  exec(node: string, argv: string[], options?: ExecOptions): Promise<ExecResult>
  /** Starts a long-running command inside the node's namespace; the lab kills it by its pid on destroy(). */
  spawn(node: string, argv: string[], options?: SpawnOptions): ChildProcess
  /** Kills what spawn() started, deletes every namespace. Safe to call twice. */
  destroy(): Promise<void>
}
