// How the trace history is read: a query, and the reader the web view and the history protocol use. What it holds
// (StoredTrace, HistoryEntry) is the shared model's (src/model/history.ts).

import type { HistoryEntry, StoredTrace } from '../model/index.js'

export type { HistoryEntry, StoredTrace } from '../model/index.js'

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
