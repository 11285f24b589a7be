// What the output formats consume: one vantage point's verified answer and the closing summary. Plain objects, so
// a format works the same on a live trace and on one read back from history.

import type { MeasuredTrace, PeerError } from '../overlay/types.js'

export interface VantageView {
  peer: string
  name: string
  trace?: MeasuredTrace
  error?: PeerError
}

export interface SummaryView {
  target: string
  answered: number
  failed: Array<{ peer: string, name?: string, reason: string }>
  unverified: number
  durationMs: number
}

/** The hop addresses of a trace as the seed format prints them: '*' for silence, the flag after its hop. */
export function hopTokens (trace: MeasuredTrace): string[] {
  const out: string[] = []
  for (const hop of trace.hops) {
    out.push(hop.addr ?? '*')
    if (hop.flag !== undefined) out.push(hop.flag)
  }
  return out
}
