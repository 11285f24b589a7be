// The closing tally of a flood: who answered, who failed and why. The requester prints it, the entry peer's
// history stores it, the web page shows it: one shape.

import { MAX_FAILED_LISTED } from './limits.js'

/** A neighbour that failed while the flood waited on it (stream reset, connection lost, deadline). */
export interface Failure {
  peer: string
  reason: string
}

/** A vantage point counted failed: it answered with an error (then its name is known), or it was reported failed. */
export interface FailedVantage extends Failure {
  /** Known when the peer answered with an error (its result carries its name). */
  name?: string
  /**
   * Set when the peer's own result arrived but it failed as the requester's entry (its link broke before its
   * end): what it had not yet passed on from the peers below it is lost. It counts once, as answered.
   */
  answered?: true
}

export interface TraceSummary {
  /** Verified results that carry a trace. */
  answered: number
  /**
   * Peers that answered with an error, then an entry whose link broke before its end, then peers reported failed
   * along the way, then peers a relay said it asked that neither answered nor were reported (never answered).
   */
  failed: FailedVantage[]
  /**
   * Set when the requester's link to its entry peer ended without the entry's end (the entry died, or the link
   * broke, or the requester stopped reading): the flood's outcome is not known in full.
   */
  incomplete?: true
  /** Set on a stored trace the node stopped in the middle of: its results are what had landed by then. */
  interrupted?: true
  /** Failed peers counted but not in `failed`: a stored summary lists at most MAX_FAILED_LISTED (model/limits.ts). */
  unlisted?: number
  /** Results dropped because their signature did not check. */
  unverified: number
  durationMs: number
}

/** A summary with the target it was for: what the formats print, history stores and the JSON's last line holds. */
export interface SummaryView extends TraceSummary {
  target: string
}

/** Failed peers in all, listed or not. */
export function failedCount (s: Pick<TraceSummary, 'failed' | 'unlisted'>): number {
  return s.failed.length + (s.unlisted ?? 0)
}

/** The summary with at most `max` failed peers listed, the rest counted in `unlisted`. */
export function listingAtMost<T extends TraceSummary> (s: T, max = MAX_FAILED_LISTED): T {
  if (s.failed.length <= max) return s
  return { ...s, failed: s.failed.slice(0, max), unlisted: (s.unlisted ?? 0) + s.failed.length - max }
}
