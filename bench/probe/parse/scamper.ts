// Reads scamper's `-O json` output for one trace: the "trace" object's hop_count and its answered probes. Silent
// TTLs have no entry there, so they become silent hops up to hop_count.

import { addAddress, denseHops } from '../reported-trace.js'
import type { ReportedHop, ReportedTrace } from '../reported-trace.js'

interface ScamperHop {
  addr: string
  probe_ttl: number
  icmp_type?: number
  icmp_code?: number
}

interface ScamperTrace {
  type: string
  hop_count: number
  probe_count?: number
  hops?: ScamperHop[]
}

const ICMP_UNREACHABLE = 3
const PORT_UNREACHABLE = 3
/** traceroute's annotation per ICMP destination-unreachable code; port unreachable is the normal end (none). */
const UNREACHABLE_FLAGS: Readonly<Record<number, string>> = {
  0: '!N', 1: '!H', 2: '!P', 4: '!F', 5: '!S', 9: '!X', 10: '!X', 13: '!X'
}

export function parseScamperJson (stdout: string): ReportedTrace {
  const trace = stdout.split('\n')
    .filter(line => line.trim().startsWith('{'))
    .map(line => JSON.parse(line) as ScamperTrace)
    .find(object => object.type === 'trace')
  if (trace === undefined) throw new Error('scamper printed no trace object')
  const byTtl = new Map<number, ReportedHop>()
  for (let ttl = 1; ttl <= trace.hop_count; ttl++) byTtl.set(ttl, { ttl, addrs: [] })
  for (const probe of trace.hops ?? []) {
    const hop = byTtl.get(probe.probe_ttl) ?? { ttl: probe.probe_ttl, addrs: [] }
    byTtl.set(hop.ttl, hop)
    addAddress(hop, probe.addr)
    if (probe.icmp_type === ICMP_UNREACHABLE && probe.icmp_code !== PORT_UNREACHABLE && hop.flag === undefined) {
      hop.flag = UNREACHABLE_FLAGS[probe.icmp_code ?? -1] ?? `!<${String(probe.icmp_code)}>`
    }
  }
  return {
    hops: denseHops(byTtl),
    ...(trace.probe_count !== undefined ? { selfReportedProbes: trace.probe_count } : {})
  }
}
