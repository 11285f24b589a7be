// The flood test harness: a MemoryNetwork of real FloodServices with probers the test controls, an origin peer
// outside the graph, and helpers to sign a request and run a trace to completion. Tests and the simulation call it.
// Time is a ManualClock unless told otherwise: no deadline or cut-off fires unless the test moves the clock.

import {
  FloodService, HashAuthenticator, MemoryNetwork, originate, type Authenticator, type ExpectedVantage, type FloodCounters,
  type FloodServiceInit, type LocalProber, type MeasuredTrace, type PeerError, type TraceRequest,
  type TraceSummary, type VantageResult
} from '../../src/overlay/index.js'
import { selectsVantage } from '../../src/model/selector.js'
import type { Clock } from '../../src/time/clock.js'
import { ManualClock } from '../time/manual-clock.js'
import type { Edge } from './topology.js'

export const ORIGIN = 'origin'
const DEFAULT_TEST_DEADLINE_MS = 20_000

type ProbeOutcome = { trace?: MeasuredTrace, error?: PeerError }

/** A trace a prober returns at once: one hop, the target reached. */
export function quickTrace (target: string): MeasuredTrace {
  return {
    target,
    addr: target,
    method: 'icmp',
    reached: true,
    durationMs: 1,
    probesSent: 1,
    hops: [{ ttl: 1, addr: target, rtts: [0.5] }]
  }
}

export const instantProber: LocalProber = async (request) => ({ trace: quickTrace(request.target) })

/** A prober that never returns and ignores its signal: a hung or dead peer. */
export const hungProber: LocalProber = async () => await new Promise(() => {})

/** The hops a cut-off prober has measured by the time it is told to stop: two routers, then silence. */
export function partialTrace (target: string): MeasuredTrace {
  return {
    target,
    addr: target,
    method: 'icmp',
    reached: false,
    durationMs: 1500,
    probesSent: 9,
    hops: [{ ttl: 1, addr: '10.0.0.1', rtts: [0.5, 0.6, 0.5] }, { ttl: 2, addr: '10.0.1.1', rtts: [1.5] }, { ttl: 3, addr: null, rtts: [] }],
    stop: 'deadline'
  }
}

/**
 * A prober that is still probing when the flood tells it to stop, and then does what the engine does: resolves
 * with the hops measured so far, `stop: 'deadline'`. `aborts` gets the reason its signal gave.
 */
export function partialOnAbortProber (aborts: unknown[] = []): LocalProber {
  return async (request, signal) => await new Promise((resolve) => {
    signal.addEventListener('abort', () => {
      aborts.push(signal.reason)
      resolve({ trace: partialTrace(request.target) })
    }, { once: true })
  })
}

/** A prober the test drives: `called` resolves when the flood reaches the peer, `release` lets it answer. */
export interface ControlledProber {
  prober: LocalProber
  called: Promise<TraceRequest>
  release: (outcome: ProbeOutcome) => void
}

export function controlledProber (): ControlledProber {
  let onCall!: (request: TraceRequest) => void
  let onRelease!: (outcome: ProbeOutcome) => void
  const called = new Promise<TraceRequest>((resolve) => { onCall = resolve })
  const released = new Promise<ProbeOutcome>((resolve) => { onRelease = resolve })
  return {
    prober: async (request) => {
      onCall(request)
      return await released
    },
    called,
    release: onRelease
  }
}

export interface FloodNetOptions {
  /** Peers p0 … p(size-1). */
  size: number
  edges: Edge[]
  /** The origin connects to these (default p0). */
  entries?: string[]
  init?: FloodServiceInit
  /** Per-peer prober (default instantProber). */
  probers?: Record<string, LocalProber>
  /** Per-peer authenticator (default the shared HashAuthenticator). */
  authenticators?: Record<string, Authenticator>
  delayMs?: number
  /** Every peer's and the origin's clock (default: a new ManualClock, which stands still until moved). */
  clock?: Clock
  /** Per-peer tags a request's selector matches (with the peer id and its name, name-pX); default none. */
  tags?: Record<string, string[]>
  /** Orders the neighbours a peer forwards to past maxFanout (default: Math.random). */
  random?: () => number
}

export interface TraceOutcome {
  results: VantageResult[]
  summary: TraceSummary
}

export class FloodNet {
  readonly network: MemoryNetwork
  readonly auth = new HashAuthenticator()
  readonly services = new Map<string, FloodService>()
  /** Per peer, the copies of each request its prober was called with (request id -> hopBudget seen). */
  readonly probed = new Map<string, Map<string, number>>()
  /** Per peer, the siblings named by the copy of each request it accepted (request id -> siblings). */
  readonly siblings = new Map<string, Map<string, string[]>>()
  readonly clock: Clock
  private readonly options: FloodNetOptions
  /** Numbers the requests: their ids are unique and the same on every run. */
  private requests = 0

