// Defaults of the node's rate limits (admission.ts), apart so the CLI can show them in --help without loading the
// policy.

export const DEFAULT_TRACES_PER_ORIGIN_PER_MINUTE = 30
/** Per connected peer, whatever origins it relays for: bounds an origin that signs with a fresh key each time. */
export const DEFAULT_TRACES_PER_NEIGHBOUR_PER_MINUTE = 240
export const DEFAULT_PROBES_PER_TARGET_PER_MINUTE = 600
/**
 * The longest probe wait (ms) a peer gives a request, whatever it asks for (the protocol allows up to 60 s): an
 * answer from any real path comes within this (the engine's default is 3.5 s, for a last router's 3 s ARP timeout),
 * and it bounds a trace to a silent target at 2 × this + 8 s, so a flood cannot hold a slot for the deadline.
 */
export const DEFAULT_MAX_SERVED_WAIT_MS = 5000
