// Every default and bound of the flood: a FloodService or originate() takes these when its init says nothing, and
// request validation checks against them.

/** The largest flood radius a peer accepts; a request asking for more is rejected, not trimmed (it is signed). */
export const DEFAULT_MAX_HOP_BUDGET = 16
/** How many request ids a peer remembers for duplicate suppression. */
export const DEFAULT_SEEN_CACHE_SIZE = 10_000
/** The furthest in the future a request's deadline may be (ms from now): bounds every wait a request can cause. */
export const DEFAULT_MAX_DEADLINE_MS = 120_000
/** The longest a requester may wait for results, in whole seconds (the CLI's and the web form's --timeout). */
export const MAX_TRACE_TIMEOUT_S = DEFAULT_MAX_DEADLINE_MS / 1000
/**
 * How long a request id is remembered. It must cover the longest deadline: a copy that arrives after its id is
 * forgotten but before its deadline would start a second flood.
 * @alias the same figure as DEFAULT_MAX_DEADLINE_MS, under the name of what it bounds
 */
export const DEFAULT_SEEN_TTL_MS = DEFAULT_MAX_DEADLINE_MS
/**
 * Time left per flood level for an `end` to travel up one link: a peer at depth d stops waiting for its downstream
 * at `deadline - margin * (d + 1)`, so its end reaches its upstream before the upstream's own cut-off.
 */
export const DEFAULT_CUTOFF_MARGIN_MS = 100
/**
 * How long past the request's deadline the requester still reads its entry links for their ends (ms). An entry
 * cuts off a margin before the deadline, but a loaded peer's timers and event loop run late (100-300 ms beside the
 * loaded test suite, docs/testing.md), so its end may land just after the deadline. The requester has no upstream
 * to hurry for: it waits that little longer rather than call the trace `incomplete`. A silent entry costs at most
 * this much more.
 */
export const DEFAULT_REQUESTER_END_GRACE_MS = 2000
/**
 * How long before its cut-off a peer tells its own probe to stop (ms): the prober then hands over the hops it has
 * (`stop: 'deadline'`) and the partial trace is signed and sent by the cut-off. A prober that ignores the abort
 * is given up on at the cut-off itself (ERR_PROBE_CUT_OFF).
 */
export const DEFAULT_PROBE_STOP_MARGIN_MS = 200
/**
 * How long the entry peer keeps a flood open after a failure below it, for the dead peer's orphans to rejoin (ms).
 * Orphans see their upstream die when its links reset and rejoin at once; this only covers the dial.
 */
export const DEFAULT_REJOIN_GRACE_MS = 1000
/** How far ahead of this peer's clock a request's timestamp may be: the clock skew tolerated between peers (ms). */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 30_000
/** Floods one peer serves at once; beyond this a request is answered `busy`. */
export const DEFAULT_MAX_CONCURRENT_FLOODS = 32
/**
 * Results one flood relays (and failures it reports), and results one link may carry: a bound on the memory and
 * traffic one request can cost a relay. A flood larger than this is truncated, never unbounded.
 */
export const DEFAULT_MAX_RESULTS_PER_FLOOD = 20_000
/**
 * Bytes of results one flood keeps so that, if its upstream dies, a rejoin at the entry can replay them (estimated
 * as encoded, replay-buffer.ts). Without it the bound was the result count alone: one trace of 1,500 signed 65 KB
 * results grew a relay's heap by 134 MB. 4 MiB holds about 2,000 results of a 15-hop path, or 64 of the largest a
 * message allows; with 32 floods at once a peer keeps at most 128 MiB. A result past it is sent on but not kept,
 * and a rejoin names its peer failed (`ERR_NOT_REPLAYED`) unless it got through before.
 */
export const DEFAULT_MAX_REPLAY_BYTES = 4 * 1024 * 1024
/**
 * Downstream links one peer runs at once for one flood; with more neighbours it asks the others as links end (in a
 * random order), so none is left out. Before, the neighbours past it were never asked nor reported.
 */
export const DEFAULT_MAX_FANOUT = 64
/** How long an inbound link may take to send its request. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000
/** Relays check the signature of every result they pass on, so a forger is stopped one hop from where it lies. */
export const DEFAULT_VERIFY_RELAYED_RESULTS = true
/**
 * How long an entry peer may take to open a link straight to one chosen vantage point (a dial: TCP, noise, yamux,
 * identify): past it the peer is reported not reached. Well under any deadline, so the rest of the trace goes on.
 */
export const DEFAULT_DIRECT_OPEN_TIMEOUT_MS = 5_000
/**
 * Links an entry peer opens at once to the chosen vantage points of one request (the rest wait their turn): with
 * up to MAX_SELECTION_LIMIT (100) chosen, the dials stay within libp2p's parallel dials and its dial queue.
 */
export const DEFAULT_DIRECT_OPENS_AT_ONCE = 16
