// What every output format asks of a vantage point's answer (src/model/: VantageView): whether it is a partial
// path, and its hops as the seed format prints them.

import { annotatedAddress, NO_ANNOTATIONS, type Annotations, type MeasuredTrace, type VantageView } from '../model/index.js'
import { tcpAnswer } from './tcp-answer.js'

/** A partial path: the trace was cut off by the flood's deadline, its hops are those measured so far. */
export function isCutOff (trace: MeasuredTrace | undefined): boolean {
  return trace?.stop === 'deadline'
}

/** How many of the answers are partial paths (the summary line says so next to the answered count). */
export function cutOffCount (views: Iterable<VantageView>): number {
  let n = 0
  for (const v of views) if (isCutOff(v.trace)) n++
  return n
}

/**
 * The hop addresses of a trace as the seed format prints them: '*' for silence, the flag after its hop, and the
 * target's TCP answer after it (`<syn,ack>`, `<rst,ack>`) in a tcp trace; with
 * `rtts`, an answered hop's RTTs after its address. An address with a known name or AS prints as
 * `name (addr) [AS64500]`: with nothing known, the seed's tokens exactly.
 */
export function hopTokens (trace: MeasuredTrace, rtts = false, annotations: Annotations = NO_ANNOTATIONS): string[] {
  const out: string[] = []
  for (const hop of trace.hops) {
    out.push(hop.addr === null ? '*' : annotatedAddress(hop.addr, annotations))
    if (rtts && hop.addr !== null && hop.rtts.length > 0) out.push(`(${hop.rtts.map(r => r.toFixed(3)).join(' ')} ms)`)
    if (hop.flag !== undefined) out.push(hop.flag)
    const tcp = tcpAnswer(hop)
    if (tcp !== undefined) out.push(tcp)
  }
  return out
}
