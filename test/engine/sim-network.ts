// A simulated network behind the driver's ProbeSender: a line of routers (answering, silent, or rate-limited the
// Linux way), an optional refusing router, per-flow or per-packet ECMP, and a destination. Answers come back on
// the test's clock after a fixed per-hop RTT, through `driver.answer(key, answer, at)` as the engine delivers them.

import type { CancelTimer, Clock } from '../../src/time/clock.js'
import type { Answer, ProbeSender, RetryKind } from '../../src/engine/driver.js'

/**
 * Linux's per-peer ICMP limiter (inet_peer_xrlim_allow): credit grows with elapsed time up to `burst` tokens'
 * worth; an ICMP message costs one token (`refillMs`). A refused message costs nothing.
 */
interface RateLimit {
  refillMs: number
  /** Tokens at the start; Linux starts a new peer full. */
  tokens?: number
  burst?: number
}

/** Linux's XRLIM_BURST_FACTOR. */
const LINUX_ICMP_BURST = 6

/** A router: its address (answers every probe), null (never answers), or an address behind a token bucket. */
export type RouterSpec = string | null | { addr: string, rateLimit: RateLimit }

/** One TTL of the path: a router, or equal-cost alternatives of which the flow (or the packet) picks one. */
export type HopSpec = RouterSpec | { ecmp: RouterSpec[] }

export interface SimNetworkSpec {
  /** Routers at TTL 1 … n; the destination is at TTL n + 1. */
  hops: HopSpec[]
  /** The destination: answers 'dest' to every probe that reaches it (port unreachable or echo reply). */
  dest: { addr: string, rateLimit?: RateLimit, silent?: boolean }
  /** A routing loop from TTL `from` on: probes with TTL >= from expire at addrs[(ttl - from) % addrs.length]. */
  loop?: { from: number, addrs: string[] }
  /** A router at `ttl` with no route to the target: answers 'stop' with `flag` to every probe with TTL >= `ttl`. */
  unreachable?: { ttl: number, addr: string, flag: string }
  /** The flow identifier that per-flow ECMP hashes on (constant for a Paris trace). */
  flow?: number
  /** Balance per packet (by probe key) instead of per flow: what classic traceroute suffers from. */
  perPacket?: boolean
  /** RTT of a probe answered at TTL t (or by the destination at its TTL t): t * perHopRttMs. */
  perHopRttMs?: number
  /** Overrides that RTT for the nth (1-based) probe sent at a TTL: an outlier, a slow router. */
  rttMs?: (ttl: number, nth: number) => number | undefined
  keySpace?: number
  /** Loses the nth (1-based) probe sent at a TTL on the way, when this says so. */
  lose?: (ttl: number, nth: number) => boolean
  /** Fail the send of any probe at this TTL, as the kernel does when it cannot route. */
  failSendAtTtl?: number
  /** Called after each answer has been handed to the driver. */
  onAnswer?: (ttl: number, key: number, answer: Answer) => void
}

export interface AnswerSink {
  answer: (key: number, answer: Answer, at: number) => void
}

class TokenBucket {
  private credit: number
  private last: number
  private readonly cap: number
  private readonly cost: number

  constructor (limit: RateLimit, now: number) {
    this.cost = limit.refillMs
    this.cap = (limit.burst ?? LINUX_ICMP_BURST) * limit.refillMs
    this.credit = Math.min(this.cap, (limit.tokens ?? limit.burst ?? LINUX_ICMP_BURST) * limit.refillMs)
    this.last = now
  }

  take (now: number): boolean {
    this.credit = Math.min(this.cap, this.credit + now - this.last)
    this.last = now
    if (this.credit < this.cost) return false
    this.credit -= this.cost
    return true
  }
}

interface Responder { addr: string, cls: Answer['cls'], flag?: string, rttMs: number, bucket?: TokenBucket }

/** The IP TTL every simulated router and destination sends its answers with. */
const SIM_INITIAL_TTL = 64
/** The size every simulated answer has, in bytes. */
const SIM_ANSWER_BYTES = 56

/** One probe the sim took, and what became of it: the ground truth of a hop's per-probe records. */
export interface SimProbe {
  ttl: number
  key: number
  sentAt: number
  /** The hop's anchor the driver named: the router that answered one TTL lower, when one had. */
  anchor?: string
  /** The kind of retry the driver named, for one past the trace's last answer. */
  retry?: RetryKind
  /** Set once its answer was handed to the driver. */
  answer?: { from: string, at: number, replyTtl: number, size: number }
}

export class SimNetwork implements ProbeSender {
  readonly keySpace: number
  /** Every key sent, in order. */
  readonly keys: number[] = []
  /** Every probe sent, in order, with its answer once delivered. */
  readonly log: SimProbe[] = []
  private readonly sent = new Map<number, number>()
  private readonly firstSent = new Map<number, number>()
  private readonly createdAt: number
  private readonly spec: SimNetworkSpec
  private readonly buckets = new Map<string, TokenBucket>()
  private readonly timers = new Set<CancelTimer>()
  private readonly clock: Clock
  private sink: AnswerSink | undefined

