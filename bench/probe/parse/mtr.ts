// Reads `mtr -r -n` report output: one ` N.|-- addr` line per hop ('???' when nothing answered), and the
// `|  `|-- addr` continuation lines mtr adds when several addresses answered one hop. mtr prints no ICMP flags.

import { addAddress, denseHops } from '../reported-trace.js'
import type { ReportedHop, ReportedTrace } from '../reported-trace.js'

const HOP_LINE = /^\s*(\d+)\.\s*\|--\s+(\S+)/
const MORE_LINE = /^\s*\|\s+`\|--\s+(\S+)/
const NO_ANSWER = '???'

export function parseMtrReport (stdout: string): ReportedTrace {
  const byTtl = new Map<number, ReportedHop>()
  let current: ReportedHop | undefined
  for (const line of stdout.split('\n')) {
    const hopMatch = HOP_LINE.exec(line)
    if (hopMatch !== null) {
      current = { ttl: Number(hopMatch[1]), addrs: [] }
      if (hopMatch[2] !== NO_ANSWER) addAddress(current, hopMatch[2])
      byTtl.set(current.ttl, current)
      continue
    }
    const moreMatch = MORE_LINE.exec(line)
    if (moreMatch !== null && current !== undefined && moreMatch[1] !== NO_ANSWER) addAddress(current, moreMatch[1])
  }
  return { hops: denseHops(byTtl) }
}
