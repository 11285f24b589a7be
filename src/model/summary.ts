// The closing tally of a flood: who answered, who failed and why. The requester prints it, the entry peer's
// history stores it, the web page shows it: one shape.

/** A neighbour that failed while the flood waited on it (stream reset, connection lost, deadline). */
export interface Failure {
  peer: string
  reason: string
}

/** A vantage point counted failed: it answered with an error (then its name is known), or it was reported failed. */
export interface FailedVantage extends Failure {
  /** Known when the peer answered with an error (its result carries its name). */
  name?: string
}

export interface TraceSummary {
  /** Verified results that carry a trace. */
  answered: number
  /** Peers that answered with an error, then peers reported failed along the way (and never answered). */
  failed: FailedVantage[]
  /** Results dropped because their signature did not check. */
  unverified: number
  durationMs: number
}

/** A summary with the target it was for: what the formats print, history stores and the JSON's last line holds. */
export interface SummaryView extends TraceSummary {
  target: string
}
