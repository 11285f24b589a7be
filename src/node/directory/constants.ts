// Defaults and bounds of the vantage point directory (docs/overlay.md, "The directory").

/** A node pulls one random neighbour's directory this often (and at once when it starts). */
export const DEFAULT_DIRECTORY_PULL_INTERVAL_MS = 5000
/** A node signs its own description afresh this often: the timestamp others read as "last seen". */
export const DEFAULT_DESCRIPTION_REFRESH_MS = 30_000
/** A description older than this is dropped: its peer is gone. */
export const DEFAULT_DESCRIPTION_TTL_MS = 10 * 60_000
/** A description this fresh counts as a live vantage point, one a request may choose. */
export const DEFAULT_LIVE_WINDOW_MS = 2 * 60_000
/** How far in the future a description's timestamp may be (clock skew). */
export const MAX_DESCRIPTION_SKEW_MS = 60_000
/** Peers a node keeps descriptions of at most; above, the least recently seen go first. */
export const DEFAULT_MAX_DIRECTORY_PEERS = 1024
/** How long one pull of a neighbour's directory may take. */
export const DIRECTORY_PULL_TIMEOUT_MS = 5000
export const MAX_INBOUND_DESCRIBE_STREAMS = 16
