// The degree rule, apart from libp2p so it is tested on a virtual clock with a made-up view: how many peers to dial
// (below --min-neighbours, never more than identify can tell apart), which neighbours to prune (above
// --max-neighbours) and when to dial one fresh peer anyway (continuous sampling). docs/overlay.md states the rule.

import type { Clock } from '../../time/clock.js'
import { shuffle } from './known-peers.js'

/** One overlay neighbour as the rule sees it. */
export interface NeighbourState {
  id: string
  /** Monotonic ms at which its oldest open connection opened. */
  since: number
  /** Carries a trace or a history read right now: pruning it would cut that short. */
  busy: boolean
  /** Its degree, as the length of its last peer-exchange answer (undefined: never asked). */
  reportedDegree?: number
  /** Its last peer-exchange answer named another of our neighbours: the edge is on a triangle. */
  triangle: boolean
}

export interface View {
  neighbours: NeighbourState[]
  /** Dials in flight and outbound connections whose identify has not said yet whether they are members. */
  pending: number
}

export interface Plan {
  /** Known peers to dial now (below the minimum). */
  dial: number
  /** Dial one fresh peer now, whatever the degree (a sampling round). */
  sample: boolean
  /** Neighbours to disconnect (above the maximum). */
  prune: string[]
}

export interface DegreeWindowInit {
  clock: Clock
  random: () => number
  min: number
  max: number
  /** Dials started in one round at most. */
  maxParallelDials: number
  /** A connection younger than this is not pruned. */
  pruneGraceMs: number
  /** Mean time between sampling rounds; 0: never sample. */
  sampleIntervalMs: number
}

export class DegreeWindow {
  private readonly init: DegreeWindowInit
  private nextSampleAt: number

  constructor (init: DegreeWindowInit) {
    if (init.max < init.min) throw new RangeError(`the maximum degree ${init.max} is below the minimum ${init.min}`)
    this.init = init
    this.nextSampleAt = init.clock.monotonic() + this.sampleGap()
  }

  plan (view: View): Plan {
    const degree = view.neighbours.length
    const dial = Math.max(0, Math.min(this.init.min - degree - view.pending, this.init.maxParallelDials))
    return { dial, sample: this.sampleDue(), prune: this.pruneChoice(view) }
  }

  /**
   * Above the maximum: which neighbours to drop. Only connections past their grace and idle; first those whose
   * degree stays at or above the minimum without us (highest first), then edges on a triangle (their loss cannot
   * cut the graph there), then at random. One that never told its degree counts as at the minimum.
   */
  private pruneChoice (view: View): string[] {
    const excess = view.neighbours.length - this.init.max
    if (excess <= 0) return []
    const now = this.init.clock.monotonic()
    const eligible = shuffle(view.neighbours.filter(n => !n.busy && now - n.since >= this.init.pruneGraceMs), this.init.random)
    const spare = (n: NeighbourState): number => (n.reportedDegree ?? this.init.min) - this.init.min
    // A stable sort keeps the shuffle's order among equals.
    eligible.sort((a, b) => Math.min(spare(b), 1) - Math.min(spare(a), 1) || Number(b.triangle) - Number(a.triangle) ||
      spare(b) - spare(a))
    return eligible.slice(0, excess).map(n => n.id)
  }

  private sampleDue (): boolean {
    if (this.init.sampleIntervalMs <= 0) return false
    const now = this.init.clock.monotonic()
    if (now < this.nextSampleAt) return false
    this.nextSampleAt = now + this.sampleGap()
    return true
  }

  /** Drawn in [0.5, 1.5] of the mean: peers started together do not sample in step. */
  private sampleGap (): number {
    return this.init.sampleIntervalMs * (0.5 + this.init.random())
  }
}
