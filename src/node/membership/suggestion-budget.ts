// How fast one neighbour's suggestions are dialled: a peer a neighbour named (peer exchange) that this node has
// never been connected to is dialled only while that neighbour's budget of such dials for the last minute lasts.
// A neighbour naming fresh ids at sockets of its choosing cannot turn this node into a dialler for it.

import { LRUCache } from 'lru-cache'
import type { Clock } from '../../time/clock.js'
import { DEFAULT_SUGGESTED_DIALS_PER_MINUTE } from './constants.js'

const MINUTE_MS = 60_000

export interface SuggestionBudgetInit {
  clock: Clock
  /** Dials a minute to never-connected peers one neighbour named. */
  perMinute?: number
  /** Suggestions and neighbours tracked at most (least recent dropped). */
  max: number
}

export class SuggestionBudget {
  private readonly clock: Clock
  private readonly perMinute: number
  /** Never-connected peer id -> the neighbour that named it first. */
  private readonly namedBy: LRUCache<string, string>
  /** Neighbour -> when its suggestions were dialled within the last minute. */
  private readonly dials: LRUCache<string, number[]>

  constructor (init: SuggestionBudgetInit) {
    this.clock = init.clock
    this.perMinute = init.perMinute ?? DEFAULT_SUGGESTED_DIALS_PER_MINUTE
    this.namedBy = new LRUCache({ max: init.max })
    this.dials = new LRUCache({ max: init.max })
  }

  /** `neighbour` named `id`, which this node was never connected to: its dials count against that neighbour. */
  named (id: string, neighbour: string): void {
    if (!this.namedBy.has(id)) this.namedBy.set(id, neighbour)
  }

  /** Connected to `id`: it is a peer of this node's own now, dialled without counting against anyone. */
  connected (id: string): void {
    this.namedBy.delete(id)
  }

  /** Whether `id` may be dialled now. */
  allows (id: string): boolean {
    const neighbour = this.namedBy.get(id)
    return neighbour === undefined || this.recent(neighbour).length < this.perMinute
  }

  /** `id` is being dialled: counted against the neighbour that named it, if any. */
  dialled (id: string): void {
    const neighbour = this.namedBy.get(id)
    if (neighbour === undefined) return
    this.dials.set(neighbour, [...this.recent(neighbour), this.clock.monotonic()])
  }

  private recent (neighbour: string): number[] {
    const since = this.clock.monotonic() - MINUTE_MS
    return (this.dials.get(neighbour) ?? []).filter(at => at > since)
  }
}
