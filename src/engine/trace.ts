// The trace data model: what a caller asks for (TraceOptions) and what it gets back (TraceResult, Hop). The JSON
// form of TraceResult is the contract the overlay carries between peers.

export type Method = 'icmp' | 'udp'
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

/** Why a trace ended (README, `json` format). */
export type StopReason = 'reached' | 'unreachable' | 'gap' | 'loop' | 'max-hops' | 'deadline'

export interface TraceResult {
  /** The target as the caller gave it. */
  target: string
  /** The address traced. */
  addr: string
  method: Method
  reached: boolean
  durationMs: number
  probesSent: number
  /** From the first hop to the target, the unreachable hop or the last answer. */
  hops: Hop[]
  stop?: StopReason
}
