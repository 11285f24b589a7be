// The trace driver: the state machine of one trace (which probe next, when a hop is done, when to stop), in the
// manner of scamper's trace_do. It knows nothing of sockets: it asks a ProbeSender to send (ttl, key) and is
// told of answers by key, so the same logic runs over raw sockets and over a simulated network in unit tests.
//
// The shape of a trace:
// - discovery: one probe per TTL, for a window of TTLs beyond the highest hop that answered, all at once;
// - follow-ups: once a hop has answered, queries-1 more probes for its RTT samples (for the destination hop only
//   once the hop below it is settled, so overshooting probes do not spend the target's ICMP rate-limit tokens);
// - silence: a hop with later hops answering is retried after NEAR times the nearest later hop's RTT and declared
//   '*' after its retries (paced retries go on where other traces to the target had an answer at that TTL, or a
//   router answered another trace at this place of the path within the last minute, or this engine's probes have
//   lately found a router's ICMP bucket empty: a rate-limited router is not a silent one); past the last answer,
//   where silence may be a rate-limited target or refusing router, every silent TTL is retried in paced rounds
//   until the wait cap (or, beside other traces, the retry horizon) has passed;
// - the end: the destination or a refusing router with every hop below it settled; a loop; `gapLimit` silent hops
//   past the last answer; max-hops; or the trace's bound (traceBoundMs) or an abort, with the hops known so far.
//
// Every state has a deadline: each step either ends the trace or sets a timer, and the bound ends it regardless.

import { engineLog } from './log.js'
import { engineClock } from './after-io.js'
import type { CancelTimer, Clock } from '../time/clock.js'
import {
  ANSWERING_PLACE_KEEP_MS, CONCURRENT_SILENCE_FLOOR_MS, CONTENDED_RETRY_MARGIN_MS, DEFAULT_GAP_LIMIT, DEFAULT_HERE_FACTOR,
  DEFAULT_NEAR_FACTOR, DEFAULT_RATE_LIMIT_GAP_MS, DEFAULT_RETRIES, DEFAULT_WAIT_FLOOR_MS, DEFAULT_WINDOW,
  FOLLOWUP_WAIT_FLOOR_MS, MAX_PROBES_PER_TRACE
} from './constants.js'
import { traceBoundMs } from './trace-bound.js'
import type { Hop, Probe, StopReason } from './trace.js'
import { MAX_DISCOVERY_PROBES_PER_HOP } from '../model/limits.js'
import type { AnsweredHop } from './path-evidence.js'
import type { ProbeBudget } from './probe-budget.js'
import { hereWait, median, nearWait, type WaitFactors } from './wait-policy.js'

/** What an answer means for the trace: a hop on the way, the destination, or a router refusing (unreachable). */
export type AnswerClass = 'hop' | 'dest' | 'stop'

export interface Answer {
  from: string
  cls: AnswerClass
  flag?: string
  /** The answer's IP TTL as received, and its size in bytes, where the socket layer gives them. */
  replyTtl?: number
  size?: number
  /** A TCP answer's flags ('SA', 'RA'). */
  tcpFlags?: string
}

/**
 * A retry of a TTL past the trace's last answer, which may tell how the path ends (`end-zone`), or one of the end
 * zone's extra last round, taken on the grid instant before its regular one (`extra-round`, TraceDriver.pacedRetryAt).
 */
export type RetryKind = 'end-zone' | 'extra-round'

export interface ProbeSender {
  /** Keys are 0 … keySpace-1; the driver never reuses one within a trace. */
  readonly keySpace: number
  /**
   * Sends a probe; calls back with the monotonic send time, or an error. `retry`: what kind of retry it is, where it
   * is one past the trace's last answer. `anchor`: the router that answered the trace one TTL lower, when one has
   * (the hop probed is the one past it).
   */
  send: (ttl: number, key: number, done: (err: Error | null, at: number) => void, retry?: RetryKind, anchor?: string) => void
}

export interface DriverConfig {
  firstHop: number
  maxHops: number
  queries: number
  waitMs: number
  window?: number
  gapLimit?: number
  retries?: number
  nearFactor?: number
  hereFactor?: number
  waitFloorMs?: number
  rateLimitGapMs?: number
  maxProbes?: number
  /** Spent probe by probe as they are asked for; when it runs out, the trace ends with the hops it has. */
  budget?: ProbeBudget
  /** The trace ends by then (ms after it starts) whatever happens: traceBoundMs() of the options by default. */
  boundMs?: number
  /** True while other traces run beside this one, sharing the routers' ICMP buckets (the engine knows). */
  concurrent?: () => boolean
  /** True when probes of this engine have lately found a router's ICMP bucket empty (see onRateLimited). */
  contended?: () => boolean
  /** Told when a router that answered this trace left a follow-up unanswered: its bucket may be dry. */
  onRateLimited?: () => void
  /**
   * Whether a router of the engine's other traces has lately answered at this place of the path: this TTL of the
   * target, or as far behind one of the answered hops below it (`below`, nearest first; the source when empty), or
   * as far before one of those above it (`above`, nearest first). `withinMs`: how far back to look, when not the
   * engine's own "lately".
   */
  answeredElsewhere?: (ttl: number, below: readonly AnsweredHop[], above: readonly AnsweredHop[], withinMs?: number) => boolean
  /** Told of every answer of this trace (the hop, the other answered hops, its class), for the engine's other traces. */
  onAnswer?: (hop: AnsweredHop, known: AnsweredHop[], cls: AnswerClass) => void
  /**
   * The first instant at or after `at` on the engine's shared grid of paced retries: beside other traces, paced
   * retries go together, so a router's bucket refills in the quiet between them instead of being drained.
   */
  alignPaced?: (at: number) => number
  /** Names the trace in the debug log (the engine's trace number, target and method). */
  label?: string
}

