// Membership's timings and bounds that are new with the degree window, continuous sampling, liveness and the
// remembered peers (the older ones live in ../constants.ts). No libp2p here: the CLI reads these for --help.

/** --max-neighbours unless told: twice --min-neighbours (gossipsub's D_hi is twice its D_lo too). */
export const MAX_NEIGHBOURS_FACTOR = 2
/** A connection younger than this is never pruned: a newcomer first learns other peers through it. */
export const DEFAULT_PRUNE_GRACE_MS = 20_000
/** How often, on average, a node dials one fresh peer even at its minimum (drawn in [0.5, 1.5] of it). */
export const DEFAULT_SAMPLE_INTERVAL_MS = 30_000

/** A failed dial to a peer or bootstrap address waits this long before the next, doubling per failure… */
export const DIAL_BACKOFF_BASE_MS = 5_000
/** …up to this (a dead bootstrap address costs one dial a minute at most). */
export const DIAL_BACKOFF_MAX_MS = 60_000
/** A neighbour that was lost (pruned, closed, dead) is not dialled again for this long unless nobody else is left. */
export const LOST_BACKOFF_MS = 30_000

/** Liveness: every connection is pinged this often… */
export const DEFAULT_LIVENESS_INTERVAL_MS = 10_000
/** …each ping may take this long… */
export const LIVENESS_PING_TIMEOUT_MS = 10_000
/** …and a connection is closed as dead only after this many unanswered pings in a row (>= 30 s of silence). */
export const LIVENESS_STRIKES = 3

/** Remembered peers not seen for this long are forgotten (on load and while running). */
export const KNOWN_PEER_MAX_AGE_MS = 14 * 24 * 3600 * 1000
/** How often the remembered peers are written to the data dir (and once more on stop). */
export const DEFAULT_SAVE_INTERVAL_MS = 30_000
/** A new node's first write of the remembered peers comes this soon after they change; the gap then doubles. */
export const FIRST_SAVE_GAP_MS = 1000
/** The file, in the data dir, that remembers known peers. */
export const KNOWN_PEERS_FILE = 'peers.sqlite'

/**
 * "The overlay looks split": at least this many peers seen connected in the last SPLIT_WINDOW_MS fail to answer
 * dials in a row (SPLIT_FAILURES each) while this node still has neighbours.
 */
export const SPLIT_MIN_PEERS = 2
export const SPLIT_FAILURES = 2
export const SPLIT_WINDOW_MS = 10 * 60_000

/**
 * Peer ids a node keeps for one suggested address (`host:port`): two, so a peer that restarted with a new key is
 * still found, while a neighbour naming 32 fresh ids at one socket a round cannot make this node dial it 32 times.
 */
export const MAX_IDS_PER_ADDRESS = 2
/**
 * Dials a minute to never-connected peers that one neighbour suggested (suggestion-budget.ts): enough for a newcomer
 * to reach --min-neighbours from its bootstrap peer's list within seconds, not enough to dial for a neighbour.
 */
export const DEFAULT_SUGGESTED_DIALS_PER_MINUTE = 12
