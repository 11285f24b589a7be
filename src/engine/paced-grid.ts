// The engine's grid of paced retries: beside other traces, paced retries leave together at instants one rate-limit
// gap apart (counted from the engine's start), so a router's ICMP bucket refills in the quiet between them and the
// traces share what it has built up, lowest TTL first.

/**
 * The first grid instant at or after `at - slackMs`. A retry is asked for one gap after its previous probe left,
 * and that probe left a few milliseconds after its own grid instant (timers, the batch, the pacer): without the
 * slack every such retry would skip a grid instant and wait two gaps. The slack is small enough that a router still
 * has the quiet its bucket needs (gap - slack).
 */
export function pacedGridInstant (at: number, epoch: number, gapMs: number, slackMs: number): number {
  return epoch + Math.max(0, Math.ceil((at - slackMs - epoch) / gapMs)) * gapMs
}
