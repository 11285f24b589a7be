// The order in which the probes that traces ask for in one turn of the event loop leave (engine.ts's batch): lowest
// TTL first, so traces started at once share a rate-limiting router's burst hop by hop; within a TTL, the probe whose
// hop has waited through the most attempts first. Where several traces' paced retries meet at a router with a dry
// bucket, it refills a token or two between rounds: without the second rule the same trace (the first to ask) took
// them every round and the last one got none until its bound (generated seed 253409, ten traces at once).

export interface BatchedProbe {
  ttl: number
  /** The discovery attempt this probe is at its TTL (1 for the first); 0 for a follow-up of an answered hop. */
  attempt: number
  send: () => void
}

/** The batch in sending order (a new array; ties keep the order they were asked in). */
export function batchOrder<T extends BatchedProbe> (batch: readonly T[]): T[] {
  return [...batch].sort((a, b) => a.ttl - b.ttl || b.attempt - a.attempt)
}
