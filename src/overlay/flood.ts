// The serving side of the flood: takes each inbound link, answers duplicates and invalid or excess requests at
// once with an end, and hands every new valid request to a relay run (own probe + forwarding + merge).

import { setMaxListeners } from 'node:events'
import { logger } from '@libp2p/logger'
import { LRUCache } from 'lru-cache'
import { raceSignal } from 'race-signal'
import { systemClock, type Clock } from '../time/clock.js'
import { newFloodCounters, type FloodCounters } from './counters.js'
import { OverlayError, describeError } from './errors.js'
import { floodLimits, type FloodLimits, type FloodServiceInit } from './flood-init.js'
import { relayFlood } from './relay.js'
import { requestProblem } from './request-validation.js'
import { directDelivery, directRefusal } from './selection/direct.js'
import { WallClockDeadline } from './signals.js'
import type { Authenticator, FloodRecorder, LocalProber, OverlayLink, OverlayMessage, OverlayTransport, TraceEnd, TraceRequest } from './types.js'

const log = logger('peertrace:overlay:flood')

export interface FloodComponents {
  transport: OverlayTransport
  prober: LocalProber
  authenticator: Authenticator
  /** This peer's operator-chosen label, carried in its results. */
  name: string
  /**
   * The operator's rate limits, asked once per valid new request before anything is spent on it: a reason turns
   * the request away (it is neither probed nor forwarded, so an excess stops at the first hop).
   */
  admit?: (request: TraceRequest, from: string) => string | undefined
  /** Told when a flood that `admit` let through ends, or is turned away after it (busy): its share is free again. */
  release?: (request: TraceRequest, from: string) => void
  /**
   * Asked once for each accepted flood this peer is the entry of, on the requester's own link: a recorder is told
   * what the requester is sent (the history of traces started here).
   */
  record?: (request: TraceRequest) => FloodRecorder | undefined
  /** Told of each request this peer accepted and is about to serve (relay, probe or both), and who sent it. */
  served?: (request: TraceRequest, from: string) => void
  /** Whether this peer probes for a request (its selector names it; src/model/selector.ts); default: always. */
  selects?: (request: TraceRequest) => boolean
  /** Where deadlines, cut-offs and the replay window are read from (default: the system clock). */
  clock?: Clock
  /** Orders the neighbours forwarded to when there are more than maxFanout (default: Math.random). */
  random?: () => number
}

export class FloodService {
  readonly counters: FloodCounters = newFloodCounters()
  private readonly components: FloodComponents
  private readonly clock: Clock
  private readonly limits: FloodLimits
  /** Ids of the requests this peer accepted, remembered until no valid copy can arrive. */
  private readonly seen: LRUCache<string, true>
  private running: AbortController | undefined
  /**
   * When this service started (Unix ms): a request signed before it is refused, since this peer may have served it
   * before a restart and the ids it saw were not kept (docs/security.md, "Authenticated requests and results").
   */
  private startedAt = -Infinity
  private active = 0
  /** The floods running here, by request id, with the function that adopts a rejoining peer's link. */
  private readonly adopters = new Map<string, (link: OverlayLink) => Promise<boolean>>()

  constructor (components: FloodComponents, init: FloodServiceInit = {}) {
    this.components = components
    this.clock = components.clock ?? systemClock
    this.limits = floodLimits(init)
    // maxSize (each id counting 1) rather than max: max preallocates seenCacheSize slots up front, which a
    // simulation of thousands of peers in one process cannot afford; the bound is the same.
    this.seen = new LRUCache({
      maxSize: this.limits.seenCacheSize,
      sizeCalculation: () => 1,
      ttl: this.limits.seenTtlMs,
      perf: { now: () => this.clock.monotonic() }
    })
  }

  start (): void {
    if (this.running !== undefined) return
    this.running = new AbortController()
    this.startedAt = this.clock.now()
    // Every flood and every pending request read listens to this one signal.
    setMaxListeners(Infinity, this.running.signal)
  }

  /** Aborts every flood in progress (their upstreams see the links reset). */
  stop (): void {
    this.running?.abort(new OverlayError('ERR_NOT_STARTED', 'the flood service stopped'))
    this.running = undefined
  }

  isStarted (): boolean {
    return this.running !== undefined
  }

  /** Floods being served now. */
  get activeFloods (): number {
    return this.active
  }

