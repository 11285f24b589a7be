// What the trace history holds and how it is read: one record per trace this node was the entry peer of (the
// request, every verified result in the order it landed, the summary as the requester saw it), and the short
// entries a listing shows.

import type { SummaryView } from '../format/vantage.js'
import type { TraceRequest, VantageResult } from '../overlay/types.js'

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
  request: TraceRequest
  /** Verified results, in the order they landed. */
  results: VantageResult[]
  /** The closing summary; for an unfinished trace, what the stored results and failures add up to so far. */
  summary: SummaryView
}

export interface HistoryQuery {
  /** Only traces of this target (exactly as requested). */
  target?: string
  /** At most this many, newest first. */
  limit?: number
}

/** Read access to a node's history (the web view and the history protocol use it). */
export interface HistoryReader {
  /** Newest first. */
  list: (query?: HistoryQuery) => HistoryEntry[]
  /** By full id or a unique prefix of it; undefined if none; throws AmbiguousTraceIdError if several match. */
  get: (idOrPrefix: string) => StoredTrace | undefined
}
