// What a flood service counts, for tests, the simulation and the node's metrics.

export interface FloodCounters {
  /** Every message this peer sent: requests forwarded, results, ends. */
  messagesSent: number
  /** Requests accepted and served (own probe run, forwarded). */
  floodsServed: number
  /** Copies of an already-seen request, answered `end {duplicate}` at once. */
  duplicatesDropped: number
  /** Requests that failed validation, answered with an end naming this peer. */
  requestsRejected: number
  /** Requests turned away because maxConcurrentFloods were running. */
  requestsBusy: number
  /** Requests turned away by the operator's rate limits (admit). */
  requestsRateLimited: number
  /** Downstream results passed on upstream. */
  resultsRelayed: number
  /** Downstream results dropped: a bad signature, a second result for a vantage, a foreign request id, a full flood. */
  resultsDropped: number
  /** Neighbours that failed while this peer waited on them (unreachable, link broke, cut off). */
  linkFailures: number
  /** Links of peers whose upstream died, read into a flood running here (entry peers only). */
  rejoinsAdopted: number
  /** Results sent upstream but not kept for a replay (past maxReplayBytes): a rejoin names their peers failed. */
  resultsNotKeptForReplay: number
  /** Requests this peer, as their entry, sent straight to their chosen vantage points (selection/direct.ts). */
  directDeliveries: number
  /**
   * Requests with chosen vantage points this entry flooded instead (a chosen peer had no connection or address),
   * and floods it started through a neighbour for a chosen peer whose link did not open.
   */
  directFallbacks: number
  /** Direct copies turned away: this peer was not chosen, or the copy did not come from the entry. */
  directRefused: number
}

export function newFloodCounters (): FloodCounters {
  return {
    messagesSent: 0,
    floodsServed: 0,
    duplicatesDropped: 0,
    requestsRejected: 0,
    requestsBusy: 0,
    requestsRateLimited: 0,
    resultsRelayed: 0,
    resultsDropped: 0,
    linkFailures: 0,
    rejoinsAdopted: 0,
    resultsNotKeptForReplay: 0,
    directDeliveries: 0,
    directFallbacks: 0,
    directRefused: 0
  }
}
