// The probes that traces ask for in one turn of the event loop, gathered and sent together in an order that shares
// the routers' ICMP buckets among the traces (see ProbeBatch).

/** Defers a callback to after this turn of the event loop (setImmediate in the engine; a test's queue in tests). */
export type Defer = (callback: () => void) => void

/**
 * Which probes of a batch leave first: retries past their trace's last answer at a TTL where another trace to the
 * same target lately had an answer, then the other such retries, then the rest; then an end zone's extra last round
 * (`extra-round`, TraceDriver.pacedRetryAt); probes at a hop that has lately been silent for every trace
 * (`silent-hop`, see HopSilence) leave last.
 */
export type ProbeRank = 'answered-elsewhere' | 'end-zone' | 'other' | 'extra-round' | 'silent-hop'

const RANK_ORDER: Record<ProbeRank, number> = { 'answered-elsewhere': 0, 'end-zone': 1, other: 2, 'extra-round': 3, 'silent-hop': 4 }
const LAST = RANK_ORDER['silent-hop']

interface Queued {
  trace: number
  ttl: number
  rank: number
  send: () => void
}

/**
 * Probes asked for in one turn of the event loop leave together, lowest TTL first: traces started at once then share
 * a rate-limiting router's burst (each gets its answer at that router's TTL) instead of the first trace's
 * overshooting probes taking every token. Within a rank and a TTL the traces take turns: the one that led such a
 * group least lately goes first (one that never led, the first started), so that no trace comes last there round
 * after round. In the order asked, which paced retries repeat every round (their timers are set in the same order),
 * a trace whose `unreachable` route at a rate-limited first hop costs two tokens an error (and one even when the
 * second is missing) came after another trace's retry at that hop in every round, and its refusal never came back
 * (fixed seed 1666007350 e4, udp among 10 at once, in a loaded stress run). Putting the most retried first was
 * tried, and an IPv4 `prohibit` route never answered one of ten traces (generated seed 39596: 3 of 4 runs wrong).
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
 *
 * A trace's own probes keep its lowest TTL first whatever their ranks: each leaves with the best rank among it and the
 * trace's probes above it. A router answers every probe at or past its TTL alike (a refusal, the target), so a higher
 * TTL of the same trace that went first would take the token and show the end too far. Ranked each on its own, a trace
 * whose twin had the refusal at TTL 2 sent its TTL 2 retry before its TTL 1 one, and the router's time-exceeded at
 * TTL 1 never came back (fresh seed 1666007350: `[* r1]!H` for `[r1 r1]!H`). The probes above a trace's best-ranked
 * one keep their own rank: given the trace's best, an end zone's retries at TTL 8-10 (another trace to its target had
 * answers at 6 and 7 only) took a rate-limited router's four refilled tokens in the trace's last round, before another
 * trace's one retry at that router's TTL, and its refusal never came back (fixed seed 71272, e5 udp among 10 at once,
 * in a loaded stress run).
 *
 * An end zone's extra last round (one grid instant sooner than its regular round, which would pass the retry horizon)
 * leaves after every regular probe of the batch, before the probes at a silent hop: it is a bonus, and takes only the
 * tokens that no regular retry of that instant needs. Ranked as an end zone's retries, a loop trace's extra round
 * (TTL 5 and 7) took a rate-limited first hop's two refilled tokens before another trace's one paced retry at TTL 2,
 * where that router refuses its target, and the refusal never came back (fresh seed 1666007350 e5, among 10 at once,
 * `[r1 * r1]!H` for `[r1 r1]!H`).
 *
 * Probes at a silent hop (the first hop, or the router past an address that answered) leave after every other probe,
 * trace by trace, the one that led them least lately first (Turns). Its answer to an expired probe is the same for
 * every target, so each such probe only spends the token that the router's refusal of another target's probe needs:
 * ten traces' TTL 1 retries, lowest TTL first, took every refill of a silent, rate-limited first hop whose firewall
 * refuses one target (fresh seeds 39, 158, 389933559: `[* * * * *]` for `[* r1]!X`, every run). The same one hop
 * further: six traces' retries at a silent, rate-limited r6 past r4 took its burst and every refill, and the two
 * traces whose target r6 refuses one TTL later never had its refusal (fresh seed 2650447879, e2 icmp and udp among 10
 * at once, `[* r1 r2 r3 r4 * * * * *]` for `[* r1 r2 r3 r4 * r6]!N`, every run). This is the one place a trace's
 * higher TTL may leave before its lower. A retry at a silent hop where another trace to the same target had an answer
 * is not such a probe: the hop refuses that target at its own TTL (an `unreachable` route, seed 158), and its rank is
 * `answered-elsewhere`.
 */
