// The trace data model: what a caller asks for (TraceOptions) and what it gets back (TraceResult, Hop). The JSON
// form of TraceResult is the contract the overlay carries between peers.

export type Method = 'icmp' | 'udp'

/**
 * How a trace ended. reached: the destination answered. unreachable: a router (or the target) refused with an ICMP
 * unreachable, flagged on the last hop. gap: `gapLimit` silent hops after the last answer. loop: an address
 * answered at two TTLs with only silent or looping hops between. max-hops: the last TTL allowed was probed.
 * deadline: cut off by the trace's bound or an abort; the hops are those known by then.
 */
export type StopReason = 'reached' | 'unreachable' | 'gap' | 'loop' | 'max-hops' | 'deadline'

export const STOP_REASONS: readonly StopReason[] = ['reached', 'unreachable', 'gap', 'loop', 'max-hops', 'deadline']
export type Family = 4 | 6

export interface TraceOptions {
  method: Method
  /** Force an address family when the target is a name; an IP literal decides by itself. */
  family?: Family
  firstHop: number
  maxHops: number
  /** Probes (RTT samples) per hop. */
  queries: number
  /** Cap on any one wait, in ms. */
  waitMs: number
  /** Destination port of UDP probes. */
  port: number
  /** Consecutive silent hops past the last answer after which the trace stops. */
  gapLimit: number
}

export interface Hop {
  ttl: number
  /** The address that answered at this TTL, null when the hop stayed silent. */
  addr: string | null
  /** Round-trip times in ms (monotonic clock), one per answered probe. */
  rtts: number[]
  /** traceroute's flag when the answer was an ICMP unreachable (!H, !N, !P, !X, …). */
  flag?: string
  /** Every distinct address that answered at this TTL, when more than one did. */
  addrs?: string[]
}

export interface TraceResult {
  /** The target as the caller gave it. */
  target: string
  /** The address traced. */
  addr: string
  method: Method
  reached: boolean
  /** Why the trace ended. */
  stop: StopReason
  durationMs: number
  probesSent: number
  /**
   * From the first hop to the target, the unreachable hop or the loop's second sighting; after trailing silence,
   * up to `gapLimit` silent rows; when cut off, up to the last answer.
   */
  hops: Hop[]
}
