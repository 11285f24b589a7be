// The time within which every trace ends, whatever the network does: computed from the trace's options alone, so
// a caller (the CLI, a node's deadline, a test) knows it before the first probe. docs/architecture.md explains it.

import { CONTENTION_ALLOWANCE_MS, DEFAULT_WAIT_MS, ROUND_INTERVAL_MS, ROUNDS_START_GAP_MS } from './constants.js'

/**
 * Twice the wait cap (the end of a path is awaited for one cap; the hops before it answer, or are declared silent,
 * within another), plus the time that paced retries may take while other traces drain the routers' ICMP buckets.
 * The driver's own rules end a trace before this; at the bound it stops with `stop: "deadline"` and what it has.
 */
export function traceBoundMs (options: { waitMs?: number } = {}): number {
  return 2 * (options.waitMs ?? DEFAULT_WAIT_MS) + CONTENTION_ALLOWANCE_MS
}

/**
 * What `--rounds N` adds once the path is found: the start gap, a round a second, and the wait cap for the last
 * round's answers. 0 without rounds. The rounds end by then, whatever the network does.
 */
export function roundsBoundMs (options: { waitMs?: number, rounds?: number } = {}): number {
  const rounds = options.rounds ?? 0
  if (rounds <= 0) return 0
  return ROUNDS_START_GAP_MS + (rounds - 1) * ROUND_INTERVAL_MS + (options.waitMs ?? DEFAULT_WAIT_MS)
}
