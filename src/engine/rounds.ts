// `--rounds N`, mtr mode: once the driver has found the path, N rounds of one probe per hop on the same flow (the
// same Paris identifiers, the keys the driver left unused), one round a second. No retries, no follow-ups: each
// probe is answered within the wait cap or lost, so a hop's loss is what its probes met, as mtr reports it.
//
// Every state has a deadline: the rounds end when the last round's probes are answered or have waited the wait cap,
// at roundsBoundMs() after they start whatever happens, or on an abort (with the rounds measured so far).

import { engineLog } from './log.js'
import { engineClock } from './after-io.js'
import type { CancelTimer, Clock } from '../time/clock.js'
import { ROUND_INTERVAL_MS, ROUNDS_START_GAP_MS } from './constants.js'
import { toProbe, type Answer, type ProbeSender } from './driver.js'
import type { ProbeBudget } from './probe-budget.js'
import type { Probe } from './trace.js'

export interface RoundsConfig {
  rounds: number
  /** The TTLs each round probes, lowest first: every hop the path's discovery reported. */
  ttls: number[]
  /** How long a probe's answer is awaited: later, it counts as lost. */
  waitMs: number
  /** The first key the rounds may use (the driver used those below) and the bound (exclusive) on keys. */
  firstKey: number
  keyLimit: number
  /** Spent probe by probe as for the driver; when it runs out, no further round probe is sent. */
  budget?: ProbeBudget
  intervalMs?: number
  startGapMs?: number
  label?: string
}

export interface RoundsOutcome {
  /** Per TTL, its round probes in the order sent (each with its `round`), answered or lost. */
  probes: Map<number, Probe[]>
  probesSent: number
}

interface RoundProbe {
  ttl: number
  round: number
  sentAt: number
  /** The kernel took it: one still queued when the rounds end never left, and is not reported. */
  taken: boolean
  answer?: { from: string, rtt: number, replyTtl?: number, size?: number, tcpFlags?: string }
}

const log = await engineLog('peertrace:engine:rounds')

export class RoundsRunner {
  private readonly cfg: Required<Omit<RoundsConfig, 'budget' | 'label'>>
  private readonly budget: ProbeBudget | undefined
  private readonly label: string
  private readonly sender: ProbeSender
  private readonly clock: Clock
  private readonly probes = new Map<number, RoundProbe>()
  private nextKey: number
  private sent = 0
  /** Probes asked for that the kernel has not taken yet (the engine's pacer may hold them). */
  private unsent = 0
  /** Rounds started so far; no more are started once the keys, the budget or a send ran out. */
  private started = 0
  private exhausted = false
  private startedAt = NaN
  private timer: CancelTimer | undefined
  private finished = false
  /** A step is running: a send callback inside it is accounted for by that step. */
  private stepping = false
  private resolveRun: ((outcome: RoundsOutcome) => void) | undefined
  private detachAbort: (() => void) | undefined

  constructor (sender: ProbeSender, config: RoundsConfig, clock: Clock = engineClock) {
    this.sender = sender
    this.clock = clock
    this.budget = config.budget
    this.label = config.label ?? ''
    this.cfg = {
      rounds: config.rounds,
      ttls: config.ttls,
      waitMs: config.waitMs,
      firstKey: config.firstKey,
      keyLimit: Math.min(config.keyLimit, sender.keySpace),
      intervalMs: config.intervalMs ?? ROUND_INTERVAL_MS,
      startGapMs: config.startGapMs ?? ROUNDS_START_GAP_MS
    }
    this.nextKey = config.firstKey
  }

  /** Runs every round; an abort ends them early with the probes whose fate is known. Never rejects. */
  async run (signal?: AbortSignal): Promise<RoundsOutcome> {
    return await new Promise<RoundsOutcome>((resolve) => {
      this.resolveRun = resolve
      this.startedAt = this.clock.monotonic()
      if (signal?.aborted === true || this.cfg.rounds <= 0 || this.cfg.ttls.length === 0) {
        this.finish()
        return
      }
      const onAbort = (): void => { this.finish() }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.detachAbort = () => { signal?.removeEventListener('abort', onAbort) }
      this.step()
    })
  }

  /** An answer matched to one of the rounds' keys, received at monotonic time `at`. */
  answer (key: number, answer: Answer, at: number): void {
    const probe = this.probes.get(key)
    if (this.finished || probe === undefined || probe.answer !== undefined || !probe.taken) return
    const rtt = Math.max(0, at - probe.sentAt)
    // Past the wait cap the probe was lost already (it may have been declared so): a late answer changes nothing.
    if (rtt > this.cfg.waitMs) return
    probe.answer = { from: answer.from, rtt }
    if (answer.replyTtl !== undefined) probe.answer.replyTtl = answer.replyTtl
    if (answer.size !== undefined) probe.answer.size = answer.size
    if (answer.tcpFlags !== undefined) probe.answer.tcpFlags = answer.tcpFlags
    // As the trace driver: the step waits until the answers already received (this one's batch, other sockets) are
    // read, so none is judged lost in a step taken late.
    this.schedule(this.clock.monotonic())
  }

