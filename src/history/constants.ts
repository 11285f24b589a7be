// The history's defaults and bounds: how much a node keeps, and what one query may ask for.

export const HISTORY_FILE = 'history.sqlite'
/** The operator's own traces kept at most; the oldest go first. */
export const DEFAULT_HISTORY_MAX_TRACES = 1000
/**
 * Traces other requesters ran through this node, kept apart within a smaller quota (by count and by bytes), so that
 * junk traces from fresh keys can never evict the operator's own.
 */
export const DEFAULT_HISTORY_MAX_OTHER_TRACES = 100
/** Bytes of requests and results kept, the operator's traces and the others' apart; the oldest go first. */
export const DEFAULT_HISTORY_MAX_BYTES = 256 * 1024 * 1024
export const DEFAULT_HISTORY_MAX_OTHER_BYTES = 16 * 1024 * 1024
/** Bytes of results one trace keeps for replay; results past it are counted in the trace, not kept. */
export const DEFAULT_HISTORY_MAX_TRACE_BYTES = 4 * 1024 * 1024
/** Traces older than this are dropped. */
export const DEFAULT_HISTORY_MAX_AGE_DAYS = 30
export const MAX_HISTORY_MAX_TRACES = 1_000_000
export const MAX_HISTORY_MAX_AGE_DAYS = 3650
/** Entries one listing returns at most (and by default). */
export const MAX_HISTORY_LIST = 1000
export const DEFAULT_HISTORY_LIST = 20
/** A trace id may be given by a prefix this long at least. */
export const MIN_ID_PREFIX = 6
export const DAY_MS = 24 * 60 * 60 * 1000
/** A full disk is said to the operator at most this often while it stays full. */
export const DISK_FULL_WARNING_INTERVAL_MS = 10 * 60_000
