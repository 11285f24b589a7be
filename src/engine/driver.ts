// The trace driver: the state machine of one trace (which probe next, when a hop is done, when to stop), in the
// manner of scamper's trace_do. It knows nothing of sockets: it asks a ProbeSender to send (ttl, key) and is
// told of answers by key, so the same logic runs over raw sockets and over a simulated network in unit tests.
//
// The shape of a trace:
// - discovery: one probe per TTL, for a window of TTLs beyond the highest hop that answered, all at once;
// - follow-ups: once a hop has answered, queries-1 more probes for its RTT samples (for the destination hop only
//   once the hop below it is settled, so overshooting probes do not spend the target's ICMP rate-limit tokens);
// - silence: a hop with later hops answering is retried after an adaptive wait (a multiple of the largest RTT,
//   with a floor and a cap) and declared '*' after its retries; at the end of the known path, where silence may
//   be a rate-limited target, the lowest silent TTL alone is retried, paced, until the wait cap has passed.

import {
  DEFAULT_GAP_LIMIT, DEFAULT_RATE_LIMIT_GAP_MS, DEFAULT_RETRIES, DEFAULT_RTT_MULTIPLIER, DEFAULT_WAIT_FLOOR_MS,
  DEFAULT_WINDOW, MAX_PROBES_PER_TRACE
} from './constants.js'
import type { Hop } from './trace.js'

/** What an answer means for the trace: a hop on the way, the destination, or a router refusing (unreachable). */
export type AnswerClass = 'hop' | 'dest' | 'stop'

export interface Answer {
  from: string
  cls: AnswerClass
  flag?: string
}

export interface ProbeSender {
  /** Keys are 0 … keySpace-1; the driver never reuses one within a trace. */
  readonly keySpace: number
  /** Sends a probe; calls back with the monotonic send time, or an error. */
  send: (ttl: number, key: number, done: (err: Error | null, at: number) => void) => void
}

export interface Clock {
  now: () => number
}

export interface DriverConfig {
  firstHop: number
  maxHops: number
  queries: number
  waitMs: number
  window?: number
  gapLimit?: number
  retries?: number
  rttMultiplier?: number
  waitFloorMs?: number
  rateLimitGapMs?: number
  maxProbes?: number
}

export interface DriverOutcome {
  hops: Hop[]
  reached: boolean
  probesSent: number
}

interface TtlAnswer { from: string, rtt: number, cls: AnswerClass, flag?: string }

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
  /** Probes asked for but not yet taken by the kernel (the engine's pacer may hold them): no wait runs meanwhile. */
  unsent: number
}

interface ProbeRecord { ttl: number, sentAt: number, answered: boolean, followup: boolean }

const performanceClock: Clock = { now: () => performance.now() }

export class TraceDriver {
  private readonly cfg: Required<DriverConfig>
  private readonly clock: Clock
  private readonly sender: ProbeSender
  private readonly ttls = new Map<number, TtlState>()
  private readonly probes = new Map<number, ProbeRecord>()
  private nextKey = 0
  /** Probes the kernel took: a probe still queued when the trace ends never leaves and is not counted. */
  private sent = 0
  private sentFrontier: number
  private destTtl: number | undefined
  private rttMax = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private finished = false
  private pumping = false
  private pumpAgain = false
  private failure: Error | undefined
  private resolveRun: ((outcome: DriverOutcome) => void) | undefined
  private rejectRun: ((err: Error) => void) | undefined
  private detachAbort: (() => void) | undefined

  constructor (sender: ProbeSender, config: DriverConfig, clock: Clock = performanceClock) {
    this.sender = sender
    this.clock = clock
    this.cfg = {
      window: DEFAULT_WINDOW,
      gapLimit: DEFAULT_GAP_LIMIT,
      retries: DEFAULT_RETRIES,
      rttMultiplier: DEFAULT_RTT_MULTIPLIER,
      waitFloorMs: DEFAULT_WAIT_FLOOR_MS,
      rateLimitGapMs: DEFAULT_RATE_LIMIT_GAP_MS,
      maxProbes: MAX_PROBES_PER_TRACE,
      ...config
    }
    this.cfg.maxProbes = Math.min(this.cfg.maxProbes, sender.keySpace)
    this.sentFrontier = this.cfg.firstHop - 1
  }

