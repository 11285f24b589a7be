// The time within which every trace ends, whatever the network does: computed from the trace's options alone, so
// a caller (the CLI, a node's deadline, a test) knows it before the first probe. docs/architecture.md explains it.

import { CONTENDED_RETRY_MARGIN_MS, CONTENTION_ALLOWANCE_MS, DEFAULT_WAIT_MS, ROUND_INTERVAL_MS, ROUNDS_START_GAP_MS } from './constants.js'

/**
 * Twice the wait cap (the end of a path is awaited for one cap; the hops before it answer, or are declared silent,
 * within another), plus the time that paced retries may take while other traces drain the routers' ICMP buckets.
 * The driver's own rules end a trace before this; at the bound it stops with `stop: "deadline"` and what it has.
 */
export function traceBoundMs (options: { waitMs?: number } = {}): number {
  return 2 * (options.waitMs ?? DEFAULT_WAIT_MS) + CONTENTION_ALLOWANCE_MS
}

/**
 * The bound a trace plans its end by when its caller will abort it `deadlineMs` after it starts (a flood's probe
 * stop): that deadline when it is sooner than the trace's own bound and leaves the end of the path one wait cap
 * before the retry horizon's margin; the own bound otherwise (a deadline shorter than that would end the path's
 * last hops before their answers could come: the abort's hops so far are worth more). Paced retries past the last
 * answer run to the horizon, the bound less that margin: without this a flood's 10 s request cut every such trace
 * at its probe stop (13.25 s planned), and the results of a whole side of a split overlay left in the last few
 * hundred ms before the requester's deadline and missed it (test/overlay/membership-wan.test.ts, under load).
 */
export function plannedBoundMs (options: { waitMs?: number, deadlineMs?: number } = {}): number {
  const bound = traceBoundMs(options)
  const deadline = options.deadlineMs
  if (deadline === undefined || deadline >= bound) return bound
  const wait = options.waitMs ?? DEFAULT_WAIT_MS
  return deadline >= wait + Math.max(CONTENDED_RETRY_MARGIN_MS, wait / 2) ? Math.floor(deadline) : bound
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
