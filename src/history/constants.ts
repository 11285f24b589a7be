// The history's defaults and bounds: how much a node keeps, and what one query may ask for.

export const HISTORY_FILE = 'history.sqlite'
/** Traces kept at most; the oldest go first. */
export const DEFAULT_HISTORY_MAX_TRACES = 1000
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