export interface DriverOutcome {
  hops: Hop[]
  reached: boolean
  stop: StopReason
  probesSent: number
}

interface TtlAnswer { from: string, rtt: number, cls: AnswerClass, flag?: string, replyTtl?: number, size?: number, tcpFlags?: string }

interface TtlState {
  ttl: number
  answers: TtlAnswer[]
  /** Discovery probes sent while the hop had no answer. */
  attempts: number
  firstSentAt: number
  lastSentAt: number
  silent: boolean
  followupsAt: number | undefined
  followupsPending: number
  /** A follow-up to this (answering) hop went unanswered, and the engine was told. */
  lossNoted: boolean
  /** Probes asked for but not yet taken by the kernel (the engine's pacer may hold them): no wait runs meanwhile. */
  unsent: number
  /** Paced retries are planned or out: the hop may sit behind a router whose ICMP bucket is dry. */
  pacing: boolean
  /** Its first answer came to a paced retry: a dry bucket, confirmed. */
  answeredPaced: boolean
}

interface ProbeRecord {
  ttl: number
  sentAt: number
  answered: boolean
  followup: boolean
  /** The kernel took it: a probe still queued when the trace ends never left, and is not reported. */
  taken: boolean
  /** A retry sent after a rate-limit gap, to a hop that may sit behind a dry bucket. */
  paced: boolean
  answer?: TtlAnswer
}

interface End { stop: StopReason, ttl: number }

/**
 * Probes that left this close together met a router's ICMP bucket in the same state: Linux refills one token a
 * second, so the chance that one came in between is a thousandth per ms.
 */
const SAME_INSTANT_MS = 1

const log = await engineLog('peertrace:engine:driver')

type Hook = 'concurrent' | 'contended' | 'onRateLimited' | 'answeredElsewhere' | 'onAnswer' | 'alignPaced' | 'label' | 'budget'

export class TraceDriver {
  private readonly cfg: Required<Omit<DriverConfig, Hook>>
  private readonly concurrent: () => boolean
  private readonly contended: () => boolean
  private readonly onRateLimited: () => void
  private readonly answeredElsewhere: (ttl: number, below: readonly AnsweredHop[], above: readonly AnsweredHop[], withinMs?: number) => boolean
  private readonly onAnswer: (hop: AnsweredHop, known: AnsweredHop[], cls: AnswerClass) => void
  private readonly alignPaced: (at: number) => number
  private readonly budget: ProbeBudget | undefined
  private readonly clock: Clock
  private readonly sender: ProbeSender
  private readonly factors: WaitFactors
  private readonly ttls = new Map<number, TtlState>()
  private readonly probes = new Map<number, ProbeRecord>()
  private nextKey = 0
  /** Probes the kernel took: a probe still queued when the trace ends never leaves and is not counted. */
  private sent = 0
  private sentFrontier: number
  /** The lowest TTL that the destination or a refusing router answered. */
  private terminalTtl: number | undefined
  private sawConcurrency = false
  private sawContention = false
  private startedAt = NaN
  private timer: CancelTimer | undefined
  private timerAt = Infinity
  private finished = false
  private pumping = false
  private pumpAgain = false
  private failure: Error | undefined
  private resolveRun: ((outcome: DriverOutcome) => void) | undefined
  private rejectRun: ((err: Error) => void) | undefined
  private detachAbort: (() => void) | undefined
  private readonly label: string

  constructor (sender: ProbeSender, config: DriverConfig, clock: Clock = engineClock) {
    this.sender = sender
    this.clock = clock
    this.concurrent = config.concurrent ?? (() => false)
    this.contended = config.contended ?? (() => false)
    this.onRateLimited = config.onRateLimited ?? (() => {})
    this.answeredElsewhere = config.answeredElsewhere ?? (() => false)
    this.onAnswer = config.onAnswer ?? (() => {})
    this.alignPaced = config.alignPaced ?? ((at) => at)
    this.label = config.label ?? ''
    this.budget = config.budget
    const {
      concurrent: _c, contended: _r, onRateLimited: _o, answeredElsewhere: _e, onAnswer: _a, alignPaced: _p, label: _l,
      budget: _b, ...rest
    } = config
    this.cfg = {
      window: DEFAULT_WINDOW,
      gapLimit: DEFAULT_GAP_LIMIT,
      retries: DEFAULT_RETRIES,
      nearFactor: DEFAULT_NEAR_FACTOR,
      hereFactor: DEFAULT_HERE_FACTOR,
      waitFloorMs: DEFAULT_WAIT_FLOOR_MS,
      rateLimitGapMs: DEFAULT_RATE_LIMIT_GAP_MS,
      maxProbes: MAX_PROBES_PER_TRACE,
      boundMs: traceBoundMs(config),
      ...rest
    }
    this.cfg.maxProbes = Math.min(this.cfg.maxProbes, sender.keySpace)
    this.factors = {
      near: this.cfg.nearFactor, here: this.cfg.hereFactor, floorMs: this.cfg.waitFloorMs, capMs: this.cfg.waitMs
    }
    this.sentFrontier = this.cfg.firstHop - 1
  }

