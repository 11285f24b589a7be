// Whether the first hop, the router every trace of a family leaves through, has lately been silent for all of them.
// Its answer to an expired probe does not depend on the target, so when many traces' TTL 1 probes went unanswered
// and none was answered, one more such probe only spends a token of its ICMP bucket (Linux takes one before the
// firewall drops the error): the tokens that the router's refusals of other targets' probes need.

import type { Family } from './trace.js'
import type { Clock } from '../time/clock.js'

export interface FirstHopSilenceInit {
  clock: Clock
  /** TTL 1 probes that must have gone unanswered before the first hop counts as silent. */
  probes: number
  /** How long a probe is given to be answered before it counts (ms). */
  settleMs: number
  /** How long a probe or an answer counts as evidence (ms). */
  keepMs: number
}

/** Send times kept per family at most: enough to count `probes` of them. */
const MAX_KEPT = 256

interface FamilyEvidence {
  /** When the first hop last answered a TTL 1 probe (monotonic ms). */
  answeredAt: number
  /** When TTL 1 probes left since then, oldest first (monotonic ms). */
  sent: number[]
}

export class FirstHopSilence {
  private readonly init: FirstHopSilenceInit
  private readonly families = new Map<Family, FamilyEvidence>()

  constructor (init: FirstHopSilenceInit) {
    this.init = init
  }

  /** A TTL 1 probe of this family left now. */
  sent (family: Family): void {
    const evidence = this.evidence(family)
    evidence.sent.push(this.init.clock.monotonic())
    if (evidence.sent.length > MAX_KEPT) evidence.sent.shift()
  }

  /** A TTL 1 probe of this family was answered now, by a router's time-exceeded or by the target itself. */
  answered (family: Family): void {
    const evidence = this.evidence(family)
    evidence.answeredAt = this.init.clock.monotonic()
    evidence.sent = []
  }

  /**
   * Whether no TTL 1 probe of this family was answered lately, while at least `probes` of them, sent lately, have
   * had their time to be.
   */
  silent (family: Family): boolean {
    const evidence = this.families.get(family)
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

  private evidence (family: Family): FamilyEvidence {
    let evidence = this.families.get(family)
    if (evidence === undefined) {
      evidence = { answeredAt: -Infinity, sent: [] }
      this.families.set(family, evidence)
    }
    return evidence
  }
}
