// What the engine's traces tell each other about the routers they share: which (anchor, distance) pairs have lately
// had a router answer, where the anchor is an address that answered nearer the source in the same trace (or the
// source itself), and which TTLs of a target have answered. A silent hop where such evidence exists is a router
// whose ICMP bucket this engine's traffic has emptied (now, or a few seconds ago), not a silent router, and is
// retried rather than reported as '*'. Bounded in size and kept for a few seconds.

import type { Clock } from '../time/clock.js'

/** A hop of a trace that answered: its TTL and the address that answered. */
export type AnsweredHop = readonly [ttl: number, addr: string]

/** Traces remembered per key: the latest ones. */
const WRITERS_PER_KEY = 4

/** The source's own place in a path: the anchor of a TTL with no answered hop below it. */
const SOURCE = ''

export interface PathEvidenceInit {
  clock: Clock
  /**
   * How long an answer counts as evidence (ms) unless a query says otherwise: a Linux bucket refills in six seconds.
   * Entries are dropped only for room (maxEntries), so a query may look further back.
   */
  keepMs: number
  /** Entries kept at most; the oldest go first. */
  maxEntries: number
}

export class PathEvidence {
  private readonly init: PathEvidenceInit
  /** Key -> the traces that saw it, and when (monotonic ms); keys oldest first. */
  private readonly seen = new Map<string, Map<number, number>>()

  constructor (init: PathEvidenceInit) {
    this.init = init
  }

  /**
   * Trace `trace` to `target` had `hop` answer; `known` are its other answered hops. Pairs of one address (the
   * target answering every TTL past its own) say nothing about a router between them.
   */
  record (trace: number, family: number, target: string, hop: AnsweredHop, known: readonly AnsweredHop[]): void {
    const [ttl, addr] = hop
    this.touch(trace, `${family}|t:${target}|${ttl}`)
    this.touch(trace, `${family}|a:${SOURCE}|${ttl}`)
    for (const [other, otherAddr] of known) {
      if (otherAddr === addr) continue
      if (other < ttl) {
        this.touch(trace, `${family}|a:${otherAddr}|${ttl - other}`)
        this.touch(trace, `${family}|b:${addr}|${ttl - other}`)
      }
      if (other > ttl) {
        this.touch(trace, `${family}|a:${addr}|${other - ttl}`)
        this.touch(trace, `${family}|b:${otherAddr}|${other - ttl}`)
      }
    }
  }

  /** Whether another trace than `trace` lately had an answer at `ttl` of `target` itself. */
  answeredAtTarget (trace: number, family: number, target: string, ttl: number): boolean {
    return this.fresh(trace, `${family}|t:${target}|${ttl}`)
  }

  /**
   * Whether a router has lately answered at `ttl` of `target`, or as many hops behind an address that answered below
   * `ttl` in this trace (the source when none did), or as many hops before an address that answered above it. Every
   * answered hop is an anchor, not only the nearest: where paths split (ECMP) and join again, the nearest hop may be
   * on a branch no other trace took while a hop further down is shared, at the same distance, with one that did.
   */
  answered (trace: number, family: number, target: string, ttl: number, below: readonly AnsweredHop[],
    above: readonly AnsweredHop[], keepMs = this.init.keepMs): boolean {
    if (this.fresh(trace, `${family}|t:${target}|${ttl}`, keepMs)) return true
    if (below.length === 0 && this.fresh(trace, `${family}|a:${SOURCE}|${ttl}`, keepMs)) return true
    return below.some(([at, addr]) => this.fresh(trace, `${family}|a:${addr}|${ttl - at}`, keepMs)) ||
      above.some(([at, addr]) => this.fresh(trace, `${family}|b:${addr}|${at - ttl}`, keepMs))
  }

  get size (): number {
    return this.seen.size
  }

  private touch (trace: number, key: string): void {
    const writers = this.seen.get(key) ?? new Map<number, number>()
    this.seen.delete(key)
    writers.delete(trace)
    writers.set(trace, this.init.clock.monotonic())
    while (writers.size > WRITERS_PER_KEY) writers.delete(writers.keys().next().value as number)
    this.seen.set(key, writers)
    while (this.seen.size > this.init.maxEntries) this.seen.delete(this.seen.keys().next().value as string)
  }

  /** Whether another trace than `trace` saw `key` within `keepMs`: a trace is no evidence for itself. */
  private fresh (trace: number, key: string, keepMs = this.init.keepMs): boolean {
    const now = this.init.clock.monotonic()
    for (const [writer, at] of this.seen.get(key) ?? []) {
      if (writer !== trace && now - at < keepMs) return true
    }
    return false
  }
}