  /** Runs the trace to its end; an abort or the bound ends it early with what has been learnt so far. */
  async run (signal?: AbortSignal): Promise<DriverOutcome> {
    return await new Promise<DriverOutcome>((resolve, reject) => {
      this.resolveRun = resolve
      this.rejectRun = reject
      this.startedAt = this.clock.monotonic()
      if (signal?.aborted === true) {
        this.cutOff()
        return
      }
      const onAbort = (): void => { this.cutOff() }
      signal?.addEventListener('abort', onAbort, { once: true })
      // A signal shared by many traces must not keep every finished driver (and its listener) alive.
      this.detachAbort = () => { signal?.removeEventListener('abort', onAbort) }
      this.pump()
    })
  }

  /** An answer matched to one of this trace's probes, received at monotonic time `at`. */
  answer (key: number, answer: Answer, at: number): void {
    const probe = this.probes.get(key)
    if (this.finished || probe === undefined || probe.answered) return
    probe.answered = true
    const state = this.ttls.get(probe.ttl)
    if (state === undefined) return
    const rtt = Number.isNaN(probe.sentAt) ? 0 : Math.max(0, at - probe.sentAt)
    // A late answer counts even after its hop was declared silent: the trace has not ended yet.
    const got: TtlAnswer = { from: answer.from, rtt, cls: answer.cls, flag: answer.flag }
    if (answer.replyTtl !== undefined) got.replyTtl = answer.replyTtl
    if (answer.size !== undefined) got.size = answer.size
    if (answer.tcpFlags !== undefined) got.tcpFlags = answer.tcpFlags
    probe.answer = got
    state.answers.push(got)
    if (state.answers.length === 1 && probe.paced) state.answeredPaced = true
    if (probe.followup) state.followupsPending--
    if (answer.cls !== 'hop' && (this.terminalTtl === undefined || probe.ttl < this.terminalTtl)) {
      this.terminalTtl = probe.ttl
    }
    if (state.answers.length === 1) {
      this.log('TTL %d answered by %s%s, %d ms in', probe.ttl, answer.from, probe.paced ? ' (paced)' : '',
        Math.round(at - this.startedAt))
      this.onAnswer([probe.ttl, answer.from], this.answeredHops(probe.ttl), answer.cls)
    }
    // Not a step now: this answer may be the first of a batch the socket handed over together, or others may wait in
    // a socket not yet read. A step taken now (late, after the process was descheduled) would judge their waits run
    // out and could end the trace; the driver's timer, set for now, fires once pending I/O has been read.
    if (this.pumping) this.pumpAgain = true
    else this.schedule(this.clock.monotonic())
  }

  get probesSent (): number {
    return this.sent
  }

  /** Keys used so far (0 … keysUsed-1): further probes on the same flow (the rounds) take the next ones. */
  get keysUsed (): number {
    return this.nextKey
  }

  /** Re-entrant safe: a sender or answer that calls back synchronously makes the running pump go round again. */
  private pump (): void {
    if (this.pumping) {
      this.pumpAgain = true
      return
    }
    this.pumping = true
    try {
      do {
        this.pumpAgain = false
        this.step()
      } while (this.pumpAgain && !this.finished)
    } finally {
      this.pumping = false
    }
  }

  /** One look at the whole state: send what is due, settle what has waited long enough, end or set a timer. */
  private step (): void {
    if (this.finished) return
    const now = this.clock.monotonic()
    const deadline = this.startedAt + this.cfg.boundMs
    if (this.failure === undefined && now >= deadline) {
      // Past the bound nothing more is sent or awaited. Answers read late may still have ended the trace by its own
      // rules, and then it ends as they say: under load a node's event loop read answers the kernel took 4.6 s into a
      // 10 s bound only at 9.2 s, its next step came past the bound, and a trace whose target had answered at TTL 1
      // came back cut off, `reached: false` (test/overlay/load.test.ts, a loaded stress run).
      const end = this.end(now, this.loopTtl())
      if (end === undefined) this.cutOff()
      else this.finish(end)
      return
    }
    if (!this.sawConcurrency && this.concurrent()) this.sawConcurrency = true
    this.noteLosses(now)
    if (!this.sawContention && this.contended()) this.sawContention = true
    const loopTtl = this.loopTtl()
    const loopBound = this.loopBound()
    this.expandFrontier(loopTtl ?? loopBound)
    this.sendFollowups(now, loopTtl ?? loopBound)
    const wake = this.handleSilence(now, loopBound)
    if (this.failure !== undefined) {
      this.finish()
      return
    }
    // A state settled in this step may have completed the trace: the pump looks again before sleeping.
    if (this.pumpAgain) return
    const end = this.end(now, loopTtl)
    if (end !== undefined) {
      this.finish(end)
      return
    }
    this.schedule(Math.min(wake, this.followupDeadline(now), deadline))
  }

  /** Sends discovery probes up to `window` TTLs (at least `gapLimit`) past the highest hop that answered. */
  private expandFrontier (loopTtl: number | undefined): void {
    if (this.terminalTtl !== undefined || loopTtl !== undefined) return
    const reach = Math.max(this.cfg.window, this.cfg.gapLimit)
    const want = Math.min(this.cfg.maxHops, this.highestAnswered() + reach)
    while (this.sentFrontier < want && this.canSend()) {
      this.sentFrontier++
      const state: TtlState = {
        ttl: this.sentFrontier, answers: [], attempts: 0, firstSentAt: NaN, lastSentAt: NaN, silent: false,
        followupsAt: undefined, followupsPending: 0, lossNoted: false, unsent: 0, pacing: false, answeredPaced: false
      }
      this.ttls.set(state.ttl, state)
      this.discover(state)
    }
  }

