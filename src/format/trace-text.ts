// traceroute-style text for one trace result: a header line, then one line per hop with its address, its RTTs
// ('*' for each query that got no answer), the unreachable flag, and the target's TCP answer (`<syn,ack>`, `<rst,ack>`,
// as Debian's traceroute -T -O info prints it).

import type { Hop, StopReason, TraceResult } from '../model/index.js'
import { tcpAnswer } from './tcp-answer.js'

export interface TraceTextOptions {
  maxHops: number
  queries: number
}

function traceHeader (result: Pick<TraceResult, 'target' | 'addr' | 'method'>, options: TraceTextOptions): string {
  return `peertrace to ${result.target} (${result.addr}), ${options.maxHops} hops max, ${result.method} probes`
}

function hopLine (hop: Hop, queries: number): string {
  const ttl = String(hop.ttl).padStart(2)
  if (hop.addr === null) return `${ttl}  ${Array(queries).fill('*').join(' ')}`
  const rtts = hop.rtts.map(rtt => `${rtt.toFixed(3)} ms`)
  while (rtts.length < queries) rtts.push('*')
  const parts = [`${ttl}  ${hop.addr}`, ...rtts]
  if (hop.flag !== undefined) parts.push(hop.flag)
  const tcp = tcpAnswer(hop)
  if (tcp !== undefined) parts.push(tcp)
  if (hop.addrs !== undefined) parts.push(`(also ${hop.addrs.filter(a => a !== hop.addr).join(', ')})`)
  return parts.join('  ')
}

const STOP_TEXT: Record<StopReason, string> = {
  reached: '',
  unreachable: 'stopped: unreachable',
  gap: 'stopped: no answer past the last hop (gap limit)',
  loop: 'stopped: routing loop',
  'max-hops': 'stopped: max hops reached',
  deadline: 'stopped: cut off (the hops so far)'
}

export function formatTraceText (result: TraceResult, options: TraceTextOptions): string {
  const lines = [traceHeader(result, options), ...result.hops.map(hop => hopLine(hop, options.queries))]
  const stop = STOP_TEXT[result.stop] ?? ''
  if (stop !== '') lines.push(stop)
  return lines.join('\n') + '\n'
}
