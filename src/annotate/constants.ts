// Every bound of the requester's hop annotation: the reverse-DNS cache, its concurrency and its time per trace, and
// the size of an IP-to-ASN database file.

/** Names kept in the reverse-DNS cache (least recently used go first). */
export const DNS_CACHE_MAX = 4096
/** How long a name stays cached. */
export const DNS_CACHE_TTL_MS = 60 * 60_000
/** How long "this address has no name" stays cached: shorter, as a PTR record may be added. */
export const DNS_NEGATIVE_TTL_MS = 5 * 60_000
/**
 * Lookups running at once, in the resolver process (resolver-process.ts): getnameinfo runs on that process's libuv
 * threadpool (4 threads by default); a bound well under it keeps a dead nameserver from queueing every thread.
 */
export const DNS_MAX_CONCURRENT = 2
/** Lookups waiting for a slot; past this an address is not looked up (it stays unnamed). */
export const DNS_MAX_QUEUED = 1024
/**
 * How long one trace's results may wait for names, all waits together: a slow resolver delays a trace's output
 * by at most this, then names not back are left out (lookups still running fill the cache for later results).
 */
export const DNS_BUDGET_PER_TRACE_MS = 2000
/**
 * How long a trace's output may wait for the resolver's helper process to start (resolver-process.ts), apart from
 * the budget above: a node process's start, 0.15 s idle, 0.7 s under six busy loops, seconds when the machine is
 * loaded harder. The process's reverse DNS starts its helper when it is made, so this is mostly waited out before
 * the first result comes. A helper not up by then: that trace's names are left out.
 */
export const DNS_HELPER_START_MS = 10_000

/** The largest IP-to-ASN file read (iptoasn's combined file is about 30 MB). */
export const ASN_DB_MAX_BYTES = 256 * 1024 * 1024
/** The longest AS description kept (iptoasn's longest are under 100 characters). */
export const MAX_AS_NAME_LENGTH = 128