  private sendFollowups (now: number, loopTtl: number | undefined): void {
    const extra = this.cfg.queries - 1
    const last = Math.min(this.terminalTtl ?? Infinity, loopTtl ?? Infinity)
    for (const state of this.ttls.values()) {
      if (state.followupsAt !== undefined || state.answers.length === 0 || state.ttl > last) continue
      if (state.answers.length > extra) {
        state.followupsAt = now
        continue
      }
      // The destination (or refusing router) answers every probe at or past its TTL: wait until the hop below
      // is settled, so follow-ups go only to the TTL that will be reported.
      const terminal = state.answers[0].cls !== 'hop'
      if (terminal && (state.ttl !== this.terminalTtl || !this.settled(state.ttl - 1))) continue
      state.followupsAt = now
      for (let i = state.answers.length; i <= extra && this.canSend(); i++) {
        state.followupsPending++
        this.sendProbe(state, true)
      }
    }
  }

  /**
   * Retries or declares silent the hops that have not answered, up to the end the trace already knows it will have
   * (a refusing router or the destination, or `loopBound`); returns when to look again.
   */
  private handleSilence (now: number, loopBound: number | undefined): number {
    let wake = Infinity
    const highest = this.highestAnswered()
    const endZone: TtlState[] = []
    for (const state of this.ttls.values()) {
      if (state.answers.length > 0 || state.silent) continue
      if (this.terminalTtl !== undefined && state.ttl > this.terminalTtl) continue
      if (loopBound !== undefined && state.ttl > loopBound) continue
      if (state.ttl > highest) {
        endZone.push(state)
        continue
      }
      if (state.unsent > 0) continue
      wake = Math.min(wake, this.handleMidPath(state, now))
    }
    if (endZone.length > 0) wake = Math.min(wake, this.handleEndZone(endZone, now, highest))
    return wake
  }

  /** A follow-up lost at a router that had just answered: that router's ICMP bucket may have run dry. */
  private noteLosses (now: number): void {
    for (const state of this.ttls.values()) {
      if (state.lossNoted || state.followupsAt === undefined || state.followupsPending <= 0 || state.unsent > 0) continue
      if (state.answers[0]?.cls !== 'hop' || now < state.followupsAt + this.followupWait(state)) continue
      state.lossNoted = true
      this.log('TTL %d left %d follow-up(s) unanswered, %d ms in: its router may be rate-limiting', state.ttl,
        state.followupsPending, Math.round(now - this.startedAt))
      this.onRateLimited()
    }
  }

  /**
   * Whether silence at this TTL may be a router whose ICMP bucket is dry rather than a silent one: another trace to
   * the same target had an answer there (or its end below it), or this engine's probes have lately found a dry
   * bucket, or the trace's end may sit here behind its own dry bucket. Such a hop is retried, paced, until the retry
   * horizon.
   */
  private mayBeRateLimited (ttl: number): boolean {
    if (!this.sawContention && this.contended()) this.sawContention = true
    return this.sawContention || this.answeredElsewhere(ttl, this.answeredBelowAll(ttl), this.answeredAboveAll(ttl)) ||
      this.placedLikeADryBucket(ttl) || this.endMaySitHere(ttl)
  }

  /**
   * Whether the trace's end (the destination, or a refusing router) may sit at this silent TTL behind a dry bucket:
   * no router answered between here and the end, and a probe past the end, which surely reached it, went
   * unanswered. Such an end answers every probe at or past its TTL while it has tokens: a probe that left a few ms
   * after the ones below it (the window sliding on) can take the first refilled token, and the end shows up TTLs too
   * high (a rate-limited target answered at TTL 6 for 4, beside the suite under load, its probes at 4, 5 and 7
   * unanswered).
   *
   * Not where a probe at this TTL left right before one that the end answered (within SAME_INSTANT_MS): had the end
   * sat here, that probe would have met it first and taken its token. Without this, a lone trace to a prefix refused
   * behind a silent router (`r1 * r3 !H`, r3 rate-limited) retried the silent hop, paced, until its horizon: 8.4 s
   * where it had taken 0.24 s (bench:probe's unreachable-behind-silent).
   */
  private endMaySitHere (ttl: number): boolean {
    const end = this.terminalTtl
    if (end === undefined || ttl >= end) return false
    for (let between = ttl + 1; between < end; between++) {
      if ((this.ttls.get(between)?.answers.length ?? 0) > 0) return false
    }
    if (this.leftJustBeforeTheEnd(ttl, end)) return false
    for (const state of this.ttls.values()) {
      if (state.ttl > end && state.answers.length === 0 && state.unsent === 0 && !Number.isNaN(state.lastSentAt)) return true
    }
    return false
  }

  /** Whether an unanswered probe at `ttl` left at most SAME_INSTANT_MS before a probe at `end` that was answered. */
  private leftJustBeforeTheEnd (ttl: number, end: number): boolean {
    const answeredAt: number[] = []
    for (const probe of this.probes.values()) {
      if (probe.ttl === end && probe.taken && probe.answered) answeredAt.push(probe.sentAt)
    }
    for (const probe of this.probes.values()) {
      if (probe.ttl !== ttl || !probe.taken || probe.answered) continue
      if (answeredAt.some(at => at >= probe.sentAt && at - probe.sentAt <= SAME_INSTANT_MS)) return true
    }
    return false
  }

  /**
   * Whether a router of the engine's other traces has answered at this place of the path within
   * ANSWERING_PLACE_KEEP_MS: a hole between answered hops there may be a router that answers, its bucket dry now.
   * Such a hole gets one paced retry (not retries to the horizon, as with lately's evidence): where ECMP branches
   * meet that place, the router on this branch may be a silent one.
   */
  private answeringPlace (ttl: number): boolean {
    return this.answeredElsewhere(ttl, this.answeredBelowAll(ttl), this.answeredAboveAll(ttl), ANSWERING_PLACE_KEEP_MS)
  }

