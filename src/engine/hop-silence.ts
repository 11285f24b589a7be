// Whether a hop, the router one TTL past an address that answered (or past the source: the first hop), has lately
// been silent for every trace of a family. Its answer to an expired probe does not depend on the target, so when many
// traces' probes at that place went unanswered and none was answered, one more such probe only spends a token of its
// ICMP bucket (Linux takes one before the firewall drops the error): the tokens that the router's refusals of other
// targets' probes need.

import type { Family } from './trace.js'
import type { Clock } from '../time/clock.js'

export interface HopSilenceInit {
  clock: Clock
  /** Probes at a hop that must have gone unanswered before it counts as silent. */
  probes: number
  /** How long a probe is given to be answered before it counts (ms). */
  settleMs: number
  /** How long a probe or an answer counts as evidence (ms). */
  keepMs: number
  /** Hops remembered at most; the ones heard of longest ago are forgotten first. */
  maxHops: number
}

/** The source's own place in a path: the anchor of the first hop. */
export const SOURCE_ANCHOR = ''

/**
 * The anchor of the hop `ttl` hops from the source when the trace probes nothing below it (`ttl` is its first hop):
 * SOURCE_ANCHOR at TTL 1, and a name of its own for each later first hop (`--first-hop 2` starts past a hop unseen).
 */
export function sourceAnchor (ttl: number): string {
  return ttl === 1 ? SOURCE_ANCHOR : `${SOURCE_ANCHOR}@${ttl}`
}

/** Send times kept per hop at most: enough to count `probes` of them. */
const MAX_KEPT = 256

interface HopEvidence {
  /** When the hop last answered a probe (monotonic ms). */
  answeredAt: number
  /** When probes at the hop left since then, oldest first (monotonic ms). */
  sent: number[]
}

/**
 * A hop is named by its family and its anchor: the address that answered one TTL before it in the probing trace
 * (the source at the trace's first TTL: sourceAnchor). Traces that share the anchor share the hop, unless paths split
 * right there (ECMP): then it is silent only once none of the branches answered.
 */
export class HopSilence {
  private readonly init: HopSilenceInit
  /** Keys `<family>|<anchor>`, the ones heard of longest ago first. */
  private readonly hops = new Map<string, HopEvidence>()

  constructor (init: HopSilenceInit) {
    this.init = init
  }

  /** A probe left now at the hop past `anchor`. */
  sent (family: Family, anchor: string): void {
    const evidence = this.evidence(family, anchor)
    evidence.sent.push(this.init.clock.monotonic())
    if (evidence.sent.length > MAX_KEPT) evidence.sent.shift()
  }

  /** A probe at the hop past `anchor` was answered now, by a router's time-exceeded or by the target itself. */
  answered (family: Family, anchor: string): void {
    const evidence = this.evidence(family, anchor)
    evidence.answeredAt = this.init.clock.monotonic()
    evidence.sent = []
  }

  /**
   * Whether no probe at the hop past `anchor` was answered lately, while at least `probes` of them, sent lately,
   * have had their time to be.
   */
  silent (family: Family, anchor: string): boolean {
    const evidence = this.hops.get(`${family}|${anchor}`)
    if (evidence === undefined) return false
    const now = this.init.clock.monotonic()
    if (now - evidence.answeredAt < this.init.keepMs) return false
    while (evidence.sent.length > 0 && now - evidence.sent[0] >= this.init.keepMs) evidence.sent.shift()
    let settled = 0
    for (const at of evidence.sent) {
      if (now - at < this.init.settleMs) break
      settled++
    }
    return settled >= this.init.probes
  }

  get size (): number {
    return this.hops.size
  }

  private evidence (family: Family, anchor: string): HopEvidence {
    const key = `${family}|${anchor}`
    const evidence = this.hops.get(key) ?? { answeredAt: -Infinity, sent: [] }
    this.hops.delete(key)
    this.hops.set(key, evidence)
    while (this.hops.size > this.init.maxHops) this.hops.delete(this.hops.keys().next().value as string)
    return evidence
  }
}
