// What concurrent traces to one target tell each other: the TTLs at which any of them had an answer, and the
// lowest TTL at which one met the target or a refusing router. A silent hop where another trace had an answer is
// a router whose ICMP bucket the traces share, not a silent router, and is retried rather than reported as '*'.
// Kept only while a trace to that target runs.

interface TargetRecord {
  users: number
  answered: Set<number>
  lowestTerminal: number
}

export interface TargetEvidence {
  answeredElsewhere: (ttl: number) => boolean
  record: (ttl: number, terminal: boolean) => void
  leave: () => void
}

export class PathEvidence {
  private readonly targets = new Map<string, TargetRecord>()

  /** Joins the evidence about `target` (a family-qualified address) for one trace; leave() when it ends. */
  join (target: string): TargetEvidence {
    let entry = this.targets.get(target)
    if (entry === undefined) {
      entry = { users: 0, answered: new Set(), lowestTerminal: Infinity }
      this.targets.set(target, entry)
    }
    entry.users++
    const record = entry
    let left = false
    return {
      answeredElsewhere: (ttl) => record.answered.has(ttl) || record.lowestTerminal <= ttl,
      record: (ttl, terminal) => {
        record.answered.add(ttl)
        if (terminal) record.lowestTerminal = Math.min(record.lowestTerminal, ttl)
      },
      leave: () => {
        if (left) return
        left = true
        if (--record.users === 0) this.targets.delete(target)
      }
    }
  }

  /** Targets with a trace running. */
  get size (): number {
    return this.targets.size
  }
}
