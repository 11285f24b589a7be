// Stand-ins for the node behind the web server: a trace runner whose traces the test drives event by event, and a
// history reader with fixed contents. The HTTP in front of them is real (127.0.0.1); only the node is fake.

import type { HistoryEntry, HistoryQuery, HistoryReader, StoredTrace } from '../../src/history/types.js'
import type { LocalTrace, LocalTraceParams, LocalTraceRunner } from '../../src/node/service/operator-traces.js'
import type { OriginateEvent, TraceSummary } from '../../src/overlay/index.js'
import type { MeasuredTrace, VantageResult } from '../../src/overlay/types.js'
import type { Clock } from '../../src/time/clock.js'
import { ManualClock } from '../time/manual-clock.js'

export const TARGET = '198.18.9.2'

function measured (target: string, hops: MeasuredTrace['hops'], reached = true): MeasuredTrace {
  return { target, addr: target, method: 'icmp', reached, durationMs: 42, probesSent: hops.length * 3, hops }
}

/** A signed-looking result: the web server never checks signatures (the node did), it only must not leak them. */
function result (requestId: string, peer: string, name: string, trace?: MeasuredTrace,
  error?: VantageResult['error']): VantageResult {
  const out: VantageResult = { requestId, peer, name, signature: new Uint8Array([1, 2, 3]) }
  if (trace !== undefined) out.trace = trace
  if (error !== undefined) out.error = error
  return out
}

/** Three vantage points towards TARGET: two answer (one path has a silent hop, one ends unreachable), one fails. */
export function sampleResults (requestId: string): VantageResult[] {
  return [
    result(requestId, 'peerA', 'alpha', measured(TARGET, [
      { ttl: 1, addr: '198.18.1.1', rtts: [0.4, 0.5, 0.6] },
      { ttl: 2, addr: '198.18.3.1', rtts: [1.1] },
      { ttl: 3, addr: TARGET, rtts: [1.9] }
    ])),
    result(requestId, 'peerB', 'beta', measured(TARGET, [
      { ttl: 1, addr: '198.18.2.1', rtts: [0.3] },
      { ttl: 2, addr: null, rtts: [] },
      { ttl: 3, addr: '198.18.4.1', rtts: [2.2], flag: '!H' }
    ], false)),
    result(requestId, 'peerC', 'gamma', undefined, { code: 'ERR_POLICY', message: 'target not allowed here' })
  ]
}

export const SAMPLE_SUMMARY: TraceSummary = {
  answered: 2,
  failed: [{ peer: 'peerC', name: 'gamma', reason: 'ERR_POLICY: target not allowed here' }],
  unverified: 0,
  durationMs: 1234
}

/** One trace the test drives: push() results, end() with a summary; the web server reads them as they come. */
export class FakeTrace implements LocalTrace {
  readonly id: string
  readonly startedAt: number
  readonly params: LocalTraceParams
  readonly signal: AbortSignal | undefined
  private readonly queue: OriginateEvent[] = []
  private ended = false
  private wake: (() => void) | undefined

  constructor (id: string, params: LocalTraceParams, signal: AbortSignal | undefined, startedAt: number) {
    this.id = id
    this.startedAt = startedAt
    this.params = params
    this.signal = signal
    signal?.addEventListener('abort', () => { this.finish() })
  }

  push (result: VantageResult): void {
    this.queue.push({ type: 'result', result })
    this.wake?.()
  }

  end (summary: TraceSummary): void {
    this.queue.push({ type: 'summary', summary })
    this.finish()
  }

  /** Ends the events with no summary (as a trace aborted by the node would). */
  finish (): void {
    this.ended = true
    this.wake?.()
  }

  get events (): AsyncIterable<OriginateEvent> {
    const self = this
    return {
      async * [Symbol.asyncIterator] () {
        while (true) {
          const next = self.queue.shift()
          if (next !== undefined) {
            yield next
            continue
          }
          if (self.ended) return
          await new Promise<void>(resolve => { self.wake = resolve })
          self.wake = undefined
        }
      }
    }
  }
}

export class FakeRunner implements LocalTraceRunner {
  readonly traces: FakeTrace[] = []
  /** Thrown by the next start(), once. */
  failNext: Error | undefined
  /** Gives each trace its start time. */
  readonly clock: Clock
  private count = 0

  constructor (clock: Clock = new ManualClock()) {
    this.clock = clock
  }

  async start (params: LocalTraceParams, signal?: AbortSignal): Promise<LocalTrace> {
    const failure = this.failNext
    if (failure !== undefined) {
      this.failNext = undefined
      throw failure
    }
    const id = (++this.count).toString(16).padStart(32, 'a')
    const trace = new FakeTrace(id, params, signal, this.clock.now())
    this.traces.push(trace)
    return trace
  }

  get last (): FakeTrace {
    const trace = this.traces.at(-1)
    if (trace === undefined) throw new Error('no trace started')
    return trace
  }
}

export function storedTrace (id: string, startedAt: number, results = sampleResults(id)): StoredTrace {
  return {
    id,
    origin: 'operatorPeer',
    target: TARGET,
    startedAt,
    finishedAt: startedAt + 1234,
    request: {
      id,
      origin: 'operatorPeer',
      target: TARGET,
      probe: { method: 'icmp', maxHops: 30, firstHop: 1, queries: 3, waitMs: 3500 },
      initialHopBudget: 16,
      hopBudget: 16,
      deadline: startedAt + 20_000,
      timestamp: startedAt,
      signature: new Uint8Array([9])
    },
    results,
    summary: { target: TARGET, ...SAMPLE_SUMMARY }
  }
}

export class FakeHistory implements HistoryReader {
  readonly traces: StoredTrace[]
  readonly queries: HistoryQuery[] = []
  /** Thrown by list() and get() when set. */
  broken: Error | undefined

  constructor (traces: StoredTrace[] = []) {
    this.traces = traces
  }

  list (query: HistoryQuery = {}): HistoryEntry[] {
    this.queries.push(query)
    if (this.broken !== undefined) throw this.broken
    return this.traces
      .filter(t => query.target === undefined || t.target === query.target)
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, query.limit)
      .map(t => ({
        id: t.id,
        startedAt: t.startedAt,
        target: t.target,
        answered: t.summary.answered,
        failed: t.summary.failed.length,
        // A store's row may carry more: the API must list the five fields only.
        secret: 'not for the web'
      }) as HistoryEntry)
  }

  get (idOrPrefix: string): StoredTrace | undefined {
    if (this.broken !== undefined) throw this.broken
    return this.traces.find(t => t.id.startsWith(idOrPrefix))
  }
}