  constructor (options: FloodNetOptions) {
    this.options = options
    this.clock = options.clock ?? new ManualClock()
    this.network = new MemoryNetwork({ delayMs: options.delayMs, clock: this.clock })
    for (let i = 0; i < options.size; i++) this.addPeer(`p${i}`)
    for (const [a, b] of options.edges) this.network.connect(`p${a}`, `p${b}`)
    this.network.addPeer(ORIGIN)
    for (const entry of options.entries ?? ['p0']) this.network.connect(ORIGIN, entry)
  }

  /** Adds a started peer (a late joiner when called after the first trace). */
  addPeer (id: string, prober?: LocalProber): FloodService {
    const transport = this.network.addPeer(id)
    const inner = prober ?? this.options.probers?.[id] ?? instantProber
    const calls = new Map<string, number>()
    this.probed.set(id, calls)
    const siblings = new Map<string, string[]>()
    this.siblings.set(id, siblings)
    const service = new FloodService({
      transport,
      name: `name-${id}`,
      clock: this.clock,
      ...(this.options.random === undefined ? {} : { random: this.options.random }),
      authenticator: this.options.authenticators?.[id] ?? this.auth,
      selects: (request) => selectsVantage(request.selector, { peer: id, name: `name-${id}`, tags: this.options.tags?.[id] ?? [] }),
      prober: async (request, signal, stopInMs) => {
        if (calls.has(request.id)) throw new Error(`${id} probed request ${request.id} twice`)
        calls.set(request.id, request.hopBudget)
        siblings.set(request.id, request.siblings ?? [])
        return await inner(request, signal, stopInMs)
      }
    }, this.options.init)
    service.start()
    this.network.serve(id, async (link) => { await service.handle(link) })
    this.services.set(id, service)
    return service
  }

  /** A request signed by the origin. */
  async request (fields: Partial<Omit<TraceRequest, 'signature'>> = {}): Promise<TraceRequest> {
    const now = this.clock.now()
    const budget = fields.initialHopBudget ?? 16
    return await this.auth.signRequest({
      id: (++this.requests).toString(16).padStart(32, '0'),
      origin: ORIGIN,
      target: '192.0.2.1',
      probe: { method: 'icmp', maxHops: 30, firstHop: 1, queries: 3, waitMs: 1000 },
      initialHopBudget: budget,
      hopBudget: budget,
      deadline: now + DEFAULT_TEST_DEADLINE_MS,
      timestamp: now,
      ...fields
    })
  }

  /** Runs originate() to its end and collects what it yielded. */
  async trace (request: TraceRequest, options: {
    entries?: string[]
    signal?: AbortSignal
    onResult?: (result: VantageResult, count: number) => void
    expected?: Promise<readonly ExpectedVantage[]>
    /** The requester's wait past the deadline for its entries' ends (default: originate()'s). */
    endGraceMs?: number
  } = {}): Promise<TraceOutcome> {
    const results: VantageResult[] = []
    let summary: TraceSummary | undefined
    const events = originate(this.network.transport(ORIGIN), options.entries ?? this.options.entries ?? ['p0'],
      request, this.auth, options.signal ?? new AbortController().signal, { clock: this.clock, expected: options.expected, endGraceMs: options.endGraceMs })
    for await (const event of events) {
      if (event.type === 'result') {
        results.push(event.result)
        options.onResult?.(event.result, results.length)
      } else {
        if (summary !== undefined) throw new Error('two summaries')
        summary = event.summary
      }
    }
    if (summary === undefined) throw new Error('no summary')
    return { results, summary }
  }

  /** The peer dies: every link of it breaks at once, and its process (its flood service) is gone. */
  kill (id: string): void {
    this.network.kill(id)
    this.services.get(id)?.stop()
  }

  /** Floods being served now, summed over every peer. */
  activeFloods (): number {
    let active = 0
    for (const service of this.services.values()) active += service.activeFloods
    return active
  }

  /**
   * Resolves once `condition` holds, checking after every turn of the event loop: for a state the services announce
   * no event for (how many floods still run). Time does not pass meanwhile on a ManualClock.
   */
  async until (condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise((resolve) => { setImmediate(resolve) })
  }

  /** The counters of every service, summed. */
  totals (): FloodCounters {
    const sum: Record<string, number> = {}
    for (const service of this.services.values()) {
      for (const [key, value] of Object.entries(service.counters)) sum[key] = (sum[key] ?? 0) + value
    }
    return sum as unknown as FloodCounters
  }

  /** Peers whose prober ran for this request, with the flood depth they were reached at. */
  depths (request: TraceRequest): Map<string, number> {
    const depths = new Map<string, number>()
    for (const [peer, calls] of this.probed) {
      const budget = calls.get(request.id)
      if (budget !== undefined) depths.set(peer, request.initialHopBudget - budget)
    }
    return depths
  }

  stop (): void {
    for (const service of this.services.values()) service.stop()
  }
}
