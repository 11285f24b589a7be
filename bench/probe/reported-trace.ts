// What a tool's output says about a trace, in one shape for every tool, so one judge can hold all of them
// against ground truth.

export interface ReportedHop {
  ttl: number
  /** Every distinct address that answered at this TTL; empty when the hop stayed silent ('*', '???'). */
  addrs: string[]
  /** The unreachable annotation (traceroute's !H, !N, …) if the tool printed one. */
  flag?: string
}

export interface ReportedTrace {
  /** Indexed from TTL 1; a TTL the tool skipped in its output is a silent hop. */
  hops: ReportedHop[]
  /** Only peertrace says this explicitly. */
  reached?: boolean
  /** peertrace's durationMs: the trace alone, without process start-up. */
  inProcessMs?: number
  /** The probe count the tool claims (peertrace's probesSent, scamper's probe_count): kept to compare, never used. */
  selfReportedProbes?: number
}

/** Fills TTL gaps (a tool that prints only answering hops) with silent hops, ordered from TTL 1. */
export function denseHops (byTtl: Map<number, ReportedHop>): ReportedHop[] {
  const last = Math.max(0, ...byTtl.keys())
  return Array.from({ length: last }, (_, i) => byTtl.get(i + 1) ?? { ttl: i + 1, addrs: [] })
}

/** Adds an address to a hop once. */
export function addAddress (hop: ReportedHop, addr: string): void {
  if (!hop.addrs.includes(addr)) hop.addrs.push(addr)
}
