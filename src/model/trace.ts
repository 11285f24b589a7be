// One trace's result as every layer sees it: the hops, why the trace ended, and the looser form a result takes
// once it has crossed the wire from another peer. The probe engine returns TraceResult; nothing here imports ours.

export type Method = 'icmp' | 'udp' | 'tcp'
/** Every probe method: what the engine runs, a request may name and the CLI and web form offer. */
export const METHODS: readonly Method[] = ['icmp', 'udp', 'tcp']

/**
 * How a trace ended. reached: the destination answered. unreachable: a router (or the target) refused with an ICMP
 * unreachable, flagged on the last hop. gap: `gapLimit` silent hops after the last answer. loop: an address
 * answered at two TTLs with only silent or looping hops between. max-hops: the last TTL allowed was probed.
 * deadline: cut off by the trace's bound or an abort; the hops are those known by then.
 */
export type StopReason = 'reached' | 'unreachable' | 'gap' | 'loop' | 'max-hops' | 'deadline'

/** Every StopReason: a result naming anything else is malformed. */
export const STOP_REASONS: readonly StopReason[] = Object.keys({
  reached: true, unreachable: true, gap: true, loop: true, 'max-hops': true, deadline: true
} satisfies Record<StopReason, true>) as StopReason[]

/**
 * One probe sent at a hop, in the order sent (retries included): who answered it and how, or `addr: null` for a
 * probe that got no answer. What RIPE Atlas prints per packet (`from`, `rtt`, `ttl`, `size`, or `x: "*"`).
 */
export interface Probe {
  /** The address that answered; null: the probe was lost. */
  addr: string | null
  /** Round-trip time in ms (monotonic clock); absent when lost. */
  rtt?: number
  /** The answer's IP TTL (IPv4 hop limit) as it arrived; absent where the socket layer cannot see it (IPv6). */
  replyTtl?: number
  /** The answer's size in bytes, IP header included. */
  size?: number
  /** The round (1 … N) of `--rounds N` this probe belongs to; absent for the probes that found the path. */
  round?: number
  /**
   * The flags of the target's TCP answer to a `tcp` probe, as RIPE Atlas writes them: 'SA' (SYN-ACK, the port is
   * open) or 'RA' (RST, closed).
   */
  tcpFlags?: string
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
  /** Every probe sent at this TTL, answered or lost; absent from peers that predate it. */
  probes?: Probe[]
}

export interface TraceResult {
  /** The target as the caller gave it. */
  target: string
  /** The address traced. */
  addr: string
  method: Method
  /** When the trace started, Unix ms (wall clock). */
  startedAt: number
  /** The address this vantage point's probes left from (the kernel's route to `addr`), when known. */
  srcAddr?: string
  /** Bytes of a probe's ICMP, UDP or TCP message (header and payload), the first probe's for UDP. */
  probeSize?: number
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

/**
 * A TraceResult as a peer sent it: `method` as named on the wire, and `stop` and `startedAt` absent from peers that
 * predate them (`deadline`: a partial path, cut off by the flood's deadline).
 */
export type MeasuredTrace = Omit<TraceResult, 'method' | 'stop' | 'startedAt'> & {
  method: string
  stop?: StopReason
  startedAt?: number
}
