// One trace as the web serves it, whether it is still running or read back from the history: an ordered list of
// events (a result per vantage point, then one summary) that a viewer reads from any index on.

import type { StoredTrace } from '../../history/types.js'
import type { SummaryView, TraceInfo, VantageView } from '../../model/index.js'
import type { VantageResult } from '../../overlay/types.js'

export type TraceEvent =
  | { type: 'result', view: VantageView }
  | { type: 'summary', summary: SummaryView }

export interface TraceFeed {
  readonly id: string
  readonly target: string
  /** What was asked and when (GET /api/traces/<id>/info). */
  readonly info: TraceInfo
  /** The events from index `from` on, as they land; ends after the summary, or at once when `signal` aborts. */
  events: (from: number, signal: AbortSignal) => AsyncIterable<TraceEvent>
  /** The vantage points that have answered so far. */
  views: () => VantageView[]
}

/** What the formats need of a verified result: no signature or request id (they would only bloat the page). */
export function viewOf (result: VantageResult): VantageView {
  const view: VantageView = { peer: result.peer, name: result.name }
  if (result.trace !== undefined) view.trace = result.trace
  if (result.error !== undefined) view.error = result.error
  return view
}

/** A trace from the history: every event is there already. */
export function storedFeed (stored: StoredTrace): TraceFeed {
  const views = stored.results.map(viewOf)
  const events: TraceEvent[] = [
    ...views.map((view): TraceEvent => ({ type: 'result', view })),
    { type: 'summary', summary: stored.summary }
  ]
  const { probe, selector } = stored.request
  const info: TraceInfo = { id: stored.id, target: stored.target, startedAt: stored.startedAt, method: probe.method, maxHops: probe.maxHops, queries: probe.queries }
  if (probe.port !== undefined) info.port = probe.port
  if (probe.rounds !== undefined && probe.rounds > 0) info.rounds = probe.rounds
  if (selector !== undefined && selector.terms.length > 0) info.from = selector.terms
  if (selector?.limit !== undefined) info.limit = selector.limit
  return {
    id: stored.id,
    target: stored.target,
    info,
    views: () => views,
    events: async function * (from: number, signal: AbortSignal) {
      for (const event of events.slice(from)) {
        if (signal.aborted) return
        yield event
      }
    }
  }
}
