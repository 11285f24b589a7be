// What changed among a node's overlay neighbours since the last maintenance round, as the operator's log tells it:
// the losses, then the joins, each with the degree right after it. Several neighbours may come (or go) within one
// round; each line then still counts one up or down, and the last ends at the degree the round found.

/** A peer became an overlay neighbour, or stopped being one; `degree`: the number of neighbours right after. */
export interface NeighbourChange {
  type: 'joined' | 'lost'
  peer: string
  degree: number
}

/** The changes from the neighbours `before` to those `now`, in the order given (losses first). */
export function neighbourChanges (before: Iterable<string>, now: readonly string[]): NeighbourChange[] {
  const previous = new Set(before)
  const current = new Set(now)
  const changes: NeighbourChange[] = []
  let degree = previous.size
  for (const peer of previous) {
    if (!current.has(peer)) changes.push({ type: 'lost', peer, degree: --degree })
  }
  for (const peer of current) {
    if (!previous.has(peer)) changes.push({ type: 'joined', peer, degree: ++degree })
  }
  return changes
}
