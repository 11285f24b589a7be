// Overlay messages of one trace, from the flood counters of every peer before and after it, plus what the client
// sent (its requests, which no peer counts). Every message is one protobuf frame on one link.

import type { FloodCounters } from '../../src/overlay/index.js'

export interface MessageCount {
  total: number
  requests: number
  results: number
  ends: number
  /** Requests a peer had already accepted (each answered by a `duplicate` end). */
  duplicates: number
  /** Results a peer passed on from below (the rest are peers' own). */
  relayed: number
}

export function messageCount (before: FloodCounters, after: FloodCounters, clientRequests: number): MessageCount {
  const delta = (key: keyof FloodCounters): number => after[key] - before[key]
  // Every accepted flood sends its own result, and every inbound link (accepted or turned away) gets one end.
  const relayed = delta('resultsRelayed')
  const results = delta('floodsServed') + relayed
  const ends = delta('floodsServed') + delta('duplicatesDropped') + delta('requestsRejected') + delta('requestsBusy')
  const sent = delta('messagesSent')
  return {
    total: sent + clientRequests,
    requests: sent - results - ends + clientRequests,
    results,
    ends,
    duplicates: delta('duplicatesDropped'),
    relayed
  }
}