  /** Whether a lower hop, not yet answered nor declared silent, has had a paced retry. */
  private lowerAwaitsPacedRetry (ttl: number): boolean {
    for (const state of this.ttls.values()) {
      if (state.ttl < ttl && state.pacing && state.answers.length === 0 && !state.silent) return true
    }
    return false
  }

  /**
   * Whether a hop of this trace that answered only to a paced retry sat where this one sits: the same address
   * answering right above it, or right below it. In a loop through a rate-limited router, the router comes back
   * every period, between the same neighbours, behind the same dry bucket.
   */
  private placedLikeADryBucket (ttl: number): boolean {
    const below = this.ttls.get(ttl - 1)?.answers[0]?.from
    const above = this.ttls.get(ttl + 1)?.answers[0]?.from
    if (below === undefined && above === undefined) return false
    for (const state of this.ttls.values()) {
      if (!state.answeredPaced || state.ttl === ttl) continue
      if (above !== undefined && this.ttls.get(state.ttl + 1)?.answers[0]?.from === above) return true
      if (below !== undefined && this.ttls.get(state.ttl - 1)?.answers[0]?.from === below) return true
    }
    return false
  }

  /** The answered hops of this trace but `except`: TTL and the first address that answered there. */
  private answeredHops (except: number): AnsweredHop[] {
    const hops: AnsweredHop[] = []
    for (const state of this.ttls.values()) {
      if (state.ttl !== except && state.answers.length > 0) hops.push([state.ttl, state.answers[0].from])
    }
    return hops
  }

  /** The answered hops above `ttl` (up to the highest TTL sent), nearest first. */
  private answeredAboveAll (ttl: number): AnsweredHop[] {
    const hops: AnsweredHop[] = []
    for (let above = ttl + 1; above <= this.sentFrontier; above++) {
      const first = this.ttls.get(above)?.answers[0]
      if (first !== undefined) hops.push([above, first.from])
    }
    return hops
  }

  /** The answered hops below `ttl`, nearest first. */
  private answeredBelowAll (ttl: number): AnsweredHop[] {
    const hops: AnsweredHop[] = []
    for (let below = ttl - 1; below >= this.cfg.firstHop; below--) {
      const first = this.ttls.get(below)?.answers[0]
      if (first !== undefined) hops.push([below, first.from])
    }
    return hops
  }

  /** Later hops answered, so this one is silent or lost its answer: retry, then declare it '*'. */
  private handleMidPath (state: TtlState, now: number): number {
    const wait = nearWait(this.laterMedians(state.ttl), this.factors, this.cfg.waitMs / (this.cfg.retries + 1))
    const due = state.lastSentAt + wait
    if (now < due) return due
    if (state.attempts <= this.cfg.retries && this.canSend()) {
      this.discover(state)
      return now + wait
    }
    // Beside other traces, wait until their answers have shown whether a router's bucket ran dry.
    const evidenceAt = state.firstSentAt + CONCURRENT_SILENCE_FLOOR_MS
    if (this.sawConcurrency && now < evidenceAt) return evidenceAt
    // On a minute's evidence alone, one paced retry: a bucket this engine emptied has two tokens back by then.
    const onceMore = state.attempts <= this.cfg.retries + 1 && this.answeringPlace(state.ttl)
    if ((this.mayBeRateLimited(state.ttl) || onceMore) && this.canSend() && now + wait < this.retryHorizon()) {
      const retryAt = this.pacedAt(state.lastSentAt + this.cfg.rateLimitGapMs)
      if (retryAt + wait < this.retryHorizon()) {
        state.pacing = true
        if (now < retryAt) return retryAt
        this.discover(state, true)
        return Infinity
      }
    }
    // No sign of a dry bucket yet, but a lower hop awaits a paced retry: what it answers may show this one to sit
    // behind the same bucket (a loop through a rate-limited router), and the path cannot settle before that hop
    // anyway, so waiting for it costs nothing.
    if (!state.pacing && this.lowerAwaitsPacedRetry(state.ttl)) return Infinity
    this.declareSilent([state])
    return Infinity
  }

