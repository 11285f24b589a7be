// Holds what a tool or the engine reported against the ground truth: right when it equals one true path (ECMP) in
// hops, flag and ending. A tool with one flow (Paris) must follow one path exactly; a tool that changes flow per
// probe may take each hop from any path, but never names an address no path has at that TTL.

import { SILENT_HOP } from './constants.js'
import type { TraceTruth, TruthPath } from './spec.js'
import type { ObservedTrace } from './reference-tools.js'

export type Reported = Pick<ObservedTrace, 'hops' | 'addrs' | 'flag' | 'stop' | 'reached' | 'paris' | 'runsToMaxHops' | 'hopLimitFirst'>

export interface Verdict {
  right: boolean
  /** The first difference from the closest true path, when wrong. */
  why?: string
}

export function judge (truth: TraceTruth, reported: Reported): Verdict {
  const reasons: string[] = []
  for (const path of truth.paths) {
    const why = differs(truth, path, reported)
    if (why === undefined) return { right: true }
    reasons.push(why)
  }
  return { right: false, why: reasons.length === 1 ? reasons[0] : reasons.map((r, i) => `path ${i + 1}: ${r}`).join('; ') }
}

function differs (truth: TraceTruth, path: TruthPath, reported: Reported): string | undefined {
  let hops = reported.hops
  // A tool without gap or loop detection cannot stop where the truth stops; it is right if it saw the same rows
  // and ran on without claiming an end.
  const lenient = reported.runsToMaxHops && (path.stop === 'gap' || path.stop === 'loop' || path.stop === 'max-hops')
  if (lenient) {
    if (hops.length < path.hops.length) return `ended at TTL ${ttlOf(truth, hops.length - 1)} (${reported.stop}), the truth goes on to ${ttlOf(truth, path.hops.length - 1)}`
    if (reported.stop === 'reached' || reported.stop === 'unreachable') return `claims ${reported.stop} past the truth's ${path.stop}`
    if (path.stop === 'gap' && hops.slice(path.hops.length).some(hop => hop !== SILENT_HOP)) return 'answers after the gap'
    hops = hops.slice(0, path.hops.length)
  }
  for (let i = 0; i < Math.max(hops.length, path.hops.length); i++) {
    const got = hops[i]
    const want = path.hops[i]
    if (got === undefined) return `stops after TTL ${ttlOf(truth, i - 1)}, the truth has ${want} at TTL ${ttlOf(truth, i)}`
    if (want === undefined) return `goes on to TTL ${ttlOf(truth, i)} (${got}) past the truth's ${path.stop}`
    const several = reported.addrs?.[i]
    if (reported.paris && several !== undefined && several.length > 1) return `several addresses at TTL ${ttlOf(truth, i)}: ${several.join(' ')}`
    const allowed = reported.paris ? [want] : truth.paths.map(p => p.hops[i]).filter(hop => hop !== undefined)
    if (!allowed.includes(got)) return `TTL ${ttlOf(truth, i)}: ${got}, the truth has ${[...new Set(allowed)].join(' or ')}`
  }
  if (lenient) return undefined
  const stop = stopAsNamedBy(truth, path, reported)
  if (reported.stop !== stop) return `stop ${reported.stop}, the truth's is ${stop}`
  if (reported.reached !== path.reached) return `reached ${String(reported.reached)}, the truth says ${String(path.reached)}`
  if (reported.flag !== path.flag) return `flag ${reported.flag ?? 'none'}, the truth's is ${path.flag ?? 'none'}`
  return undefined
}

/**
 * The truth's stop as the tool names it: where the gap ends at maxHops, both limits end the trace at one TTL, and a
 * tool that tests the hop limit first (scamper) names that one.
 */
function stopAsNamedBy (truth: TraceTruth, path: TruthPath, reported: Reported): TruthPath['stop'] {
  const tie = path.stop === 'gap' && ttlOf(truth, path.hops.length - 1) === truth.maxHops
  return tie && reported.hopLimitFirst === true ? 'max-hops' : path.stop
}

function ttlOf (truth: TraceTruth, index: number): number {
  return truth.firstHop + index
}
