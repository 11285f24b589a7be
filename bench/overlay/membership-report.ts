// The membership benchmark's runs as Markdown tables: medians (and ranges) per overlay size, degree histograms
// pooled over the runs, per-run coverage under churn. Pasted as they are into docs/benchmarks.md.

import { stats } from '../probe/summary.js'
import { MEMBERSHIP_TRACE_PAUSE_MS } from './constants.js'
import type { MembershipRun, TraceSample } from './membership.js'

const row = (cells: Array<string | number>): string => `| ${cells.join(' | ')} |`
const header = (cells: string[]): string => [row(cells), row(cells.map(() => '---'))].join('\n')

/** Median (min-max) of the runs that reached the figure, and how many did not. */
function timeS (values: Array<number | null>): string {
  const reached = values.filter((v): v is number => v !== null)
  const missing = values.length - reached.length
  const never = missing > 0 ? ` (${missing} never)` : ''
  if (reached.length === 0) return `never${never}`
  const s = stats(reached)
  const f = (ms: number): string => (ms / 1000).toFixed(1)
  return `${reached.length === 1 ? f(s.median) : `${f(s.median)} (${f(s.min)}-${f(s.max)})`} s${never}`
}

function bySize (runs: MembershipRun[]): MembershipRun[][] {
  const sizes = [...new Set(runs.map(r => r.peers))].sort((a, b) => a - b)
  return sizes.map(n => runs.filter(r => r.peers === n))
}

function formationTable (groups: MembershipRun[][]): string {
  return [header(['peers', 'runs', 'started (first start → last listening)', 'formed (→ every peer at 4 neighbours)',
    'no cut vertex (from last listening)', 'idle CPU per peer', 'RSS per peer']),
  ...groups.map(g => row([g[0]?.peers ?? 0, g.length, timeS(g.map(r => r.startMs)), timeS(g.map(r => r.formationMs)),
    timeS(g.map(r => r.noCutVertexMs)), `${(stats(g.map(r => r.idleCpuShare)).median * 100).toFixed(1)}% of a core`,
    `${stats(g.flatMap(r => r.rssMb)).median.toFixed(0)} MB`]))].join('\n') + '\n'
}

function degreeRow (peers: number, when: string, degrees: number[]): string {
  const s = stats(degrees)
  const histogram = new Map<number, number>()
  for (const d of degrees) histogram.set(d, (histogram.get(d) ?? 0) + 1)
  const bars = [...histogram].sort((a, b) => a[0] - b[0]).map(([d, n]) => `${d}:${n}`).join(' ')
  const mean = degrees.reduce((sum, d) => sum + d, 0) / degrees.length
  return row([peers, when, s.min, s.median, s.max, mean.toFixed(1), bars])
}

function degreeTable (groups: MembershipRun[][]): string {
  return [header(['peers', 'when', 'min', 'median', 'max', 'mean', 'histogram (degree:peers, all runs pooled)']),
    ...groups.flatMap(g => [
      degreeRow(g[0]?.peers ?? 0, 'formed (+10 s idle)', g.flatMap(r => r.formedDegrees)),
      degreeRow(g[0]?.peers ?? 0, 'healed', g.flatMap(r => r.partition.degrees)),
      degreeRow(g[0]?.peers ?? 0, 'after churn, rejoined', g.flatMap(r => r.churn.degrees))
    ])].join('\n') + '\n'
}

/**
 * When the first pair of traces answered by all started (ms after the lift): the overlay had healed by the end of
 * that pair's floods at the latest. Runs recorded before TraceSample.startedMs derive it from the pair before.
 */
function fullPairStartedMs (run: MembershipRun): number | null {
  const { traces } = run.partition
  for (let i = 0; i + 1 < traces.length; i += 2) {
    const pair = traces.slice(i, i + 2)
    if (!pair.every(t => t.answered === t.expected)) continue
    const started = pair.map(t => t.startedMs).filter((v): v is number => v !== undefined)
    if (started.length > 0) return Math.min(...started)
    return i === 0 ? 0 : Math.max(...traces.slice(i - 2, i).map(t => t.atMs)) + MEMBERSHIP_TRACE_PAUSE_MS
  }
  return null
}

/** How long one trace took, client start-up included (ms), over every trace of the runs that says when it started. */
function traceDurations (runs: MembershipRun[]): number[] {
  return runs.flatMap(r => [...r.partition.traces, r.churn.during, ...r.churn.later, r.churn.final])
    .flatMap(t => t.startedMs === undefined ? [] : [t.atMs - t.startedMs])
}

function partitionTable (groups: MembershipRun[][]): string {
  return [header(['peers', 'each half connected during the split', 'lift → graph merged (logs)',
    'lift → start of the first trace pair answered by all', '… its end', 'trace pairs until then (per run)']),
  ...groups.map(g => row([g[0]?.peers ?? 0, `${g.filter(r => r.partition.halvesConnected).length}/${g.length} runs`,
    timeS(g.map(r => r.partition.mergedMs)), timeS(g.map(fullPairStartedMs)), timeS(g.map(r => r.partition.healedMs)),
    g.map(r => r.partition.traces.length / 2).join(', ')]))].join('\n') + '\n'
}

function traceTable (groups: MembershipRun[][]): string {
  const rows = groups.flatMap(g => {
    const durations = traceDurations(g)
    return durations.length === 0 ? [] : [row([g[0]?.peers ?? 0, durations.length, timeS(durations)])]
  })
  return rows.length === 0 ? '' : [header(['peers', 'traces', 'one `peertrace trace`, start to end']), ...rows].join('\n') + '\n'
}

const share = (t: TraceSample): string => `${t.answered}/${t.expected}`

function churnTable (groups: MembershipRun[][]): string {
  return [header(['peers', 'killed', 'trace during the kill (per run)', 'later traces, answered/survivors (per run, in order)',
    'kill → a trace answered by every survivor', 'kill → survivors connected (logs)', 'restart → every restarted peer at 4 neighbours',
    'restart → all connected', 'trace after the rejoin (per run)']),
  ...groups.map(g => row([g[0]?.peers ?? 0, g[0]?.churn.killed ?? 0, g.map(r => share(r.churn.during)).join(', '),
    g.map(r => r.churn.later.map(share).join(' ')).join('; '),
    timeS(g.map(r => r.churn.later.find(t => t.answered === t.expected)?.atMs ?? null)),
    timeS(g.map(r => r.churn.survivorsConnectedMs)), timeS(g.map(r => r.churn.rejoinMs)), timeS(g.map(r => r.churn.rejoinConnectedMs)),
    g.map(r => share(r.churn.final)).join(', ')]))].join('\n') + '\n'
}

export function membershipTables (runs: MembershipRun[]): string {
  const groups = bySize(runs)
  return [
    '#### Formation', '', formationTable(groups),
    '#### Degrees', '', degreeTable(groups),
    '#### Healing after a 20 s split of the core', '', partitionTable(groups),
    '#### Churn: the first peer and a quarter of the others SIGKILLed while a trace runs, then restarted', '', churnTable(groups),
    ...(traceTable(groups) === '' ? [] : ['#### The traces of these phases', '', traceTable(groups)])
  ].join('\n')
}
