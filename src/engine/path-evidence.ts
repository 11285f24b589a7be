// What the engine's traces tell each other about the routers they share: which (anchor, distance) pairs have lately
// had a router answer, where the anchor is an address that answered nearer the source in the same trace (or the
// source itself), and which TTLs of a target have answered. A silent hop where such evidence exists is a router
// whose ICMP bucket this engine's traffic has emptied (now, or a few seconds ago), not a silent router, and is
// retried rather than reported as '*'. Bounded in size and kept for a few seconds.

import type { Clock } from '../time/clock.js'

/** A hop of a trace that answered: its TTL and the address that answered. */
export type AnsweredHop = readonly [ttl: number, addr: string]

/** The source's own place in a path: the anchor of a TTL with no answered hop below it. */
const SOURCE = ''

export interface PathEvidenceInit {
  clock: Clock
  /** How long an answer counts as evidence (ms): a Linux bucket refills in six seconds. */
  keepMs: number
  /** Entries kept at most; the oldest go first. */
  maxEntries: number
}

export class PathEvidence {
  private readonly init: PathEvidenceInit
  /** Key -> when it was last seen (monotonic ms), oldest first. */
  private readonly seen = new Map<string, number>()

  constructor (init: PathEvidenceInit) {
    this.init = init
  }

  /** A trace to `target` had `hop` answer; `known` are its other answered hops. */
  record (family: number, target: string, hop: AnsweredHop, known: readonly AnsweredHop[]): void {
    const [ttl, addr] = hop
    this.touch(`${family}|t:${target}|${ttl}`)
    this.touch(`${family}|a:${SOURCE}|${ttl}`)
    for (const [other, otherAddr] of known) {
      if (other < ttl) {
        this.touch(`${family}|a:${otherAddr}|${ttl - other}`)
        this.touch(`${family}|b:${addr}|${ttl - other}`)
      }
      if (other > ttl) {
        this.touch(`${family}|a:${addr}|${other - ttl}`)
        this.touch(`${family}|b:${otherAddr}|${other - ttl}`)
      }
    }
  }

  /**
   * Whether a router has lately answered at `ttl` of `target`, or `ttl - below.ttl` hops behind the address that
   * answered at `below` (the nearest answered hop below `ttl`; the source when there is none), or as many hops
   * before the address that answered at `above` (the nearest answered hop above it).
   */
  answered (family: number, target: string, ttl: number, below: AnsweredHop | undefined,
    above: AnsweredHop | undefined): boolean {
    const anchor = below === undefined ? `${SOURCE}|${ttl}` : `${below[1]}|${ttl - below[0]}`
    return this.fresh(`${family}|t:${target}|${ttl}`) || this.fresh(`${family}|a:${anchor}`) ||
      (above !== undefined && this.fresh(`${family}|b:${above[1]}|${above[0] - ttl}`))
  }

  get size (): number {
    return this.seen.size
  }

  private touch (key: string): void {
    this.seen.delete(key)
    this.seen.set(key, this.init.clock.monotonic())
    while (this.seen.size > this.init.maxEntries) this.seen.delete(this.seen.keys().next().value as string)
  }

  private fresh (key: string): boolean {
    const at = this.seen.get(key)
    return at !== undefined && this.init.clock.monotonic() - at < this.init.keepMs
  }
}
