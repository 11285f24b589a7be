// Holds one reported trace against the lab's ground truth. Right means: as many hops as the true path, each hop's
// answering addresses exactly the true address (none where the truth is a silent '*'), so the destination (or
// the refusing router) is reported at its true hop and nothing after it; for tools that print ICMP flags, the
// unreachable flag on the last hop and nowhere else; for peertrace, `reached` exactly when the target was.

import { SILENT_HOP } from '../../test/harness/index.js'
import type { GroundTruth } from '../../test/harness/index.js'
import type { ReportedTrace } from './reported-trace.js'

export interface Verdict {
  right: boolean
  /** Why not, for the first path compared, in a line. */
  why?: string
}

export function judge (reported: ReportedTrace, truth: GroundTruth, checkFlags: boolean): Verdict {
  const reasons = truth.paths.map(path => mismatch(reported, path, truth.flag, checkFlags, truth.reached))
  const firstRight = reasons.indexOf(undefined)
  return firstRight >= 0 ? { right: true } : { right: false, why: reasons[0] }
}

function mismatch (reported: ReportedTrace, path: string[], flag: string | undefined, checkFlags: boolean,
  reachedWanted?: boolean): string | undefined {
  const { hops } = reported
  for (let i = 0; i < Math.min(hops.length, path.length); i++) {
    const want = path[i] === SILENT_HOP ? [] : [path[i]]
    const got = hops[i].addrs
    if (got.length !== want.length || got.some((addr, j) => addr !== want[j])) {
      return `hop ${i + 1}: got ${show(got)}, want ${show(want)}`
    }
  }
  if (hops.length !== path.length) return `${hops.length} hops, want ${path.length}`
  if (checkFlags) {
    const flagged = hops.map((hop, i) => ({ ttl: i + 1, flag: hop.flag })).filter(hop => hop.flag !== undefined)
    const wantFlags = flag === undefined ? [] : [{ ttl: path.length, flag }]
    if (JSON.stringify(flagged) !== JSON.stringify(wantFlags)) {
      return `flags ${JSON.stringify(flagged)}, want ${JSON.stringify(wantFlags)}`
    }
  }
  const wantReached = reachedWanted ?? flag === undefined
  if (reported.reached !== undefined && reported.reached !== wantReached) {
    return `reached ${String(reported.reached)}, want ${String(wantReached)}`
  }
  return undefined
}

function show (addrs: string[]): string {
  return addrs.length === 0 ? '*' : addrs.join('|')
}