export class ProbeBatch {
  private queued: Queued[] = []
  private readonly run: (send: () => void) => void
  private readonly defer: Defer
  /** When each trace last led the probes at a silent first hop. */
  private readonly turns = new Turns()
  /** When each trace last led the probes of one rank at one TTL. */
  private readonly groupTurns = new Turns()

  /** `run` takes each probe's send in the batch's order (the engine's pacer). */
  constructor (run: (send: () => void) => void, defer: Defer = setImmediate) {
    this.run = run
    this.defer = defer
  }

  /** Queues trace `trace`'s probe at `ttl`. */
  add (trace: number, ttl: number, rank: ProbeRank, send: () => void): void {
    if (this.queued.length === 0) this.defer(() => { this.flush() })
    this.queued.push({ trace, ttl, rank: RANK_ORDER[rank], send })
  }

  private flush (): void {
    const queued = this.queued
    this.queued = []
    const rest = queued.filter(probe => probe.rank !== LAST)
    const silent = queued.filter(probe => probe.rank === LAST)
    const rankOf = ranksFromAbove(rest)
    const ledAt = (trace: number): number => this.groupTurns.ledAt(trace)
    // Array.prototype.sort is stable: a trace's probes of one TTL keep the order they were asked for.
    rest.sort((a, b) => rankOf(a) - rankOf(b) || a.ttl - b.ttl || ledAt(a.trace) - ledAt(b.trace) || a.trace - b.trace)
    // The first trace of each group (one rank, one TTL) that holds another trace's probe too took its turn.
    for (let start = 0, end = 0; start < rest.length; start = end) {
      const first = rest[start]
      let shared = false
      for (end = start + 1; end < rest.length && rankOf(rest[end]) === rankOf(first) && rest[end].ttl === first.ttl; end++) {
        if (rest[end].trace !== first.trace) shared = true
      }
      if (shared) this.groupTurns.led(first.trace)
    }
    this.turns.order(silent)
    for (const probe of [...rest, ...silent]) this.run(probe.send)
  }
}

/** Each probe's rank in the batch: the best among its own and those of its trace's probes at a higher TTL. */
function ranksFromAbove (probes: readonly Queued[]): (probe: Queued) => number {
  const byTrace = new Map<number, Queued[]>()
  for (const probe of probes) {
    const own = byTrace.get(probe.trace)
    if (own === undefined) byTrace.set(probe.trace, [probe])
    else own.push(probe)
  }
  const ranks = new Map<Queued, number>()
  for (const own of byTrace.values()) {
    own.sort((a, b) => b.ttl - a.ttl)
    let best = LAST
    for (let i = 0; i < own.length;) {
      // One TTL's probes together: each of them takes the best rank at that TTL or above.
      let end = i
      while (end < own.length && own[end].ttl === own[i].ttl) best = Math.min(best, own[end++].rank)
      for (; i < end; i++) ranks.set(own[i], best)
    }
  }
  return (probe) => ranks.get(probe) ?? LAST
}

/** Traces remembered by Turns at most: the ones that led longest ago are forgotten first. */
const MAX_REMEMBERED = 1024

/** Which trace goes first among probes that could leave in any order: the one that led least lately. */
class Turns {
  private readonly leaders = new Map<number, number>()
  private turns = 0

  /** When `trace` last led (a count of turns; 0: never, or forgotten). */
  ledAt (trace: number): number {
    return this.leaders.get(trace) ?? 0
  }

  /** `trace` leads now. */
  led (trace: number): void {
    this.leaders.delete(trace)
    this.leaders.set(trace, ++this.turns)
    if (this.leaders.size > MAX_REMEMBERED) this.leaders.delete(this.leaders.keys().next().value as number)
  }

  /** Sorts `probes` trace by trace, the one that led least lately first (one that never led before any), then by TTL. */
  order (probes: Queued[]): void {
    probes.sort((a, b) => this.ledAt(a.trace) - this.ledAt(b.trace) || a.trace - b.trace || a.ttl - b.ttl)
    if (probes.length > 0) this.led(probes[0].trace)
  }
}
