// Every default and bound of the probe engine, named: options take these when the caller says nothing.

import { MAX_PROBE_HOPS, MAX_PROBE_QUERIES, MAX_PROBE_ROUNDS, MAX_PROBE_WAIT_MS } from '../model/limits.js'

export const DEFAULT_MAX_HOPS = 30
export const MAX_MAX_HOPS = MAX_PROBE_HOPS
export const DEFAULT_FIRST_HOP = 1
export const DEFAULT_QUERIES = 3
export const MAX_QUERIES = MAX_PROBE_QUERIES
/**
 * The cap on any one wait (ms), and how long the end of a path is awaited before it counts as silent: long enough
 * for a rate-limit gap and for a last router that answers host-unreachable after failing ARP (3 s on Linux).
 */
export const DEFAULT_WAIT_MS = 3500
export const MAX_WAIT_MS = MAX_PROBE_WAIT_MS
/** TTLs in flight beyond the highest hop that answered. */
export const DEFAULT_WINDOW = 5
/** Consecutive silent hops past the last answer after which the trace stops (scamper's gaplimit). */
export const DEFAULT_GAP_LIMIT = 5
export const MAX_GAP_LIMIT = 32
/** Extra probes for a hop that has not answered, when hops beyond it have. */
export const DEFAULT_RETRIES = 2
/**
 * Waits from the network, in the manner of traceroute's `-w MAX,HERE,NEAR`: a silent hop is given NEAR times the
 * RTT of the nearest later hop that answered (its median), a hop's follow-ups HERE times its own median RTT;
 * never below the floor, never above the wait cap.
 */
export const DEFAULT_NEAR_FACTOR = 10
export const DEFAULT_HERE_FACTOR = 3
export const DEFAULT_WAIT_FLOOR_MS = 3
/** The floor of a follow-up's wait: follow-ups only add RTT samples, so they are given a little longer. */
export const FOLLOWUP_WAIT_FLOOR_MS = 10
/**
 * How long a sign that this engine's probes found a router's ICMP bucket empty (a follow-up to a router that had
 * just answered went unanswered) makes silent hops be retried, paced by the rate-limit gap, as possibly such a router.
 */
export const RATE_LIMIT_EVIDENCE_MS = 5000
/**
 * How long a router's answer counts as evidence that a later silence at its place in a path is its empty bucket
 * (a Linux bucket refills in six seconds), and how many such places the engine remembers.
 */
export const PATH_EVIDENCE_KEEP_MS = 10_000
export const PATH_EVIDENCE_MAX_ENTRIES = 10_000
/**
 * How long a router's answer marks its place in a path as one where a router answers, so that a silent hop between
 * two answered hops there gets a paced retry, as a dry bucket, before it is declared silent. Routers do not turn
 * silent, but their buckets run dry whatever drains them, also traffic through another of their addresses, which no
 * trace can tell is the same router: a trace alone found r3 drained by the engine's previous trace (through r3's
 * other interface) and called it silent 12 ms in, because the answer at its place was 12.7 s old (fresh seed
 * 59208778, e4 alone, after a loop trace of 12.6 s).
 */
export const ANSWERING_PLACE_KEEP_MS = 60_000
/**
 * A hop (the router past an address that answered, or the first hop) counts as silent for every trace of a family
 * once this many probes there, each given HOP_SETTLE_MS, went unanswered and none was answered (for
 * PATH_EVIDENCE_KEEP_MS): more than a Linux bucket's burst of 6, so a router that answers at all would have answered
 * one of them. HOP_SILENCE_MAX_HOPS bounds the hops remembered.
 */
export const HOP_SILENT_PROBES = 8
export const HOP_SETTLE_MS = 1000
export const HOP_SILENCE_MAX_HOPS = 1024
/**
 * While other traces run, a silent hop is declared no sooner than this after its first probe: long enough for
 * the others' follow-ups to show whether a router's bucket ran dry (FOLLOWUP_WAIT_FLOOR_MS, twice).
 */
export const CONCURRENT_SILENCE_FLOOR_MS = 20
/** How long before its bound a contended trace stops retrying, so that it ends by itself, not by the deadline. */
export const CONTENDED_RETRY_MARGIN_MS = 1500
/**
 * What a trace's bound adds to twice its wait cap: the time paced retries may take while other traces share the
 * routers' buckets (on IPv4 an `unreachable` route answers one source at most once per 2 s after a burst of 5).
 */
export const CONTENTION_ALLOWANCE_MS = 8000
/**
 * The quiet gap before the last retry at the end of a path. Linux refills its ICMP error buckets at one token per
 * second per destination, and for an `unreachable` route the route's own bucket and the ICMP one share one store,
 * so each such error costs two seconds of tokens; any probe in between spends what has built up. 2.1 s of silence
 * is enough for either.
 */
export const DEFAULT_RATE_LIMIT_GAP_MS = 2100
/** `--rounds N` (mtr mode): none unless asked; at most MAX_PROBE_ROUNDS (src/model/limits.ts). */
export const DEFAULT_ROUNDS = 0
export const MAX_ROUNDS = MAX_PROBE_ROUNDS
/** One round a second, mtr's default interval: each router on the path answers one probe a second, within the
 * refill rate of Linux's ICMP error limiter (one token a second per destination), so rounds do not measure it. */
export const ROUND_INTERVAL_MS = 1000
/**
 * The quiet between finding the path and the first round: finding it may have spent a router's or the target's
 * ICMP tokens (the probes past the target, the follow-ups), and one round a second only keeps the bucket level;
 * a rate-limit gap puts two tokens back first, so a round's probe never finds the bucket dry.
 * @alias the same figure as DEFAULT_RATE_LIMIT_GAP_MS, under the name of what it is for
 */
export const ROUNDS_START_GAP_MS = DEFAULT_RATE_LIMIT_GAP_MS
/** Hard bound on probes per trace, whatever the options. */
export const MAX_PROBES_PER_TRACE = 1024
/** The constant destination port of Paris UDP probes (traceroute's base port). */
export const DEFAULT_UDP_PORT = 33434
/** Receive buffer of the shared raw sockets: a burst of replies from many concurrent traces must fit. */
export const RAW_SOCKET_RCVBUF = 4 * 1024 * 1024
/** Receive buffer of a TCP flow's raw socket: it gets only the target's answers to that flow's probes. */
export const TCP_SOCKET_RCVBUF = 1024 * 1024
/** The constant destination port of Paris TCP probes (traceroute -T's default: web servers answer there). */
export const DEFAULT_TCP_PORT = 80
/**
 * Send buffer of every probe socket: a burst of the pacer's size (DEFAULT_PROBE_BURST) must fit, so that a send
 * waiting for room (EAGAIN) stays the exception under load.
 */
export const SOCKET_SNDBUF = 1024 * 1024
/** Probes per second the whole engine may send (every trace together), and the burst it may send at once. */
export const DEFAULT_MAX_PROBES_PER_SECOND = 2000
export const DEFAULT_PROBE_BURST = 200
