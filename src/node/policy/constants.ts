// Defaults of the node's rate limits (admission.ts), apart so the CLI can show them in --help without loading the
// policy.

export const DEFAULT_TRACES_PER_ORIGIN_PER_MINUTE = 30
/** Per connected peer, whatever origins it relays for: bounds an origin that signs with a fresh key each time. */
export const DEFAULT_TRACES_PER_NEIGHBOUR_PER_MINUTE = 240
/**
 * The part of the per-neighbour rate that the clients of one source address may use at their entry peer: the
 * entry hands every flood it admits to its neighbours, which count them all against the entry's per-neighbour rate,
 * so one address admitted without such a bound (400 junk traces from 40 fresh keys in 25 s) used up the entry's
 * budget at every peer behind it, and its other requesters, the operator included, were refused there for the rest
 * of the minute (test/security/junk-history).
 */
export const CLIENT_ADDRESS_SHARE_OF_NEIGHBOUR_RATE = 1 / 4
export const DEFAULT_PROBES_PER_TARGET_PER_MINUTE = 600
/**
 * The longest probe wait (ms) a peer gives a request, whatever it asks for (the protocol allows up to 60 s): an
 * answer from any real path comes within this (the engine's default is 3.5 s, for a last router's 3 s ARP timeout),
 * and it bounds a trace to a silent target at 2 × this + 8 s, so a flood cannot hold a slot for the deadline.
 */
export const DEFAULT_MAX_SERVED_WAIT_MS = 5000