  /** Starts the rounds that are due, then ends or sleeps until the next round or the next probe's wait runs out. */
  private step (): void {
    if (this.finished) return
    this.stepping = true
    try {
      this.stepOnce()
    } finally {
      this.stepping = false
    }
  }

  private stepOnce (): void {
    const now = this.clock.monotonic()
    if (now >= this.startedAt + this.boundMs()) {
      this.finish()
      return
    }
    while (!this.exhausted && this.started < this.cfg.rounds && now >= this.roundAt(this.started + 1)) this.sendRound()
    const moreRounds = !this.exhausted && this.started < this.cfg.rounds
    let wake = moreRounds ? this.roundAt(this.started + 1) : Infinity
    let awaiting = this.unsent > 0
    for (const probe of this.probes.values()) {
      if (!probe.taken || probe.answer !== undefined) continue
      const expires = probe.sentAt + this.cfg.waitMs
      if (expires > now) {
        awaiting = true
        wake = Math.min(wake, expires)
      }
    }
    if (!moreRounds && !awaiting) {
      this.finish()
      return
    }
    this.schedule(Math.min(wake, this.startedAt + this.boundMs()))
  }

  /** Round r starts the start gap and r - 1 intervals after the rounds began. */
  private roundAt (round: number): number {
    return this.startedAt + this.cfg.startGapMs + (round - 1) * this.cfg.intervalMs
  }

  private boundMs (): number {
    return this.cfg.startGapMs + (this.cfg.rounds - 1) * this.cfg.intervalMs + this.cfg.waitMs
  }

  private sendRound (): void {
    const round = ++this.started
    for (const ttl of this.cfg.ttls) {
      if (this.exhausted) return
      if (this.nextKey >= this.cfg.keyLimit || this.budget?.available() === false) {
        this.exhausted = true
        this.log('round %d: no probe left (key %d of %d, budget %s)', round, this.nextKey, this.cfg.keyLimit,
          this.budget?.available() ?? true)
        return
      }
      this.sendProbe(ttl, round)
    }
  }

  private sendProbe (ttl: number, round: number): void {
    const key = this.nextKey++
    this.budget?.spend()
    const probe: RoundProbe = { ttl, round, sentAt: this.clock.monotonic(), taken: false }
    this.probes.set(key, probe)
    this.unsent++
    this.sender.send(ttl, key, (err, at) => {
      this.unsent--
      if (err != null) {
        // Partial results rather than none: the rounds measured so far stand, no further one is started.
        this.log('round %d TTL %d: send failed (%s); no further round', round, ttl, err.message)
        this.exhausted = true
      } else {
        this.sent++
        probe.taken = true
        probe.sentAt = Number.isNaN(at) ? this.clock.monotonic() : at
      }
      // Taken in a step (the call above), that step accounts for it; taken later (the engine's pacer held it), the
      // callback may run before the sockets are read: the step then waits for pending I/O, as an answer's does.
      if (!this.stepping) this.schedule(this.clock.monotonic())
    })
  }

  private schedule (at: number): void {
    this.timer?.()
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined
      this.step()
    }, Math.max(0, at - this.clock.monotonic()))
  }

  /**
   * Every probe the kernel took, in the order sent, per TTL. A probe still awaited when the rounds are cut short
   * (an abort, the bound) is left out: neither answered nor lost yet, it would count as a loss that was not one.
   */
  private finish (): void {
    if (this.finished) return
    this.finished = true
    this.timer?.()
    this.timer = undefined
    this.detachAbort?.()
    const now = this.clock.monotonic()
    const byTtl = new Map<number, Probe[]>()
    let reported = 0
    for (const key of [...this.probes.keys()].sort((a, b) => a - b)) {
      const probe = this.probes.get(key) as RoundProbe
      if (!probe.taken || (probe.answer === undefined && now < probe.sentAt + this.cfg.waitMs)) continue
      const record: Probe = { ...toProbe(probe.answer), round: probe.round }
      let list = byTtl.get(probe.ttl)
      if (list === undefined) byTtl.set(probe.ttl, list = [])
      list.push(record)
      reported++
    }
    this.log('rounds end %d ms in: %d of %d rounds started, %d probes sent, %d reported',
      Math.round(now - this.startedAt), this.started, this.cfg.rounds, this.sent, reported)
    this.resolveRun?.({ probes: byTtl, probesSent: this.sent })
  }

  private log (formatter: string, ...args: unknown[]): void {
    if (log.enabled) log(`%s${formatter}`, this.label === '' ? '' : `[${this.label}] `, ...args)
  }
}
