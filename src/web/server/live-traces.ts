// The traces started from the web while they run: each one's events in memory (bounded) so that any number of
// viewers replay what already landed and then follow it live, a cap on how many run at once, and a short stay
// after the end before the history alone serves them.

import { logger } from '@libp2p/logger'
import type { SummaryView, TraceInfo, VantageView } from '../../model/index.js'
import type { LocalTrace, LocalTraceParams, LocalTraceRunner } from '../../node/service/operator-traces.js'
import { systemClock, type CancelTimer, type Clock } from '../../time/clock.js'
import {
  DEFAULT_MAX_HOPS, DEFAULT_QUERIES, FINISHED_TRACE_RETENTION_MS, MAX_FINISHED_LIVE_TRACES, MAX_RESULTS_PER_LIVE_TRACE,
  MAX_RUNNING_WEB_TRACES
} from './constants.js'
import { HttpError } from './errors.js'
import { viewOf, type TraceEvent, type TraceFeed } from './trace-feed.js'

const log = logger('peertrace:web:live')

export interface LiveTracesInit {
  maxRunning?: number
  maxResultsPerTrace?: number
  retentionMs?: number
  maxFinished?: number
  /** Times the retention and a cut-short trace's duration (default: the system clock). */
  clock?: Clock
}

/** One running (or just finished) trace: its events so far, and the viewers waiting for the next one. */
export class LiveTrace implements TraceFeed {
  readonly id: string
  readonly target: string
  readonly startedAt: number
  readonly info: TraceInfo
  private readonly list: TraceEvent[] = []
  private readonly waiters = new Set<() => void>()
  private readonly maxResults: number
  private readonly clock: Clock
  private results = 0
  private finished = false

  constructor (info: TraceInfo, maxResults: number, clock: Clock = systemClock) {
    this.id = info.id
    this.target = info.target
    this.startedAt = info.startedAt
    this.info = info
    this.maxResults = maxResults
    this.clock = clock
  }

  get done (): boolean {
    return this.finished
  }

  views (): VantageView[] {
    return this.list.flatMap(event => event.type === 'result' ? [event.view] : [])
  }

  addResult (view: VantageView): void {
    if (this.finished) return
    // Past the bound a result still counts in the summary; it is only not kept for replay.
    if (this.results >= this.maxResults) return
    this.results++
    this.list.push({ type: 'result', view })
    this.wake()
  }

  finish (summary: SummaryView): void {
    if (this.finished) return
    this.finished = true
    this.list.push({ type: 'summary', summary })
    this.wake()
  }

  /** What the results so far add up to, for a trace whose events ended without a summary. */
  summarySoFar (): SummaryView {
    const views = this.views()
    return {
      target: this.target,
      answered: views.filter(v => v.error === undefined && v.trace !== undefined).length,
      failed: views.flatMap(v => v.error === undefined ? [] : [{ peer: v.peer, name: v.name, reason: `${v.error.code}: ${v.error.message}` }]),
      unverified: 0,
      durationMs: Math.max(0, this.clock.now() - this.startedAt)
    }
  }

  async * events (from: number, signal: AbortSignal): AsyncGenerator<TraceEvent> {
    let next = from
    while (!signal.aborted) {
      while (next < this.list.length) {
        yield this.list[next++]
        if (signal.aborted) return
      }
      if (this.finished) return
      await this.changed(signal)
    }
  }

  /** Resolves at the next event or the end, or when `signal` aborts. */
  private async changed (signal: AbortSignal): Promise<void> {
    await new Promise<void>(resolve => {
      const done = (): void => {
        this.waiters.delete(done)
        signal.removeEventListener('abort', done)
        resolve()
      }
      this.waiters.add(done)
      signal.addEventListener('abort', done, { once: true })
    })
  }

  private wake (): void {
    for (const waiter of [...this.waiters]) waiter()
  }
}