  constructor (spec: SimNetworkSpec, clock: Clock) {
    this.spec = spec
    this.clock = clock
    this.keySpace = spec.keySpace ?? 65536
    const now = clock.monotonic()
    this.createdAt = now
    const routers = spec.hops.flatMap(h => (h !== null && typeof h === 'object' && 'ecmp' in h) ? h.ecmp : [h])
    for (const router of routers) {
      if (router === null || typeof router !== 'object') continue
      this.buckets.set(router.addr, new TokenBucket(router.rateLimit, now))
    }
    if (spec.dest.rateLimit !== undefined) this.buckets.set(spec.dest.addr, new TokenBucket(spec.dest.rateLimit, now))
  }

  /** The TTL at which the destination answers. */
  get destTtl (): number {
    return this.spec.hops.length + 1
  }

  attach (sink: AnswerSink): void {
    this.sink = sink
  }

  /** Probes sent so far. */
  get probes (): number {
    return this.keys.length
  }

  /** Probes sent at one TTL. */
  sentAt (ttl: number): number {
    return this.sent.get(ttl) ?? 0
  }

  /** When the first probe at a TTL was sent, in ms since the network was made (NaN if none was). */
  firstSentAt (ttl: number): number {
    return this.firstSent.get(ttl) ?? NaN
  }

  /** TTLs probed, ascending. */
  get ttlsProbed (): number[] {
    return [...this.sent.keys()].sort((a, b) => a - b)
  }

  send (ttl: number, key: number, done: (err: Error | null, at: number) => void, retry?: RetryKind, anchor?: string): void {
    const at = this.clock.monotonic()
    if (ttl === this.spec.failSendAtTtl) {
      done(new Error(`simulated send failure at TTL ${ttl}`), at)
      return
    }
    this.keys.push(key)
    const record: SimProbe = { ttl, key, sentAt: at, ...(anchor === undefined ? {} : { anchor }), ...(retry === undefined ? {} : { retry }) }
    this.log.push(record)
    this.sent.set(ttl, this.sentAt(ttl) + 1)
    if (!this.firstSent.has(ttl)) this.firstSent.set(ttl, at - this.createdAt)
    done(null, at)
    if (this.spec.lose?.(ttl, this.sentAt(ttl)) === true) return
    const responder = this.responder(ttl, key)
    if (responder === undefined || responder.bucket?.take(at) === false) return
    // An answer from the router at TTL t crossed the t - 1 routers before it on its way back.
    const replyTtl = SIM_INITIAL_TTL - (Math.min(ttl, this.destTtl) - 1)
    const answer: Answer = { from: responder.addr, cls: responder.cls, replyTtl, size: SIM_ANSWER_BYTES }
    if (responder.flag !== undefined) answer.flag = responder.flag
    this.deliver(this.spec.rttMs?.(ttl, this.sentAt(ttl)) ?? responder.rttMs, () => {
      const now = this.clock.monotonic()
      record.answer = { from: responder.addr, at: now, replyTtl, size: SIM_ANSWER_BYTES }
      this.sink?.answer(key, answer, now)
      this.spec.onAnswer?.(ttl, key, answer)
    })
  }

  /** Cancels answers still in flight. */
  close (): void {
    for (const cancel of this.timers) cancel()
    this.timers.clear()
  }

  /** Who answers a probe with this TTL (undefined: nobody). */
  private responder (ttl: number, key: number): Responder | undefined {
    const perHop = this.spec.perHopRttMs ?? 1
    const refuse = this.spec.unreachable
    if (refuse !== undefined && ttl >= refuse.ttl) {
      return { addr: refuse.addr, cls: 'stop', flag: refuse.flag, rttMs: refuse.ttl * perHop }
    }
    const loop = this.spec.loop
    if (loop !== undefined && ttl >= loop.from) {
      const addr = loop.addrs[(ttl - loop.from) % loop.addrs.length]
      // A router of the path met again in the loop answers from the same ICMP bucket.
      return { addr, cls: 'hop', rttMs: ttl * perHop, bucket: this.buckets.get(addr) }
    }
    if (ttl <= this.spec.hops.length) {
      const router = this.pick(this.spec.hops[ttl - 1], key)
      if (router === null) return undefined
      const addr = typeof router === 'string' ? router : router.addr
      return { addr, cls: 'hop', rttMs: ttl * perHop, bucket: this.buckets.get(addr) }
    }
    if (this.spec.dest.silent === true) return undefined
    const addr = this.spec.dest.addr
    return { addr, cls: 'dest', rttMs: this.destTtl * perHop, bucket: this.buckets.get(addr) }
  }

  private pick (hop: HopSpec, key: number): RouterSpec {
    if (hop === null || typeof hop !== 'object' || !('ecmp' in hop)) return hop
    const choice = this.spec.perPacket === true ? key : (this.spec.flow ?? 0)
    return hop.ecmp[choice % hop.ecmp.length]
  }

  private deliver (delayMs: number, fn: () => void): void {
    const timer: CancelTimer = this.clock.setTimer(() => { this.timers.delete(timer); fn() }, delayMs)
    this.timers.add(timer)
  }
}
