// The bounds of the data a request and its results carry, one home for each: the wire decoder (src/protocol/)
// enforces them on every message, and the overlay's request validation checks them again on in-memory ones.

/** A target: an IP literal or a DNS name (at most 253 characters). */
export const MAX_TARGET_LENGTH = 253
/** A peer id's string form (an Ed25519 peer id is 52 characters; leave room for RSA-in-CID forms). */
export const MAX_PEER_ID_LENGTH = 128
/** An operator-chosen peer name (--name). */
export const MAX_PEER_NAME_LENGTH = 64
/** Signatures: Ed25519 is 64 bytes, an ECDSA one up to 72. */
export const MAX_SIGNATURE_BYTES = 128
/** Listen addresses an entry peer stamps into the copies it forwards. */
export const MAX_ENTRY_ADDRS = 8
export const MAX_MULTIADDR_LENGTH = 256
/** A request id: random bytes, in hex in memory and as bytes on the wire. */
export const REQUEST_ID_BYTES = 16
export const REQUEST_ID_PATTERN = new RegExp(`^[0-9a-f]{${REQUEST_ID_BYTES * 2}}$`)
/**
 * The probe options a request may carry (ProbeSpec), which are the engine's own maxima: a result then has at most
 * MAX_PROBE_HOPS hops of MAX_PROBE_QUERIES RTTs each.
 */
export const MAX_PROBE_HOPS = 255
export const MAX_PROBE_QUERIES = 10
export const MAX_PROBE_WAIT_MS = 60_000
/** The largest destination port a request may name (ports run 1-65535). */
export const MAX_PROBE_PORT = 65_535
/** Siblings a forwarded request names (the peers its sender forwarded it to as well): a relay's default fan-out. */
export const MAX_SIBLINGS = 64
/** Peers one `asked` message names (a relay's own fan-out is sent in pieces of at most this many). */
export const MAX_PEERS_PER_ASKED = 1024
/** Largest encoded message on the wire (one length-prefixed frame). */
export const MAX_MESSAGE_BYTES = 64 * 1024
/** Failures one end carries (a sender keeps its ends within this and within MAX_MESSAGE_BYTES). */
export const MAX_FAILURES_PER_END = 1024
/**
 * Failed peers a stored summary lists; the rest are counted (TraceSummary.unlisted). The history protocol sends a
 * summary in one reply of at most 1 MiB: 1024 of at most 128 + 64 + 512 characters stay under it (1,200 failures
 * made `history show` fail before).
 */
export const MAX_FAILED_LISTED = 1024
/**
 * Rounds a request may ask for (`--rounds N`, mtr mode): after the path is found, N rounds of one probe per hop of
 * the same flow. One round a second (the engine's ROUND_INTERVAL_MS), so 64 rounds fit a flood's 120 s deadline with
 * the path's discovery; the per-target probe budget and the probes-per-trace bound may end them sooner.
 */
export const MAX_PROBE_ROUNDS = 64
/** Probes a result lists per hop from finding the path: the queries asked for and the retries of a silent or lossy hop. */
export const MAX_DISCOVERY_PROBES_PER_HOP = 32
/** Probes a result lists per hop (Hop.probes): those of finding the path, then one per round. */
export const MAX_PROBES_PER_HOP = MAX_DISCOVERY_PROBES_PER_HOP + MAX_PROBE_ROUNDS

/** A vantage point's operator labels (--tag, --city) and how many tags it may carry. */
export const MAX_TAGS = 16
export const MAX_TAG_LENGTH = 32
export const MAX_CITY_LENGTH = 64
/** A software version string in a self-description. */
export const MAX_VERSION_LENGTH = 32
/** A selector (--from): comma-separated terms, each one or more labels joined by '+'. */
export const MAX_SELECTOR_TERMS = 16
export const MAX_SELECTOR_TERM_LENGTH = 128
/** --limit K: the most vantage points one request may choose by id (each id is in the signed request). */
export const MAX_SELECTION_LIMIT = 100