  /**
   * Past the last answer, silence may be a rate-limited target or router that answers once its ICMP token bucket
   * has refilled. Every silent TTL there is retried in rounds, lowest first (a refusing router answers every TTL
   * from its own on, and the lowest probe takes its one token): once after the NEAR wait (a lost answer), then
   * after a quiet gap long enough for Linux's buckets (on IPv4 an `unreachable` route's limiter takes a token from
   * the probes that come too soon, so nothing is sent in between), then, where the bucket may be shared with other
   * traces, every such gap until the retry horizon. At the cap, every TTL past the last answer counts as silent.
   */
  private handleEndZone (states: TtlState[], now: number, highest: number): number {
    if (states.some(state => state.unsent > 0 || Number.isNaN(state.lastSentAt))) return Infinity
    const lowest = states[0]
    const last = this.ttls.get(highest)
    const wait = last === undefined || last.answers.length === 0
      ? this.cfg.waitMs
      : nearWait([median(last.answers.map(a => a.rtt))], this.factors)
    const paced = this.sawConcurrency || this.mayBeRateLimited(lowest.ttl)
    const lastSentAt = Math.max(...states.map(state => state.lastSentAt))
    // A late answer moves the end zone up: the TTLs it brings in were first probed then, and get rounds of their own
    // (a router met again further on, in a loop, has just spent its one refilled token on the hop below).
    const firstSentAt = Math.max(...states.map(state => state.firstSentAt))
    const attempts = Math.min(...states.map(state => state.attempts))
    // How long a retry's answer is awaited: a lost answer comes within the NEAR wait, a refilled bucket's within the gap.
    const answerWait = Math.min(wait, this.cfg.rateLimitGapMs)
    // The end zone is awaited for the wait cap from its first probe, or, where buckets may be shared, to the horizon;
    // never past the horizon, so that the trace ends by itself before its bound. A hop found late (its router's
    // bucket drained by ten traces, 12.4 s into a 15 s bound) moved the end zone up, and the TTLs it brought in were
    // awaited a whole wait cap from then, past the bound (generated seed 7920).
    const horizon = this.retryHorizon()
    const capAt = paced ? horizon : Math.min(horizon, firstSentAt + this.cfg.waitMs)
    let retryAt = Infinity
    let kind: RetryKind = 'end-zone'
    if (attempts === 1) retryAt = lastSentAt + answerWait
    else if (paced) ({ at: retryAt, kind } = this.pacedRetryAt(lastSentAt, at => at + answerWait <= capAt))
    else if (attempts === 2) retryAt = Math.min(lastSentAt + this.cfg.rateLimitGapMs, capAt - answerWait)
    const retryFits = paced ? retryAt + answerWait <= capAt : retryAt < capAt
    if (retryFits && retryAt > lastSentAt && this.canSend()) {
      if (now < retryAt) return retryAt
      for (const state of states) if (this.canSend()) this.discover(state, false, kind)
      return Infinity
    }
    const endAt = Math.min(horizon, Math.max(capAt, lastSentAt + answerWait))
    if (now < endAt) return endAt
    this.declareSilent(states)
    return Infinity
  }

  /** Ends the trace before its own rules did (the bound, an abort): the hops known so far, up to the last answer. */
  private cutOff (): void {
    const last = Math.min(this.highestAnswered(), this.terminalTtl ?? Infinity, this.loopTtl() ?? this.loopBound() ?? Infinity)
    this.finish({ stop: 'deadline', ttl: last })
  }

  private declareSilent (states: TtlState[]): void {
    if (states.length > 0 && log.enabled) {
      this.log('TTLs %s silent after %d probe(s), %d ms in (concurrent %s, rate-limited %s)',
        states.map(s => s.ttl).join(','), states[0].attempts, Math.round(this.clock.monotonic() - this.startedAt),
        this.sawConcurrency, this.sawContention)
    }
    for (const state of states) state.silent = true
    if (states.length > 0) this.pumpAgain = true
  }

  /**
   * When the end zone's paced round leaves: a rate-limit gap after its last probe, on the engine's grid beside other
   * traces (so a trace retries every other instant of the grid: see Engine.alignPaced). Where that round would come
   * too late (`fits` says), the last one takes the grid instant before it, half a gap or more after the last probe:
   * no later round is left to spoil, and the routers' buckets have had a refill. A paced end zone is awaited to the
   * horizon whatever it does, so this costs probes, not time. Traces started a gap apart retry on alternate
   * instants, and without this a trace on the other parity lost its last round to the horizon while the router it
   * waited for had tokens on the instant before: ten traces shared a rate-limited first hop, and the loop through it
   * (its answers at TTL 1, 3 and 5) came back `[r1 * * * * *]` gap (fresh seed 1666007350). Not for a silent hop
   * mid-path: there the extra round would delay the trace's end (bench:probe's `concurrent`, ten traces past a
   * silent r3: 10.5 s where it takes 8.4).
   *
   * The extra round's probes are marked (`extra-round`), and leave after the regular retries of their instant
   * (ProbeBatch): they take the tokens no regular retry needs. Ranked as an end zone's, they took a rate-limited
   * router's two refilled tokens before another trace's one paced retry at that router's refusal, which never came
   * back (fresh seed 1666007350 e5, among 10 at once, `[r1 * r1]!H` for `[r1 r1]!H`, 1 run in 11).
   */
  private pacedRetryAt (lastSentAt: number, fits: (at: number) => boolean): { at: number, kind: RetryKind } {
    const regular = { at: this.pacedAt(lastSentAt + this.cfg.rateLimitGapMs), kind: 'end-zone' as const }
    if (!this.sawConcurrency || fits(regular.at)) return regular
    const sooner = this.pacedAt(lastSentAt + this.cfg.rateLimitGapMs / 2)
    return sooner < regular.at && fits(sooner) ? { at: sooner, kind: 'extra-round' } : regular
  }

  /** A paced retry's time: on the engine's shared grid once other traces have run beside this one. */
  private pacedAt (at: number): number {
    return this.sawConcurrency ? this.alignPaced(at) : at
  }

  /** The time after which no retry is started: what is left must end the trace before its bound. */
  private retryHorizon (): number {
    return this.startedAt + this.cfg.boundMs - Math.max(CONTENDED_RETRY_MARGIN_MS, this.cfg.waitMs / 2)
  }

