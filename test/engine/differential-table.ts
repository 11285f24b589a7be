// Tallies the differential runs (peertrace, scamper, traceroute on the same traces) per scenario family and writes
// them as the markdown table of docs/engine-differential.md.

import type { TraceMethod } from '../harness/index.js'

type Contender = 'peertrace' | 'scamper' | 'traceroute'

export interface DifferentialRow {
  kind: string
  method: TraceMethod
  /** Per contender: right or not, and how long it took (ms). */
  runs: Record<Contender, { right: boolean, ms: number }>
  /** peertrace right but for the `stop` field, which the engine before the contract does not report. */
  peertraceStopAside: boolean
}

export type Comparison =
  | 'both right, peertrace faster' | 'both right, scamper faster' | 'only scamper right' | 'only peertrace right'
  | 'neither right'

export const COMPARISONS: readonly Comparison[] = [
  'both right, peertrace faster', 'both right, scamper faster', 'only scamper right', 'only peertrace right',
  'neither right'
]

export function compare (row: DifferentialRow): Comparison {
  const { peertrace, scamper } = row.runs
  if (peertrace.right && scamper.right) return peertrace.ms <= scamper.ms ? 'both right, peertrace faster' : 'both right, scamper faster'
  if (scamper.right) return 'only scamper right'
  return peertrace.right ? 'only peertrace right' : 'neither right'
}

export function differentialTable (rows: DifferentialRow[]): string {
  const groups = new Map<string, DifferentialRow[]>()
  for (const row of rows) {
    const group = `${row.kind} | ${row.method}`
    groups.set(group, [...(groups.get(group) ?? []), row])
  }
  const header = [
    '| ending | method | traces | peertrace right | (stop aside) | median ms | scamper right | median ms | ' +
      'traceroute right | median ms | ' + COMPARISONS.join(' | ') + ' |',
    `|${' --- |'.repeat(10 + COMPARISONS.length)}`
  ]
  const lines = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([group, members]) => {
    const cells = (['peertrace', 'scamper', 'traceroute'] as const).flatMap(who => [
      `${members.filter(m => m.runs[who].right).length}/${members.length}`,
      ...(who === 'peertrace' ? [`${members.filter(m => m.peertraceStopAside).length}/${members.length}`] : []),
      String(Math.round(median(members.map(m => m.runs[who].ms))))
    ])
    const counts = COMPARISONS.map(c => String(members.filter(m => compare(m) === c).length))
    return `| ${group} | ${members.length} | ${cells.join(' | ')} | ${counts.join(' | ')} |`
  })
  return [...header, ...lines].join('\n') + '\n'
}

function median (values: number[]): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
