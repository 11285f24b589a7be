// Every default and bound of the probe engine, named: options take these when the caller says nothing.

export const DEFAULT_MAX_HOPS = 30
export const MAX_MAX_HOPS = 255
export const DEFAULT_FIRST_HOP = 1
export const DEFAULT_QUERIES = 3
export const MAX_QUERIES = 10
/** The cap on any one wait (ms), and on how long the end of a path is retried before it counts as silent. */
export const DEFAULT_WAIT_MS = 2000
export const MAX_WAIT_MS = 60_000
/** TTLs in flight beyond the highest hop that answered. */
export const DEFAULT_WINDOW = 5
/** Consecutive silent hops past the last answer after which the trace stops. */
export const DEFAULT_GAP_LIMIT = 5
/** Extra probes for a hop that has not answered, when hops beyond it have. */
export const DEFAULT_RETRIES = 2
/** The adaptive wait: this multiple of the largest RTT seen in the trace, never below the floor. */
export const DEFAULT_RTT_MULTIPLIER = 8
export const DEFAULT_WAIT_FLOOR_MS = 10
/**
 * Retries at the end of a path are spaced by at most this much: Linux routers and hosts refill their ICMP error
 * token bucket at one per second (icmp_ratelimit), so a rate-limited answer comes at most this long after a
 * token is back.
 */
export const DEFAULT_MAX_RETRY_INTERVAL_MS = 250
/** Hard bound on probes per trace, whatever the options. */
export const MAX_PROBES_PER_TRACE = 1024
/** The constant destination port of Paris UDP probes (traceroute's base port). */
export const DEFAULT_UDP_PORT = 33434
/** Receive buffer of the shared raw sockets: a burst of replies from many concurrent traces must fit. */
export const RAW_SOCKET_RCVBUF = 4 * 1024 * 1024
/** Probes per second the whole engine may send (every trace together), and the burst it may send at once. */
export const DEFAULT_MAX_PROBES_PER_SECOND = 2000
export const DEFAULT_PROBE_BURST = 200
