// traceroute-style text for one trace result: a header line, then one line per hop with its address, its RTTs
// ('*' for each query that got no answer) and the unreachable flag.

import type { Hop, TraceResult } from '../engine/index.js'

export interface TraceTextOptions {
  maxHops: number
  queries: number
}

export function traceHeader (result: Pick<TraceResult, 'target' | 'addr' | 'method'>, options: TraceTextOptions): string {
  return `peertrace to ${result.target} (${result.addr}), ${options.maxHops} hops max, ${result.method} probes`
}

export function hopLine (hop: Hop, queries: number): string {
  const ttl = String(hop.ttl).padStart(2)
  if (hop.addr === null) return `${ttl}  ${Array(queries).fill('*').join(' ')}`
  const rtts = hop.rtts.map(rtt => `${rtt.toFixed(3)} ms`)
  while (rtts.length < queries) rtts.push('*')
  const parts = [`${ttl}  ${hop.addr}`, ...rtts]
  if (hop.flag !== undefined) parts.push(hop.flag)
  if (hop.addrs !== undefined) parts.push(`(also ${hop.addrs.filter(a => a !== hop.addr).join(', ')})`)
  return parts.join('  ')
}

export function formatTraceText (result: TraceResult, options: TraceTextOptions): string {
  const lines = [traceHeader(result, options), ...result.hops.map(hop => hopLine(hop, options.queries))]
  if (result.stop === 'deadline') {
    lines.push('stopped: cut off (the hops so far)')
  } else if (!result.reached) {
    lines.push(result.hops.some(h => h.flag !== undefined) ? 'stopped: unreachable' : 'stopped: target not reached')
  }
  return lines.join('\n') + '\n'
}
