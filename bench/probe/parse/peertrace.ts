// Reads `peertrace probe --json`: the TraceResult object (hops with addr or null, addrs when several answered).

import type { TraceResult } from '../../../src/engine/index.js'
import { denseHops } from '../reported-trace.js'
import type { ReportedHop, ReportedTrace } from '../reported-trace.js'

export function parsePeertraceJson (stdout: string): ReportedTrace {
  const result = JSON.parse(stdout) as TraceResult
  const byTtl = new Map<number, ReportedHop>()
  for (const hop of result.hops) {
    const addrs = hop.addrs ?? (hop.addr === null ? [] : [hop.addr])
    byTtl.set(hop.ttl, { ttl: hop.ttl, addrs: [...addrs], ...(hop.flag !== undefined ? { flag: hop.flag } : {}) })
  }
  return {
    hops: denseHops(byTtl),
    reached: result.reached,
    inProcessMs: result.durationMs,
    selfReportedProbes: result.probesSent
  }
}
