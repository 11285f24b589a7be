// What the trace history holds: one record per trace a node was the entry peer of, and the short entries a listing
// shows. The store (src/history/) writes them; the history protocol, the formats and the web page read them.

import type { TraceRequest } from './request.js'
import type { SummaryView } from './summary.js'
import type { VantageResult } from './vantage.js'

/** One line of `peertrace history`: also the NDJSON object of `history --json` and of GET /api/history. */
export interface HistoryEntry {
  /** The request id (32 hex digits). */
  id: string
  /** Unix ms when the request reached this node. */
  startedAt: number
  target: string
  /** Vantage points that answered with a trace. */
  answered: number
  /** Vantage points that answered with an error or were reported failed. */
  failed: number
}

export interface StoredTrace {
  id: string
  /** The requester's peer id (the key that signed the request). */
  origin: string
  target: string
  startedAt: number
  /** Unset while the trace runs, or if the node stopped before it ended. */
  finishedAt?: number
  /** The node stopped before the trace ended: its results are what had landed by then. */
  interrupted?: boolean
  request: TraceRequest
  /** Verified results, in the order they landed. */
  results: VantageResult[]
  /** The closing summary; for an unfinished trace, what the stored results and failures add up to so far. */
  summary: SummaryView
}

/** What was asked and when, as the web view heads a trace (GET /api/traces/<id>/info), live or from the history. */
export interface TraceInfo {
  id: string
  target: string
  /** Unix ms when the trace started at this node. */
  startedAt: number
  method: string
  /** The udp or tcp probes' destination port, when the trace chose one (else the engine's default). */
  port?: number
  maxHops: number
  queries: number
  /** `--rounds N` (mtr mode), when the trace had it. */
  rounds?: number
  /** The CLI's --from terms and --limit K, when the trace had them. */
  from?: string[]
  limit?: number
}
