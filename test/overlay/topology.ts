// Graphs for the flood tests and the simulation: seeded random connected graphs and lines, as edge lists over
// peer indices.

export type Edge = readonly [number, number]

/**
 * A connected graph on `n` peers with about `degree` neighbours each: a random tree first (peer i joins a random
 * earlier peer, so it is connected), then random extra edges up to n * degree / 2 in all, no self-loops or doubles.
 */
export function randomConnectedGraph (n: number, degree: number, random: () => number): Edge[] {
  const edges: Edge[] = []
  const keys = new Set<number>()
  const add = (a: number, b: number): boolean => {
    if (a === b) return false
    const key = Math.min(a, b) * n + Math.max(a, b)
    if (keys.has(key)) return false
    keys.add(key)
    edges.push([a, b])
    return true
  }
  for (let i = 1; i < n; i++) add(i, Math.floor(random() * i))
  const target = Math.min(Math.floor((n * degree) / 2), (n * (n - 1)) / 2)
  while (edges.length < target) add(Math.floor(random() * n), Math.floor(random() * n))
  return edges
}

/** 0 - 1 - 2 - … - (n-1). */
export function lineGraph (n: number): Edge[] {
  return Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as const)
}

/** Hop distances from `source` over `edges` (breadth-first). */
export function distancesFrom (n: number, edges: Edge[], source: number): number[] {
  const adjacent: number[][] = Array.from({ length: n }, () => [])
  for (const [a, b] of edges) {
    adjacent[a]?.push(b)
    adjacent[b]?.push(a)
  }
  const distance = new Array<number>(n).fill(-1)
  distance[source] = 0
  const queue = [source]
  for (let head = 0; head < queue.length; head++) {
    const at = queue[head] as number
    for (const next of adjacent[at] ?? []) {
      if (distance[next] === -1) {
        distance[next] = (distance[at] as number) + 1
        queue.push(next)
      }
    }
  }
  return distance
}