  /** Runs the trace to its end; an abort ends it early with what has been learnt so far. */
  async run (signal?: AbortSignal): Promise<DriverOutcome> {
    return await new Promise<DriverOutcome>((resolve, reject) => {
      this.resolveRun = resolve
      this.rejectRun = reject
      if (signal?.aborted === true) {
        this.finish()
        return
      }
      const onAbort = (): void => { this.finish() }
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
    this.rttMax = Math.max(this.rttMax, rtt)
    state.answers.push({ from: answer.from, rtt, cls: answer.cls, flag: answer.flag })
    if (probe.followup) state.followupsPending--
    if (answer.cls !== 'hop' && (this.destTtl === undefined || probe.ttl < this.destTtl)) {
      this.destTtl = probe.ttl
    }
    this.pump()
  }

  get probesSent (): number {
    return this.sent
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

  private step (): void {
    if (this.finished) return
    const now = this.clock.now()
    this.expandFrontier()
    this.sendFollowups(now)
    const wake = this.handleSilence(now)
    // A spent probe budget stops the sending, not the listening: isDone() lets the trace end once the probes in
    // flight have been answered or timed out (finishing here dropped their answers).
    if (this.failure !== undefined || this.isDone(now)) {
      this.finish()
      return
    }
    this.schedule(Math.min(wake, this.followupDeadline()))
  }

  /** Sends discovery probes up to `window` TTLs (at least `gapLimit`) past the highest hop that answered. */
  private expandFrontier (): void {
    if (this.destTtl !== undefined) return
    const reach = Math.max(this.cfg.window, this.cfg.gapLimit)
    const want = Math.min(this.cfg.maxHops, this.highestAnswered() + reach)
    while (this.sentFrontier < want && this.nextKey < this.cfg.maxProbes) {
      this.sentFrontier++
      const state: TtlState = {
        ttl: this.sentFrontier, answers: [], attempts: 0, firstSentAt: NaN, lastSentAt: NaN, silent: false,
        followupsAt: undefined, followupsPending: 0, unsent: 0
      }
      this.ttls.set(state.ttl, state)
      this.discover(state)
    }
  }

  private sendFollowups (now: number): void {
    const extra = this.cfg.queries - 1
    for (const state of this.ttls.values()) {
      if (state.followupsAt !== undefined || state.answers.length === 0 || !this.withinPath(state.ttl)) continue
      if (state.answers.length > extra) {
        state.followupsAt = now
        continue
      }
      // The destination (or refusing router) answers every probe at or past its TTL: wait until the hop below
      // is settled, so follow-ups go only to the TTL that will be reported.
      const terminal = state.answers[0].cls !== 'hop'
      if (terminal && (state.ttl !== this.destTtl || !this.settled(state.ttl - 1))) continue
      state.followupsAt = now
      for (let i = state.answers.length; i <= extra && this.nextKey < this.cfg.maxProbes; i++) {
        state.followupsPending++
        this.sendProbe(state, true)
      }
    }
  }

  /** Retries or declares silent the hops that have not answered; returns when to look again. */
  private handleSilence (now: number): number {
    let wake = Infinity
    const highest = this.highestAnswered()
    const base = this.adaptiveWait()
    let endZoneLowest: TtlState | undefined
    for (const state of this.ttls.values()) {
      if (state.answers.length > 0 || state.silent || !this.withinPath(state.ttl)) continue
      if (this.destTtl === undefined && state.ttl > highest) {
        if (endZoneLowest === undefined || state.ttl < endZoneLowest.ttl) endZoneLowest = state
        continue
      }
      if (state.unsent > 0) continue
      // Mid-path: later hops answered, so this one is silent or lost its answer.
      const due = state.lastSentAt + base * 2 ** (state.attempts - 1)
      if (now < due || Number.isNaN(due)) {
        wake = Math.min(wake, Number.isNaN(due) ? now + base : due)
      } else if (state.attempts <= this.cfg.retries && this.nextKey < this.cfg.maxProbes) {
        this.discover(state)
        wake = Math.min(wake, now + base * 2 ** (state.attempts - 1))
      } else {
        state.silent = true
      }
    }
    if (endZoneLowest !== undefined) {
      wake = Math.min(wake, this.handleEndZone(endZoneLowest, now, base))
    }
    return wake
  }

  /**
   * Past the last answer, silence may be a rate-limited target or router that answers once its ICMP token bucket
   * has refilled. The lowest silent TTL alone is retried: once after the adaptive wait (a lost answer), then once
   * after a quiet gap long enough for Linux's buckets (every probe that reaches an empty bucket delays the refill
   * of an `unreachable` route's, so nothing is sent in between). At the wait cap, every TTL past the last answer
   * counts as silent.
   */
  private handleEndZone (state: TtlState, now: number, base: number): number {
    if (state.unsent > 0 || Number.isNaN(state.lastSentAt)) return Infinity
    const capAt = Math.max(state.firstSentAt + this.cfg.waitMs, state.lastSentAt + base)
    // The gap retry goes early enough to be answered within the cap, when the cap is shorter than the gap.
    const gapAt = Math.min(state.lastSentAt + this.cfg.rateLimitGapMs, capAt - base)
    const retryAt = state.attempts === 1 ? state.lastSentAt + base : state.attempts === 2 ? gapAt : Infinity
    if (retryAt < capAt && retryAt > state.lastSentAt && this.nextKey < this.cfg.maxProbes) {
      if (now < retryAt) return retryAt
      this.discover(state)
      return Infinity
    }
    if (now < capAt) return capAt
    for (const other of this.ttls.values()) {
      if (other.ttl >= state.ttl && other.answers.length === 0) other.silent = true
    }
    return now
  }

  private isDone (now: number): boolean {
    const end = this.destTtl ?? this.sentFrontier
    for (let ttl = this.cfg.firstHop; ttl <= end; ttl++) {
      if (!this.settled(ttl)) return false
      const state = this.ttls.get(ttl)
      if (state !== undefined && !this.followupsDone(state, now)) return false
    }
    if (this.destTtl !== undefined) return true
    const highest = this.highestAnswered()
    return this.sentFrontier >= this.cfg.maxHops || this.sentFrontier - highest >= this.cfg.gapLimit ||
      this.nextKey >= this.cfg.maxProbes
  }

  private followupsDone (state: TtlState, now: number): boolean {
    if (state.answers.length === 0) return true
    if (state.followupsAt === undefined || state.unsent > 0) return false
    return state.followupsPending <= 0 || now >= state.followupsAt + 2 * this.adaptiveWait()
  }

  private followupDeadline (): number {
    let at = Infinity
    for (const state of this.ttls.values()) {
      if (state.followupsAt !== undefined && state.followupsPending > 0 && state.unsent === 0) {
        at = Math.min(at, state.followupsAt + 2 * this.adaptiveWait())
      }
    }
    return at
  }

  private settled (ttl: number): boolean {
    if (ttl < this.cfg.firstHop) return true
    const state = this.ttls.get(ttl)
    return state !== undefined && (state.answers.length > 0 || state.silent)
  }

  private withinPath (ttl: number): boolean {
    return this.destTtl === undefined || ttl <= this.destTtl
  }

  private highestAnswered (): number {
    let highest = this.cfg.firstHop - 1
    for (const state of this.ttls.values()) {
      if (state.answers.length > 0 && state.ttl > highest) highest = state.ttl
    }
    return highest
  }

  /** A multiple of the largest RTT seen, within [floor, cap]; the cap itself until anything has answered. */
  private adaptiveWait (): number {
    if (this.rttMax === 0 && !this.anyAnswer()) return this.cfg.waitMs
    return Math.min(this.cfg.waitMs, Math.max(this.cfg.waitFloorMs, this.cfg.rttMultiplier * this.rttMax))
  }

  private anyAnswer (): boolean {
    for (const state of this.ttls.values()) if (state.answers.length > 0) return true
    return false
  }

  private discover (state: TtlState): void {
    state.attempts++
    this.sendProbe(state, false)
  }

  private sendProbe (state: TtlState, followup: boolean): void {
    const key = this.nextKey++
    const record: ProbeRecord = { ttl: state.ttl, sentAt: this.clock.now(), answered: false, followup }
    this.probes.set(key, record)
    state.unsent++
    if (!followup) {
      if (Number.isNaN(state.firstSentAt)) state.firstSentAt = record.sentAt
      state.lastSentAt = record.sentAt
    }
    this.sender.send(state.ttl, key, (err, at) => {
      state.unsent--
      if (err != null) {
        this.failure ??= err
        queueMicrotask(() => { this.pump() })
        return
      }
      this.sent++
      // Every wait counts from when the kernel took the probe, not from when the driver asked for it.
      const sentAt = Number.isNaN(at) ? this.clock.now() : at
      record.sentAt = sentAt
      if (followup) {
        state.followupsAt = Math.max(state.followupsAt ?? sentAt, sentAt)
      } else {
        if (state.attempts === 1) state.firstSentAt = sentAt
        state.lastSentAt = Math.max(state.lastSentAt, sentAt)
      }
      if (state.unsent === 0) this.pump()
    })
  }

  private schedule (at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    if (at === Infinity) return
    const delay = Math.max(0, at - this.clock.now())
    // Timers run before I/O in the event loop: look again only after pending answers have been read, so a busy
    // process never declares silent a hop whose answer is already waiting in the socket.
    this.timer = setTimeout(() => { setImmediate(() => { this.pump() }) }, Math.ceil(delay))
  }

  private finish (): void {
    if (this.finished) return
    this.finished = true
    this.detachAbort?.()
    if (this.timer !== undefined) clearTimeout(this.timer)
    if (this.failure !== undefined) {
      this.rejectRun?.(this.failure)
      return
    }
    this.resolveRun?.(this.outcome())
  }

  private outcome (): DriverOutcome {
    const end = this.destTtl ?? this.highestAnswered()
    const hops: Hop[] = []
    for (let ttl = this.cfg.firstHop; ttl <= end; ttl++) {
      hops.push(toHop(ttl, this.ttls.get(ttl), this.cfg.queries))
    }
    const last = this.destTtl === undefined ? undefined : this.ttls.get(this.destTtl)
    const reached = last?.answers.some(a => a.cls === 'dest') ?? false
    return { hops, reached, probesSent: this.sent }
  }
}

/** A retried probe that was only late also answers: report at most `queries` RTTs, the first ones, as asked. */
function toHop (ttl: number, state: TtlState | undefined, queries: number): Hop {
  const answers = (state?.answers ?? []).slice(0, queries)
  const hop: Hop = { ttl, addr: answers[0]?.from ?? null, rtts: answers.map(a => Math.round(a.rtt * 1000) / 1000) }
  const flag = answers.find(a => a.flag !== undefined)?.flag
  if (flag !== undefined) hop.flag = flag
  const addrs = [...new Set(answers.map(a => a.from))]
  if (addrs.length > 1) hop.addrs = addrs
  return hop
}
