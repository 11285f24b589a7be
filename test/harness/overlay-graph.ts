// The overlay graph as real peer processes' logs describe it (their `joined` and `lost` lines): connectivity, cut
// vertices and degrees, for the multi-process membership test and benchmark.

/** What the graph needs of a peer (a PeerProcess has it, from its log). */
export interface OverlayMember {
  peerId: string | undefined
  /** Its overlay neighbours' peer ids, as its log says. */
  neighbourIds: ReadonlySet<string>
  /** Its degree as it printed it last. */
  neighbours: number
}

/** Peer id -> neighbour ids, among `peers` only; an edge counts when either end reports it. */
export function overlayGraph (peers: OverlayMember[]): Map<string, Set<string>> {
  const edges = new Map(peers.map(p => [p.peerId ?? '', new Set<string>()]))
  for (const p of peers) {
    for (const id of p.neighbourIds) {
      if (!edges.has(id)) continue
      edges.get(p.peerId ?? '')?.add(id)
      edges.get(id)?.add(p.peerId ?? '')
    }
  }
  return edges
}

/** How many peers `from` reaches (itself included), optionally with one peer taken out. */
export function reach (edges: Map<string, Set<string>>, from: string, without?: string): number {
  const seen = new Set([from])
  const queue = [from]
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const next of edges.get(id) ?? []) if (next !== without && !seen.has(next)) { seen.add(next); queue.push(next) }
  }
  return seen.size
}

/** The peers whose death would disconnect the others. */
export function cutVertices (peers: OverlayMember[]): string[] {
  const edges = overlayGraph(peers)
  const ids = [...edges.keys()]
  return ids.filter(v => reach(edges, ids.find(id => id !== v) as string, v) < ids.length - 1)
}

export function connected (peers: OverlayMember[]): boolean {
  return reach(overlayGraph(peers), peers[0]?.peerId ?? '') === peers.length
}

/** Each peer's degree as it printed it last, comma-separated (for progress lines and error messages). */
export function degreeList (peers: OverlayMember[]): string {
  return peers.map(p => p.neighbours).join(',')
}