  /** How the trace ends, once it does: the first of a loop, the destination or refusal, the gap, max-hops. */
  private end (now: number, loopTtl: number | undefined): End | undefined {
    // gapLimit silent hops in a row end the trace there, whatever a later TTL of the window answered (scamper's
    // gaplimit): the path past such a gap is not the one the gap limit asks to report.
    const gapTtl = this.silentRunEnd()
    if (gapTtl !== undefined && gapTtl < Math.min(loopTtl ?? Infinity, this.terminalTtl ?? Infinity)) {
      return this.prefixDone(gapTtl, now) ? { stop: 'gap', ttl: gapTtl } : undefined
    }
    if (loopTtl !== undefined && (this.terminalTtl === undefined || loopTtl < this.terminalTtl)) {
      return this.prefixDone(loopTtl, now) ? { stop: 'loop', ttl: loopTtl } : undefined
    }
    if (this.terminalTtl !== undefined) {
      if (!this.prefixDone(this.terminalTtl, now)) return undefined
      const reached = this.ttls.get(this.terminalTtl)?.answers.some(a => a.cls === 'dest') ?? false
      return { stop: reached ? 'reached' : 'unreachable', ttl: this.terminalTtl }
    }
    const highest = this.highestAnswered()
    const gapEnd = Math.min(this.cfg.maxHops, highest + this.cfg.gapLimit)
    if (!this.prefixDone(gapEnd, now)) return undefined
    return { stop: highest + this.cfg.gapLimit <= this.cfg.maxHops && gapEnd > highest ? 'gap' : 'max-hops', ttl: gapEnd }
  }

  /**
   * The first TTL (on the settled prefix of the path) whose hop answered from an address that answered at a lower
   * TTL already: a routing loop, with only silent or looping hops between.
   */
  private loopTtl (): number | undefined {
    const seen = new Set<string>()
    for (let ttl = this.cfg.firstHop; ttl <= this.sentFrontier; ttl++) {
      const state = this.ttls.get(ttl)
      if (state === undefined || !this.settled(ttl)) return undefined
      const first = state.answers[0]
      if (first === undefined) continue
      if (first.cls !== 'hop') return undefined
      if (seen.has(first.from)) return ttl
      seen.add(first.from)
    }
    return undefined
  }

  /**
   * The lowest TTL whose hop answered from an address that answered at a lower TTL, whether or not the hops between
   * are settled: the trace will end at a loop there or below (or at a refusal or the destination below). Nothing
   * past it is probed or retried: in a loop through a rate-limited router, every such probe would spend a token of
   * the router the hops below still wait for.
   */
  private loopBound (): number | undefined {
    const seen = new Set<string>()
    for (let ttl = this.cfg.firstHop; ttl <= this.sentFrontier; ttl++) {
      const first = this.ttls.get(ttl)?.answers[0]
      if (first === undefined || first.cls !== 'hop') continue
      if (seen.has(first.from)) return ttl
      seen.add(first.from)
    }
    return undefined
  }

  private prefixDone (end: number, now: number): boolean {
    for (let ttl = this.cfg.firstHop; ttl <= end; ttl++) {
      if (!this.settled(ttl)) return false
      const state = this.ttls.get(ttl)
      if (state !== undefined && !this.followupsDone(state, now)) return false
    }
    return true
  }

  private followupsDone (state: TtlState, now: number): boolean {
    if (state.answers.length === 0) return true
    // Past the bound no follow-up is sent or awaited: the hop has the samples it has.
    if (now >= this.startedAt + this.cfg.boundMs) return true
    if (state.followupsAt === undefined || state.unsent > 0) return false
    return state.followupsPending <= 0 || now >= state.followupsAt + this.followupWait(state)
  }

  private followupWait (state: TtlState): number {
    return hereWait(state.answers.map(a => a.rtt), this.factors, FOLLOWUP_WAIT_FLOOR_MS)
  }

  /** The next instant a follow-up wait runs out; one that has run out already was dealt with in this step. */
  private followupDeadline (now: number): number {
    let at = Infinity
    for (const state of this.ttls.values()) {
      if (state.followupsAt !== undefined && state.followupsPending > 0 && state.unsent === 0) {
        const due = state.followupsAt + this.followupWait(state)
        if (due > now) at = Math.min(at, due)
      }
    }
    return at
  }

  /** Answered, declared silent, or never to be probed because the probe budget is spent. */
  /** The TTL that completes the first run of gapLimit silent hops, once every hop up to it is settled. */
  private silentRunEnd (): number | undefined {
    let run = 0
    for (let ttl = this.cfg.firstHop; ttl <= this.sentFrontier; ttl++) {
      const state = this.ttls.get(ttl)
      if (state === undefined || !this.settled(ttl)) return undefined
      run = state.answers.length > 0 ? 0 : run + 1
      if (run === this.cfg.gapLimit) return ttl
    }
    return undefined
  }

  private settled (ttl: number): boolean {
    if (ttl < this.cfg.firstHop) return true
    const state = this.ttls.get(ttl)
    if (state === undefined) return !this.canSend()
    return state.answers.length > 0 || state.silent
  }

  private highestAnswered (): number {
    let highest = this.cfg.firstHop - 1
    for (const state of this.ttls.values()) {
      if (state.answers.length > 0 && state.ttl > highest) highest = state.ttl
    }
    return highest
  }

  /** The median RTT of every hop past `ttl` that has answered. */
  private laterMedians (ttl: number): number[] {
    const medians: number[] = []
    for (const state of this.ttls.values()) {
      if (state.ttl > ttl && state.answers.length > 0) medians.push(median(state.answers.map(a => a.rtt)))
    }
    return medians
  }

  private canSend (): boolean {
    return this.nextKey < this.cfg.maxProbes && (this.budget?.available() ?? true)
  }

  /** A debug log line of this trace. */
  private log (formatter: string, ...args: unknown[]): void {
    if (log.enabled) log(`%s${formatter}`, this.label === '' ? '' : `[${this.label}] `, ...args)
  }

  /**
   * A discovery probe; `paced`: a retry sent after a rate-limit gap, to a hop that may sit behind a dry bucket;
   * `retry`: a retry of a TTL past the last answer, and of which round.
   */
  private discover (state: TtlState, paced = false, retry?: RetryKind): void {
    state.attempts++
    if (state.attempts > 1 && log.enabled) {
      this.log('TTL %d retry %d%s%s, %d ms in', state.ttl, state.attempts - 1, paced ? ' (paced)' : '',
        retry === undefined ? '' : retry === 'end-zone' ? ' (end zone)' : ' (end zone, extra round)',
        Math.round(this.clock.monotonic() - this.startedAt))
    }
    this.sendProbe(state, false, paced, retry)
  }

