// The merged paths as a plain graph, for the network map: one node per vantage point, per router address and for
// the target; one edge per pair of consecutive hops. No layout here (map-svg.ts does that).
//
// Merge rules: an address is one node however many paths cross it, and an address pair one edge. A silent hop is
// a placeholder of its own per path (nothing says two silences are one router). A TTL answered by several
// addresses (ECMP) forks: every address of it links to every address of the TTLs either side. A partial path (cut
// off by the deadline) ends in a `(cut off)` mark of its own, so it is not mistaken for a path that stopped there.
// Vantage points that failed (an error, no result) measured no path: one compact node lists them all, briefly.
// An edge is labelled with the latency the hop adds only when the RTTs tell it from noise (link-latency.ts).

import { annotatedAddress, NO_ANNOTATIONS, type Annotations, type MeasuredTrace, type VantageView } from '../model/index.js'
import { latencyLabel, linkSample, type LinkSample } from './link-latency.js'
import { briefReason } from './lines.js'
import { isCutOff } from './vantage.js'

export { median } from './link-latency.js'

type MapNodeKind = 'vantage' | 'router' | 'silent' | 'target' | 'unreachable' | 'cut-off' | 'failed'

export interface MapNode {
  id: string
  label: string
  kind: MapNodeKind
  /** The node's tooltip when it says more than the label (the failed node: every failure in full). */
  title?: string
}

interface MapEdge {
  from: string
  to: string
  /** The latency the hop adds over the previous one (`3.2 ms`, `<1 ms`); absent when unknown or noise. */
  label?: string
}

export interface MapGraph {
  nodes: MapNode[]
  edges: MapEdge[]
}

const TARGET_ID = 'target'
const vantageId = (peer: string): string => `vantage:${peer}`
const routerId = (addr: string): string => `addr:${addr}`
const silentId = (peer: string, ttl: number): string => `silent:${peer}:${ttl}`
const cutOffId = (peer: string): string => `cut-off:${peer}`
const FAILED_ID = 'failed'
/** Failed vantage points the compact node names; the rest are counted (its tooltip lists them all). */
const MAX_FAILED_NAMED = 3

/** One TTL of one path, as the map sees it: the nodes it stands for and its RTT samples ('origin': the vantage point). */
interface Step {
  ids: string[]
  rtts: readonly number[] | 'origin'
}

/** `annotations`: a router's label is `name (addr) [AS64500]` where its name or AS is known. */
export function buildMapGraph (target: string, views: VantageView[], annotations: Annotations = NO_ANNOTATIONS): MapGraph {
  const nodes = new Map<string, MapNode>()
  const flags = new Map<string, string[]>()
  const edges = new Map<string, { from: string, to: string, samples: LinkSample[] }>()
  const resolved = new Set<string>()
  const failed: VantageView[] = []
  nodes.set(TARGET_ID, { id: TARGET_ID, label: target, kind: 'target' })

  const addEdge = (from: string, to: string, sample: LinkSample | undefined): void => {
    if (from === to) return // the same address at consecutive TTLs is one node, not a loop
    const key = JSON.stringify([from, to])
    let edge = edges.get(key)
    if (edge === undefined) {
      edge = { from, to, samples: [] }
      edges.set(key, edge)
    }
    if (sample !== undefined) edge.samples.push(sample)
  }

  for (const view of views) {
    if (view.error !== undefined || view.trace === undefined) {
      failed.push(view)
      continue
    }
    const start = vantageId(view.peer)
    nodes.set(start, { id: start, label: view.name, kind: 'vantage' })
    if (view.trace.reached) resolved.add(view.trace.addr)
    let previous: Step = { ids: [start], rtts: 'origin' }
    for (const step of steps(view.peer, view.trace, { nodes, flags, annotations })) {
      const sample = step.rtts === 'origin' ? undefined : linkSample(previous.rtts, step.rtts)
      for (const from of previous.ids) {
        for (const to of step.ids) addEdge(from, to, sample)
      }
      previous = step
    }
    if (isCutOff(view.trace)) {
      const id = cutOffId(view.peer)
      nodes.set(id, { id, label: '(cut off)', kind: 'cut-off' })
      for (const from of previous.ids) addEdge(from, id, undefined)
    }
  }

  // A host name traced from several peers may resolve differently; show what was traced next to the name.
  const addrs = [...resolved].filter(a => a !== target)
  if (addrs.length > 0) nodes.set(TARGET_ID, { id: TARGET_ID, label: `${target} (${addrs.join(', ')})`, kind: 'target' })
  if (failed.length > 0) nodes.set(FAILED_ID, failedNode(failed))

  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()].map(({ from, to, samples }) => {
      const label = latencyLabel(samples)
      return label === undefined ? { from, to } : { from, to, label }
    })
  }
}

/** `2 failed: gamma (policy), delta (no result)`, at most MAX_FAILED_NAMED by name; the tooltip has every reason. */
function failedNode (failed: VantageView[]): MapNode {
  const reason = (v: VantageView): string => v.error === undefined ? 'no result' : `${v.error.code}: ${v.error.message}`
  const named = failed.slice(0, MAX_FAILED_NAMED).map(v => `${v.name} (${briefReason(reason(v))})`)
  const more = failed.length - named.length
  return {
    id: FAILED_ID,
    kind: 'failed',
    label: `${failed.length} failed: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
    title: failed.map(v => `${v.name}: ${reason(v)}`).join('\n')
  }
}

interface GraphState {
  nodes: Map<string, MapNode>
  /** Every unreachable flag a router gave, on any path. */
  flags: Map<string, string[]>
  annotations: Annotations
}

/** Each hop of a trace as map nodes (registering them in `nodes`), in TTL order. */
function steps (peer: string, trace: MeasuredTrace, { nodes, flags, annotations }: GraphState): Step[] {
  return trace.hops.map(hop => {
    if (hop.addr === null) {
      const id = silentId(peer, hop.ttl)
      nodes.set(id, { id, label: '*', kind: 'silent' })
      return { ids: [id], rtts: [] }
    }
    const addrs = [...new Set([hop.addr, ...(hop.addrs ?? [])])]
    const ids = addrs.map(addr => {
      if (addr === trace.addr) return TARGET_ID
      const id = routerId(addr)
      const known = nodes.get(id)
      const label = annotatedAddress(addr, annotations)
      if (hop.flag !== undefined) {
        // A router that said unreachable on any path is marked so, with every flag it gave.
        const given = flags.get(id) ?? []
        if (!given.includes(hop.flag)) given.push(hop.flag)
        flags.set(id, given)
        nodes.set(id, { id, label: [label, ...given].join(' '), kind: 'unreachable' })
      } else if (known === undefined) {
        nodes.set(id, { id, label, kind: 'router' })
      }
      return id
    })
    return { ids, rtts: hop.rtts }
  })
}
