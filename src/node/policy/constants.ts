// Defaults of the node's rate limits (admission.ts), apart so the CLI can show them in --help without loading the
// policy.

export const DEFAULT_TRACES_PER_ORIGIN_PER_MINUTE = 30
/** Per connected peer, whatever origins it relays for: bounds an origin that signs with a fresh key each time. */
export const DEFAULT_TRACES_PER_NEIGHBOUR_PER_MINUTE = 240
export const DEFAULT_PROBES_PER_TARGET_PER_MINUTE = 600