  private sendProbe (state: TtlState, followup: boolean, paced = false, retry?: RetryKind): void {
    const key = this.nextKey++
    this.budget?.spend()
    const record: ProbeRecord = { ttl: state.ttl, sentAt: this.clock.monotonic(), answered: false, followup, taken: false, paced }
    this.probes.set(key, record)
    state.unsent++
    if (!followup) {
      if (Number.isNaN(state.firstSentAt)) state.firstSentAt = record.sentAt
      state.lastSentAt = record.sentAt
    }
    const anchor = this.ttls.get(state.ttl - 1)?.answers.find(answer => answer.cls === 'hop')
    this.sender.send(state.ttl, key, (err, at) => {
      state.unsent--
      if (err != null) {
        this.failure ??= err
        queueMicrotask(() => { this.pump() })
        return
      }
      this.sent++
      record.taken = true
      // Every wait counts from when the kernel took the probe, not from when the driver asked for it.
      const sentAt = Number.isNaN(at) ? this.clock.monotonic() : at
      record.sentAt = sentAt
      if (followup) {
        state.followupsAt = Math.max(state.followupsAt ?? sentAt, sentAt)
      } else {
        if (state.attempts === 1) state.firstSentAt = sentAt
        state.lastSentAt = Math.max(state.lastSentAt, sentAt)
      }
      if (state.unsent > 0) return
      // Taken in the pump's own send call: the running pump goes round again. Taken later (the engine's pacer held
      // it), the callback runs in the pacer's timer, maybe long before the event loop next reads the sockets: a step
      // taken now could judge a wait run out whose answer is already queued there. The step waits for the driver's
      // timer, which the engine's clock fires after pending I/O.
      if (this.pumping) this.pump()
      else this.schedule(this.clock.monotonic())
    }, retry, anchor?.from)
  }

  private schedule (at: number): void {
    if (at === this.timerAt && this.timer !== undefined) return
    this.cancelTimer()
    if (at === Infinity) return
    this.timerAt = at
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined
      this.timerAt = Infinity
      this.pump()
    }, Math.max(0, at - this.clock.monotonic()))
  }

  private cancelTimer (): void {
    this.timer?.()
    this.timer = undefined
    this.timerAt = Infinity
  }

  private finish (end?: End): void {
    if (this.finished) return
    this.finished = true
    this.log('trace ends %d ms in: %s at TTL %s', Math.round(this.clock.monotonic() - this.startedAt), end?.stop, end?.ttl)
    this.detachAbort?.()
    this.cancelTimer()
    if (this.failure !== undefined || end === undefined) {
      this.rejectRun?.(this.failure ?? new Error('trace ended without a reason'))
      return
    }
    this.resolveRun?.(this.outcome(end))
  }

  private outcome (end: End): DriverOutcome {
    const hops: Hop[] = []
    const probes = this.probesByTtl(end.ttl)
    for (let ttl = this.cfg.firstHop; ttl <= end.ttl; ttl++) {
      const hop = toHop(ttl, this.ttls.get(ttl), this.cfg.queries)
      hop.probes = probes.get(ttl) ?? []
      hops.push(hop)
    }
    return { hops, reached: end.stop === 'reached', stop: end.stop, probesSent: this.sent }
  }

  /** Every probe the kernel took at each TTL up to `last`, in the order sent, with its answer or as lost. */
  private probesByTtl (last: number): Map<number, Probe[]> {
    const byTtl = new Map<number, Probe[]>()
    const keys = [...this.probes.keys()].sort((a, b) => a - b)
    for (const key of keys) {
      const record = this.probes.get(key) as ProbeRecord
      if (!record.taken || record.ttl > last) continue
      let list = byTtl.get(record.ttl)
      if (list === undefined) byTtl.set(record.ttl, list = [])
      if (list.length < MAX_DISCOVERY_PROBES_PER_HOP) list.push(toProbe(record.answer))
    }
    return byTtl
  }
}

/** A probe's record: its answer (address, RTT to the µs, reply TTL, size), or lost. The rounds report theirs so too. */
export function toProbe (answer: { from: string, rtt: number, replyTtl?: number, size?: number, tcpFlags?: string } | undefined): Probe {
  if (answer === undefined) return { addr: null }
  const probe: Probe = { addr: answer.from, rtt: roundRtt(answer.rtt) }
  if (answer.replyTtl !== undefined) probe.replyTtl = answer.replyTtl
  if (answer.size !== undefined) probe.size = answer.size
  if (answer.tcpFlags !== undefined) probe.tcpFlags = answer.tcpFlags
  return probe
}

function roundRtt (rtt: number): number {
  return Math.round(rtt * 1000) / 1000
}

/** A retried probe that was only late also answers: report at most `queries` RTTs, the first ones, as asked. */
function toHop (ttl: number, state: TtlState | undefined, queries: number): Hop {
  const answers = (state?.answers ?? []).slice(0, queries)
  const hop: Hop = { ttl, addr: answers[0]?.from ?? null, rtts: answers.map(a => roundRtt(a.rtt)) }
  const flag = answers.find(a => a.flag !== undefined)?.flag
  if (flag !== undefined) hop.flag = flag
  const addrs = [...new Set(answers.map(a => a.from))]
  if (addrs.length > 1) hop.addrs = addrs
  return hop
}