  /** Serves one inbound link to its end. Never rejects: whatever goes wrong is logged and the link closed or reset. */
  async handle (link: OverlayLink): Promise<void> {
    const running = this.running
    if (running === undefined) {
      link.abort(new OverlayError('ERR_NOT_STARTED', 'the flood service is not running'))
      return
    }
    const inbound = link.messages()[Symbol.asyncIterator]()
    // Reading the request and any refusal share one bound: a link that gets no flood costs at most this long.
    const exchange = new WallClockDeadline(this.clock, this.clock.now() + this.limits.requestTimeoutMs, [running.signal], 'request timeout')
    let request: TraceRequest | undefined
    let rejoin = false
    try {
      const first = await this.readRequest(link, inbound, exchange.signal)
      if (first === undefined) return
      request = first.request
      rejoin = first.rejoin
      if (rejoin) {
        // A peer whose upstream died sends its results here: read them into the running flood, if it still runs.
        const problem = await requestProblem(request, this.limits, this.components.authenticator, this.clock.now())
        const adopt = problem === undefined ? this.adopters.get(request.id) : undefined
        if (adopt !== undefined) {
          exchange.clear()
          this.counters.rejoinsAdopted++
          if (await adopt(link)) return
        }
        this.counters.duplicatesDropped++
        await this.answer(link, { requestId: request.id, failures: [], duplicate: true }, exchange.signal)
        return
      }
      const refusal = await this.refusal(request, link.remote)
      if (refusal !== undefined) {
        await this.answer(link, refusal, exchange.signal)
        return
      }
    } finally {
      exchange.clear()
    }

    const id = request.id
    this.counters.floodsServed++
    this.components.served?.(request, link.remote)
    const self = this.components.transport.self
    const recorder = request.entry === self && link.remote === request.origin ? this.recorder(request) : undefined
    try {
      const direct = await directDelivery(request, { ...this.components, clock: this.clock, limits: this.limits, counters: this.counters })
      await relayFlood({
        ...this.components,
        clock: this.clock,
        random: this.components.random ?? Math.random,
        recorder,
        link,
        upstream: inbound,
        request,
        self: this.components.transport.self,
        limits: this.limits,
        counters: this.counters,
        signal: running.signal,
        onAdopt: (adopt) => { this.adopters.set(id, adopt) },
        ...direct
      })
    } finally {
      this.adopters.delete(id)
      this.active--
      this.components.release?.(request, link.remote)
    }
  }

  /** A failing recorder must not take the flood down with it: the history is secondary. */
  private recorder (request: TraceRequest): FloodRecorder | undefined {
    try {
      return this.components.record?.(request)
    } catch (err) {
      log.error('could not record flood %s: %s', request.id, describeError(err))
      return undefined
    }
  }

  /**
   * The end that turns a request away (duplicate, invalid, busy), or undefined when this peer will serve it: then
   * the id is marked seen and the flood counted as running before this returns, in the same turn as the checks, so
   * a second copy whose signature check ends in between cannot pass them too.
   */
  private async refusal (request: TraceRequest, from: string): Promise<TraceEnd | undefined> {
    const self = this.components.transport.self
    const duplicate = { requestId: request.id, failures: [], duplicate: true }
    if (this.seen.has(request.id)) {
      this.counters.duplicatesDropped++
      log('duplicate of request %s from %s', request.id, from)
      return duplicate
    }
    const misdirected = directRefusal(request, self, from, this.counters)
    if (misdirected !== undefined) return misdirected
    const problem = await requestProblem(request, this.limits, this.components.authenticator, this.clock.now()) ??
      (request.timestamp < this.startedAt ? 'timestamp is before this peer started (a copy it may have served before a restart)' : undefined)
    if (problem !== undefined) {
      this.counters.requestsRejected++
      log('rejected request %s from %s: %s', request.id, from, problem)
      return { requestId: request.id, failures: [{ peer: self, reason: `ERR_INVALID_REQUEST: ${problem}` }] }
    }
    // Another copy may have been accepted while this one's signature was being checked.
    if (this.seen.has(request.id)) {
      this.counters.duplicatesDropped++
      log('duplicate of request %s from %s', request.id, from)
      return duplicate
    }
    const limited = this.components.admit?.(request, from)
    if (limited !== undefined) {
      this.counters.requestsRateLimited++
      log('rate limited request %s from %s: %s', request.id, from, limited)
      return { requestId: request.id, failures: [{ peer: self, reason: `ERR_RATE_LIMITED: ${limited}` }] }
    }
    if (this.active >= this.limits.maxConcurrentFloods) {
      this.components.release?.(request, from)
      this.counters.requestsBusy++
      log('turned away request %s from %s: %d floods running', request.id, from, this.active)
      return { requestId: request.id, failures: [{ peer: self, reason: `ERR_BUSY: ${this.active} floods running` }] }
    }
    this.seen.set(request.id, true)
    this.active++
    return undefined
  }

  /** The link's first message, which must be a request. */
  private async readRequest (link: OverlayLink, inbound: AsyncIterator<OverlayMessage>, signal: AbortSignal): Promise<{ request: TraceRequest, rejoin: boolean } | undefined> {
    try {
      const first = await raceSignal(inbound.next(), signal) as IteratorResult<{ type?: unknown, request?: unknown }>
      const type = first.done === true ? undefined : first.value?.type
      if ((type !== 'request' && type !== 'rejoin') || typeof first.value.request !== 'object' || first.value.request === null) {
        throw new OverlayError('ERR_PROTOCOL', 'the first message of a link must be a request or a rejoin')
      }
      return { request: first.value.request as TraceRequest, rejoin: type === 'rejoin' }
    } catch (err) {
      log('no request from %s: %s', link.remote, describeError(err))
      link.abort(err instanceof Error ? err : new Error(String(err)))
      return undefined
    }
  }

  /** Ends a link that gets no flood: the end says why, so the upstream does not wait. */
  private async answer (link: OverlayLink, end: TraceEnd, signal: AbortSignal): Promise<void> {
    try {
      await raceSignal(link.send({ type: 'end', end }), signal)
      this.counters.messagesSent++
      await raceSignal(link.close(), signal)
    } catch (err) {
      log('could not answer %s: %s', link.remote, describeError(err))
      link.abort(err instanceof Error ? err : new Error(String(err)))
    }
  }
}
