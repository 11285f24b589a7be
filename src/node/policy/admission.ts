// Rate limits a peer applies before it spends anything on a request: floods per origin per minute (so one
// requester cannot keep the overlay busy), and probes per target per minute across all requests (so many origins
// cannot focus the overlay on one victim). Every table is bounded: past its size, the least recent key is dropped.

import { LRUCache } from 'lru-cache'
import type { ProbeBudget } from '../../engine/index.js'
import { systemClock, type Clock } from '../../time/clock.js'
import {
  CLIENT_ADDRESS_SHARE_OF_NEIGHBOUR_RATE, DEFAULT_PROBES_PER_TARGET_PER_MINUTE, DEFAULT_TRACES_PER_NEIGHBOUR_PER_MINUTE,
  DEFAULT_TRACES_PER_ORIGIN_PER_MINUTE
} from './constants.js'

const DEFAULT_MAX_TRACKED_KEYS = 10_000
const MINUTE_MS = 60_000

export interface AdmissionInit {
  tracesPerOriginPerMinute?: number
  tracesPerNeighbourPerMinute?: number
  probesPerTargetPerMinute?: number
  maxTrackedKeys?: number
  /** Where "now" is read from when a call does not say (default: the system clock). */
  clock?: Clock
}

/** A sliding one-minute window of counts per key, in a bounded LRU. */
class MinuteCounter {
  private readonly windows: LRUCache<string, number[]>

  constructor (maxKeys: number, clock: Clock) {
    this.windows = new LRUCache({ max: maxKeys, ttl: MINUTE_MS, perf: { now: () => clock.monotonic() } })
  }

  /** The amount counted for `key` in the last minute. */
  total (key: string, now: number): number {
    const entries = this.prune(key, now)
    let sum = 0
    for (let i = 1; i < entries.length; i += 2) sum += entries[i]
    return sum
  }

  add (key: string, amount: number, now: number): void {
    const entries = this.prune(key, now)
    // Counts in the same millisecond share an entry: probe-by-probe counting stays one entry per ms at most.
    if (entries.length > 0 && entries[entries.length - 2] === now) entries[entries.length - 1] += amount
    else entries.push(now, amount)
    this.windows.set(key, entries)
  }

  private prune (key: string, now: number): number[] {
    const entries = this.windows.get(key) ?? []
    let drop = 0
    while (drop < entries.length && entries[drop] <= now - MINUTE_MS) drop += 2
    return drop === 0 ? entries : entries.slice(drop)
  }
}

export class Admission {
  readonly tracesPerOriginPerMinute: number
  readonly tracesPerNeighbourPerMinute: number
  /** Floods the clients of one source address may have admitted here per minute (a share of the neighbour rate). */
  readonly tracesPerClientAddressPerMinute: number
  readonly probesPerTargetPerMinute: number
  private readonly origins: MinuteCounter
  private readonly neighbours: MinuteCounter
  private readonly clientAddresses: MinuteCounter
  private readonly targets: MinuteCounter
  private readonly clock: Clock

  constructor (init: AdmissionInit = {}) {
    this.tracesPerOriginPerMinute = init.tracesPerOriginPerMinute ?? DEFAULT_TRACES_PER_ORIGIN_PER_MINUTE
    this.tracesPerNeighbourPerMinute = init.tracesPerNeighbourPerMinute ?? DEFAULT_TRACES_PER_NEIGHBOUR_PER_MINUTE
    this.tracesPerClientAddressPerMinute = Math.max(1, Math.floor(this.tracesPerNeighbourPerMinute * CLIENT_ADDRESS_SHARE_OF_NEIGHBOUR_RATE))
    this.probesPerTargetPerMinute = init.probesPerTargetPerMinute ?? DEFAULT_PROBES_PER_TARGET_PER_MINUTE
    const maxKeys = init.maxTrackedKeys ?? DEFAULT_MAX_TRACKED_KEYS
    this.clock = init.clock ?? systemClock
    this.origins = new MinuteCounter(maxKeys, this.clock)
    this.neighbours = new MinuteCounter(maxKeys, this.clock)
    this.clientAddresses = new MinuteCounter(maxKeys, this.clock)
    this.targets = new MinuteCounter(maxKeys, this.clock)
  }

  /**
   * Counts a flood signed by `origin` and handed over by `from`; the reason it is refused, or undefined.
   * `clientAddress`: the source address when `from` is a client (a requester's own connection, not an overlay
   * neighbour) and not this host: its clients together get a share of the rate a neighbour gets, since a client
   * signs with any key it likes and every flood admitted here counts against this peer at its neighbours.
   */
  admitFlood (origin: string, from: string, clientAddress?: string, now = this.clock.now()): string | undefined {
    if (this.origins.total(origin, now) >= this.tracesPerOriginPerMinute) {
      return `rate limited: more than ${this.tracesPerOriginPerMinute} traces a minute from this origin`
    }
    if (this.neighbours.total(from, now) >= this.tracesPerNeighbourPerMinute) {
      return `rate limited: more than ${this.tracesPerNeighbourPerMinute} traces a minute through ${from}`
    }
    if (clientAddress !== undefined && this.clientAddresses.total(clientAddress, now) >= this.tracesPerClientAddressPerMinute) {
      return `rate limited: more than ${this.tracesPerClientAddressPerMinute} traces a minute from requesters at ${clientAddress}`
    }
    this.origins.add(origin, 1, now)
    this.neighbours.add(from, 1, now)
    if (clientAddress !== undefined) this.clientAddresses.add(clientAddress, 1, now)
    return undefined
  }

  /** Whether this peer may probe `addr` now; the reason when not. */
  targetRefusal (addr: string, now = this.clock.now()): string | undefined {
    if (this.targets.total(addr, now) >= this.probesPerTargetPerMinute) {
      return `rate limited: ${this.probesPerTargetPerMinute} probes a minute to ${addr} already sent from here`
    }
    return undefined
  }

  /** Records probes sent to `addr`. */
  countProbes (addr: string, probes: number, now = this.clock.now()): void {
    this.targets.add(addr, probes, now)
  }

  /**
   * The per-target budget as the engine spends it, probe by probe: a trace stops (with the hops it has) when the
   * probes sent to `addr` from here in the last minute, by every trace together, reach the limit.
   */
  probeBudget (addr: string): ProbeBudget {
    return {
      available: () => this.targets.total(addr, this.clock.now()) < this.probesPerTargetPerMinute,
      spend: () => { this.countProbes(addr, 1) }
    }
  }
}
