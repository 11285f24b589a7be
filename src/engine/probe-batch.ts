// The probes that traces ask for in one turn of the event loop, gathered and sent together in an order that shares
// the routers' ICMP buckets among the traces (see ProbeBatch).

/** Defers a callback to after this turn of the event loop (setImmediate in the engine; a test's queue in tests). */
export type Defer = (callback: () => void) => void

/**
 * Which probes of a batch leave first: retries past their trace's last answer at a TTL where another trace to the
 * same target lately had an answer, then the other such retries, then the rest.
 */
export type ProbeRank = 'answered-elsewhere' | 'end-zone' | 'other'

const RANK_ORDER: Record<ProbeRank, number> = { 'answered-elsewhere': 0, 'end-zone': 1, other: 2 }

interface Queued {
  ttl: number
  rank: number
  send: () => void
}

/**
 * Probes asked for in one turn of the event loop leave together, lowest TTL first: traces started at once then share
 * a rate-limiting router's burst (each gets its answer at that router's TTL) instead of the first trace's
 * overshooting probes taking every token. Within a TTL they keep the order they were asked in: tried with the most
 * retried first, an IPv4 `prohibit` route (two tokens per error) never answered one of ten traces (generated seed
 * 39596: 3 of 4 runs wrong, 0 of 4 without).
 *
 * Retries past a trace's last answer (its end zone: they tell how the path ends) leave before the others, lowest
 * TTL first among them. Behind a router that is silent for expired probes but still takes a token for each (Linux
 * limits before the firewall drops the error), the other traces' retries at its TTL spent every refill before the
 * probe that the router refused came up: generated seed 253409 (among 10 at once, under load) got `[r1 * * * * *]`
 * where the truth ends `r6 !H` at TTL 3, in 3 of 4 loaded runs. Highest TTL first every other round was tried, and
 * found a refusal one TTL too high (seed 71272).
 *
 * Among those, a retry at a TTL where another trace to the same target lately had an answer leaves first: a token
 * spent there buys an answer known to exist, while the other traces' retries at that TTL may be meeting a router
 * that never answers them. Without it, seven traces' retries at a silent, rate-limited router with a `prohibit` route
 * (two tokens per error) went in the same order every round, and the fifth, whose twin to the same target had the
 * router's answer in the first burst, never got one (fresh seed 648196812, among 10 at once, every run).
 */
export class ProbeBatch {
  private queued: Queued[] = []
  private readonly run: (send: () => void) => void
  private readonly defer: Defer

  /** `run` takes each probe's send in the batch's order (the engine's pacer). */
  constructor (run: (send: () => void) => void, defer: Defer = setImmediate) {
    this.run = run
    this.defer = defer
  }

  /** Queues a probe at `ttl`. */
  add (ttl: number, rank: ProbeRank, send: () => void): void {
    if (this.queued.length === 0) this.defer(() => { this.flush() })
    this.queued.push({ ttl, rank: RANK_ORDER[rank], send })
  }

  private flush (): void {
    const queued = this.queued
    this.queued = []
    // Array.prototype.sort is stable: probes of one TTL keep the order they were asked for.
    queued.sort((a, b) => a.rank - b.rank || a.ttl - b.ttl)
    for (const probe of queued) this.run(probe.send)
  }
}
