// The merged paths as a plain graph, for the network map: one node per vantage point, per router address and for
// the target; one edge per pair of consecutive hops. No layout here (map-svg.ts does that).
//
// Merge rules: an address is one node however many paths cross it, and an address pair one edge. A silent hop is
// a placeholder of its own per path (nothing says two silences are one router). A TTL answered by several
// addresses (ECMP) forks: every address of it links to every address of the TTLs either side. A partial path (cut
// off by the deadline) ends in a `(cut off)` mark of its own, so it is not mistaken for a path that stopped there.

import { annotatedAddress, NO_ANNOTATIONS, type Annotations, type MeasuredTrace, type VantageView } from '../model/index.js'
import { isCutOff } from './vantage.js'

type MapNodeKind = 'vantage' | 'router' | 'silent' | 'target' | 'unreachable' | 'cut-off'

export interface MapNode {
  id: string
  label: string
  kind: MapNodeKind
}

interface MapEdge {
  from: string
  to: string
  /** The RTT the hop adds over the previous one (median minus median), e.g. `3.2 ms`; absent when unknown. */
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

/** One TTL of one path, as the map sees it: the nodes it stands for and its median RTT (undefined if unknown). */
interface Step {
  ids: string[]
  rtt?: number
}

/** `annotations`: a router's label is `name (addr) [AS64500]` where its name or AS is known. */
export function buildMapGraph (target: string, views: VantageView[], annotations: Annotations = NO_ANNOTATIONS): MapGraph {
  const nodes = new Map<string, MapNode>()
  const flags = new Map<string, string[]>()
  const edges = new Map<string, { from: string, to: string, deltas: number[] }>()
  const resolved = new Set<string>()
  nodes.set(TARGET_ID, { id: TARGET_ID, label: target, kind: 'target' })

  const addEdge = (from: string, to: string, delta: number | undefined): void => {
    if (from === to) return // the same address at consecutive TTLs is one node, not a loop
    const key = JSON.stringify([from, to])
    let edge = edges.get(key)
    if (edge === undefined) {
      edge = { from, to, deltas: [] }
      edges.set(key, edge)
    }
    if (delta !== undefined) edge.deltas.push(delta)
  }

  for (const view of views) {
    const start = vantageId(view.peer)
    nodes.set(start, { id: start, label: vantageLabel(view), kind: 'vantage' })
    if (view.trace === undefined) continue
    if (view.trace.reached) resolved.add(view.trace.addr)
    let previous: Step = { ids: [start], rtt: 0 }
    for (const step of steps(view.peer, view.trace, { nodes, flags, annotations })) {
      const delta = previous.rtt !== undefined && step.rtt !== undefined ? step.rtt - previous.rtt : undefined
      for (const from of previous.ids) {
        for (const to of step.ids) addEdge(from, to, delta)
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

  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()].map(({ from, to, deltas }) => {
      const d = median(deltas)
      return d === undefined ? { from, to } : { from, to, label: formatMs(d) }
    })
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
    const rtt = median(hop.rtts)
    if (hop.addr === null) {
      const id = silentId(peer, hop.ttl)
      nodes.set(id, { id, label: '*', kind: 'silent' })
      return { ids: [id] }
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
    return { ids, rtt }
  })
}

function vantageLabel (view: VantageView): string {
  if (view.error !== undefined) return `${view.name} (error: ${view.error.message})`
  if (view.trace === undefined) return `${view.name} (no result)`
  return view.name
}

export function median (values: number[]): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function formatMs (ms: number): string {
  const text = ms.toFixed(1)
  return `${text === '-0.0' ? '0.0' : text} ms`
}
