// Reads Linux `traceroute -n` output with any number of queries per hop: every address on a hop line (a line can
// name several when answers differ), and the first '!' annotation.

import { isIP } from 'node:net'
import { addAddress, denseHops } from '../reported-trace.js'
import type { ReportedHop, ReportedTrace } from '../reported-trace.js'

const HOP_LINE = /^\s*(\d+)\s+(.*)$/

export function parseTraceroute (stdout: string): ReportedTrace {
  const byTtl = new Map<number, ReportedHop>()
  for (const line of stdout.split('\n')) {
    const match = HOP_LINE.exec(line)
    if (match === null) continue
    const hop: ReportedHop = { ttl: Number(match[1]), addrs: [] }
    for (const token of match[2].trim().split(/\s+/)) {
      if (isIP(token) !== 0) addAddress(hop, token)
      else if (token.startsWith('!') && hop.flag === undefined) hop.flag = token
    }
    byTtl.set(hop.ttl, hop)
  }
  return { hops: denseHops(byTtl) }
}
