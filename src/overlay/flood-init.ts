// The limits of a flood service: the init options a node passes, their defaults, and the checks that keep them
// consistent with each other.

import {
  DEFAULT_CUTOFF_MARGIN_MS, DEFAULT_MAX_CONCURRENT_FLOODS, DEFAULT_MAX_DEADLINE_MS, DEFAULT_MAX_FANOUT,
  DEFAULT_MAX_HOP_BUDGET, DEFAULT_MAX_REPLAY_BYTES, DEFAULT_MAX_RESULTS_PER_FLOOD, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_SEEN_CACHE_SIZE,
  DEFAULT_MAX_CLOCK_SKEW_MS, DEFAULT_PROBE_STOP_MARGIN_MS, DEFAULT_REJOIN_GRACE_MS, DEFAULT_SEEN_TTL_MS, DEFAULT_VERIFY_RELAYED_RESULTS
} from './constants.js'
import { OverlayError } from './errors.js'

export interface FloodServiceInit {
  /** The largest initialHopBudget accepted. */
  maxHopBudget?: number
  /** Request ids remembered for duplicate suppression. */
  seenCacheSize?: number
  /** How long an id is remembered (ms); at least maxDeadlineMs. */
  seenTtlMs?: number
  /** The furthest a request's deadline may be from now (ms). */
  maxDeadlineMs?: number
  /** Time left per flood level for an end to travel up (ms). */
  cutoffMarginMs?: number
  /** How long before this peer's cut-off its own probe is told to stop and hand over its hops so far (ms). */
  probeStopMarginMs?: number
  /** Floods served at once. */
  maxConcurrentFloods?: number
  /** Results (and failures) one flood relays, and results one downstream link may carry. */
  maxResultsPerFlood?: number
  /** Bytes of results one flood keeps for a replay after its upstream died (estimated as encoded). */
  maxReplayBytes?: number
  /** Downstream links of one flood at once; the other neighbours are asked as links end. */
  maxFanout?: number
  /** How long an inbound link may take to deliver its request (ms). */
  requestTimeoutMs?: number
  /** Check the signature of each downstream result before relaying it. */
  verifyRelayedResults?: boolean
  /** How long the entry peer waits for orphans to rejoin after a failure below it (ms). */
  rejoinGraceMs?: number
  /** How far a request's timestamp may be ahead of this peer's clock (ms). */
  maxClockSkewMs?: number
}

export type FloodLimits = Required<FloodServiceInit>

const POSITIVE_INTEGERS = [
  'rejoinGraceMs', 'seenCacheSize', 'seenTtlMs', 'maxDeadlineMs', 'maxConcurrentFloods', 'maxResultsPerFlood', 'maxReplayBytes', 'maxFanout',
  'requestTimeoutMs'
] as const

const NON_NEGATIVE_INTEGERS = ['maxHopBudget', 'cutoffMarginMs', 'probeStopMarginMs', 'maxClockSkewMs'] as const

export function floodLimits (init: FloodServiceInit = {}): FloodLimits {
  const limits: FloodLimits = {
    maxHopBudget: init.maxHopBudget ?? DEFAULT_MAX_HOP_BUDGET,
    seenCacheSize: init.seenCacheSize ?? DEFAULT_SEEN_CACHE_SIZE,
    seenTtlMs: init.seenTtlMs ?? Math.max(DEFAULT_SEEN_TTL_MS, init.maxDeadlineMs ?? 0),
    maxDeadlineMs: init.maxDeadlineMs ?? DEFAULT_MAX_DEADLINE_MS,
    cutoffMarginMs: init.cutoffMarginMs ?? DEFAULT_CUTOFF_MARGIN_MS,
    probeStopMarginMs: init.probeStopMarginMs ?? DEFAULT_PROBE_STOP_MARGIN_MS,
    maxConcurrentFloods: init.maxConcurrentFloods ?? DEFAULT_MAX_CONCURRENT_FLOODS,
    maxResultsPerFlood: init.maxResultsPerFlood ?? DEFAULT_MAX_RESULTS_PER_FLOOD,
    maxReplayBytes: init.maxReplayBytes ?? DEFAULT_MAX_REPLAY_BYTES,
    maxFanout: init.maxFanout ?? DEFAULT_MAX_FANOUT,
    requestTimeoutMs: init.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    verifyRelayedResults: init.verifyRelayedResults ?? DEFAULT_VERIFY_RELAYED_RESULTS,
    rejoinGraceMs: init.rejoinGraceMs ?? DEFAULT_REJOIN_GRACE_MS,
    maxClockSkewMs: init.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS
  }
  for (const key of POSITIVE_INTEGERS) {
    if (!Number.isSafeInteger(limits[key]) || limits[key] < 1) {
      throw new OverlayError('ERR_INVALID_INIT', `${key} must be a positive integer, not ${limits[key]}`)
    }
  }
  for (const key of NON_NEGATIVE_INTEGERS) {
    if (!Number.isSafeInteger(limits[key]) || limits[key] < 0) {
      throw new OverlayError('ERR_INVALID_INIT', `${key} must be a non-negative integer, not ${limits[key]}`)
    }
  }
  if (limits.seenTtlMs < limits.maxDeadlineMs) {
    // A copy arriving after its id was forgotten but before its deadline would start the flood a second time.
    throw new OverlayError('ERR_INVALID_INIT', `seenTtlMs (${limits.seenTtlMs}) must be at least maxDeadlineMs (${limits.maxDeadlineMs})`)
  }
  return limits
}
