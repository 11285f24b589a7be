// The path view of the truth (GroundTruth: the addresses a trace names, per equal-cost path) for the named
// topologies' tests: read off the TTL-by-TTL walk in trace-truth.ts, so there is one walk of the routes.

import { HarnessError } from './errors.js'
import type { Family, GroundTruth } from './spec.js'
import { nodeOf } from './topology.js'
import { traceTruth } from './trace-truth.js'
import type { TruthContext } from './trace-truth.js'

export type { TruthContext } from './trace-truth.js'

/** Long enough for any lab path: the path view has no gap limit and no hop limit of its own. */
const PATH_VIEW_LIMIT = 255

/** `to` is a node name (its first address in the family), an alias or prefix name, or an address the lab owns. */
export function groundTruth (context: TruthContext, from: string, to: string, family: Family): GroundTruth {
  const trace = traceTruth(context, from, to, family,
    { method: 'icmp', maxHops: PATH_VIEW_LIMIT, gapLimit: PATH_VIEW_LIMIT })
  const paths = new Map(trace.paths.map(path => [path.hops.join(' '), path.hops]))
  const truth: GroundTruth = { paths: [...paths.values()] }
  const flag = trace.paths.find(path => path.flag !== undefined)?.flag
  if (flag !== undefined) truth.flag = flag
  return truth
}

/** The one path from a node to a target; E_MULTIPATH when ECMP gives more than one. */
export function singlePath (context: TruthContext, from: string, to: string, family: Family): string[] {
  const { paths } = groundTruth(context, from, to, family)
  if (paths.length !== 1) {
    throw new HarnessError('E_MULTIPATH', `${paths.length} equal-cost paths from ${from} to ${to} in IPv${family}`)
  }
  return paths[0]
}

/** A node's address in a family: the one on its first link. */
function nodeAddress (context: TruthContext, node: string, family: Family): string {
  const self = nodeOf(context.topology.nodes, node)
  return context.plan.address(context.topology.links[self.links[0]], node, family)
}