export class LiveTraces {
  private readonly runner: LocalTraceRunner
  private readonly traces = new Map<string, LiveTrace>()
  /** Finished traces still held, oldest first. */
  private readonly finished: string[] = []
  private readonly timers = new Set<CancelTimer>()
  private readonly stopping = new AbortController()
  private readonly maxRunning: number
  private readonly maxResults: number
  private readonly retentionMs: number
  private readonly maxFinished: number
  private readonly clock: Clock
  private runningCount = 0

  constructor (runner: LocalTraceRunner, init: LiveTracesInit = {}) {
    this.runner = runner
    this.maxRunning = init.maxRunning ?? MAX_RUNNING_WEB_TRACES
    this.maxResults = init.maxResultsPerTrace ?? MAX_RESULTS_PER_LIVE_TRACE
    this.retentionMs = init.retentionMs ?? FINISHED_TRACE_RETENTION_MS
    this.maxFinished = init.maxFinished ?? MAX_FINISHED_LIVE_TRACES
    this.clock = init.clock ?? systemClock
  }

  get running (): number {
    return this.runningCount
  }

  get (id: string): LiveTrace | undefined {
    return this.traces.get(id)
  }

  /** Starts a trace through the runner; a 429 HttpError when `maxRunning` web traces run already. */
  async start (params: LocalTraceParams): Promise<LiveTrace> {
    if (this.stopping.signal.aborted) throw new HttpError(503, 'the web server is stopping')
    if (this.runningCount >= this.maxRunning) {
      throw new HttpError(429, `${this.maxRunning} traces started from the web are running already; try again when one has finished`, { 'Retry-After': '5' })
    }
    // The slot is taken before the first await, so concurrent requests cannot all pass the check above.
    this.runningCount++
    let trace: LocalTrace
    try {
      trace = await this.runner.start(params, this.stopping.signal)
    } catch (err) {
      this.runningCount--
      throw err
    }
    const live = new LiveTrace(traceInfo(trace, params), this.maxResults, this.clock)
    this.traces.set(trace.id, live)
    void this.follow(live, trace)
    return live
  }

  /** Stops every running trace (the node is stopping) and forgets them all. */
  close (): void {
    this.stopping.abort()
    for (const cancel of this.timers) cancel()
    this.timers.clear()
  }

  /** Reads the trace's events into `live` until they end; the trace is never stopped because a viewer left. */
  private async follow (live: LiveTrace, trace: LocalTrace): Promise<void> {
    try {
      for await (const event of trace.events) {
        if (event.type === 'result') live.addResult(viewOf(event.result))
        else live.finish({ target: live.target, ...event.summary })
      }
    } catch (err) {
      log.error('trace %s ended with an error: %e', live.id, err)
    } finally {
      if (!live.done) live.finish(live.summarySoFar())
      this.runningCount--
      this.retire(live.id)
    }
  }

  /** Keeps a finished trace for a while (and only the newest few), then leaves it to the history. */
  private retire (id: string): void {
    this.finished.push(id)
    while (this.finished.length > this.maxFinished) this.traces.delete(this.finished.shift() as string)
    if (this.stopping.signal.aborted) return
    const cancel = this.clock.setTimer(() => {
      this.timers.delete(cancel)
      this.traces.delete(id)
      const at = this.finished.indexOf(id)
      if (at >= 0) this.finished.splice(at, 1)
    }, this.retentionMs, { unref: true })
    this.timers.add(cancel)
  }
}

/** What the runner was asked, as the info endpoint shows it (the runner's defaults for what the form left out). */
function traceInfo (trace: LocalTrace, params: LocalTraceParams): TraceInfo {
  const info: TraceInfo = {
    id: trace.id,
    target: params.target,
    startedAt: trace.startedAt,
    method: params.method,
    maxHops: params.maxHops ?? DEFAULT_MAX_HOPS,
    queries: params.queries ?? DEFAULT_QUERIES
  }
  if (params.port !== undefined) info.port = params.port
  if (params.rounds !== undefined) info.rounds = params.rounds
  if (params.from !== undefined) info.from = params.from
  if (params.limit !== undefined) info.limit = params.limit
  return info
}
