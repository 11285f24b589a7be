// Prints the summaries as Markdown tables: readable in a terminal and pasted as they are into docs/benchmarks.md.

import type { Stats } from '../probe/summary.js'
import { MERGE_FACTOR, MERGE_SLACK_MS, MESSAGES_PER_EDGE_GOAL } from './constants.js'
import { DESIGNS, type Design } from './designs.js'
import type { SizeSummary, WanSummary } from './summary.js'

const LABEL: Record<Design, string> = {
  flood: 'flood (1 entry)',
  sequential: 'sequential (original)',
  parallel: 'parallel fan-out'
}

export function timeTable (sizes: SizeSummary[]): string {
  return table(
    ['peers', 'design', 'all results in, warm ms', 'cold ms (client dials timed)', 'CPU ms per trace (warm, all peers)', 'complete'],
    sizes.flatMap(size => DESIGNS.map(design => {
      const d = size.designs[design]
      return [String(size.peers), LABEL[design], range(d.warmMs), range(d.coldMs), range(d.warmCpuMs), `${d.complete}/${d.runs}`]
    })))
}

export function ratioTable (sizes: SizeSummary[]): string {
  return table(
    ['peers', 'flood ÷ sequential, warm', 'flood ÷ sequential, cold', 'flood ÷ parallel, warm', 'flood ÷ parallel, cold'],
    sizes.map(size => [String(size.peers), times(size.ratios.warmVsSequential), times(size.ratios.coldVsSequential),
      times(size.ratios.warmVsParallel), times(size.ratios.coldVsParallel)]))
}

export function messageTable (sizes: SizeSummary[]): string {
  return table(
    ['peers', 'overlay edges E (mean degree)', 'flood depth from entry', 'random graph, same E', 'flood messages (requests / results / ends)',
      'flood ÷ (E + 1)', `goal ≤ ${MESSAGES_PER_EDGE_GOAL}`, 'sequential', 'parallel'],
    sizes.map(size => {
      const f = size.designs.flood
      return [String(size.peers), `${num(size.edges.median)} (${size.meanDegree.toFixed(1)})`, range(size.maxDepth), range(size.randomGraphDepth),
        `${num(f.messages.median)} (${num(f.requests.median)} / ${num(f.results.median)} / ${num(f.ends.median)})`,
        size.messagesPerEdge.toFixed(2), size.messagesGoalMet ? 'met' : 'missed',
        num(size.designs.sequential.messages.median), num(size.designs.parallel.messages.median)]
    }))
}

export function memoryTable (sizes: SizeSummary[], wan: WanSummary[]): string {
  return table(
    ['peers', 'how', 'RSS per peer MB', 'JS heap per peer MB', 'whole process, peak RSS MB', 'overlay formed in s',
      'start-up CPU ms per peer', 'idle CPU per peer'],
    [
      ...sizes.map(size => [String(size.peers), 'in one process', size.rssPerPeerMb.toFixed(1), size.heapPerPeerMb.toFixed(2),
        size.peakRssMb.toFixed(0), (size.formationMs / 1000).toFixed(1), '', '']),
      ...wan.map(w => [String(w.peers), 'one process per peer (WAN)', range(w.rssPerPeerMb), '', '', (w.formationMs / 1000).toFixed(1), range(w.startupCpuMs),
        `${(w.idleCpuShare * 100).toFixed(1)}% of a core`])
    ])
}

export function wanTable (wan: WanSummary): string {
  const rows: string[][] = [
    [`one local trace (\`peertrace probe\`, client's site), in-process`, range(wan.localMs), '', '', ''],
    ['the same, whole command', range(wan.localWallMs), '', '', ''],
    ['slowest site\'s local trace, in-process', range(wan.slowestLocalMs), '', '', ''],
    ...DESIGNS.flatMap(design => {
      const d = wan.designs[design]
      return [
        [`${LABEL[design]}, cold (client dials timed)`, range(d.coldMs), range(d.slowestProbeMs), range(d.peersCpuMs), `${d.complete}/${d.runs}`],
        [`${LABEL[design]}, warm`, range(d.warmMs), '', '', '']
      ]
    }),
    ['`peertrace trace -F json`, whole command', range(wan.cliWallMs), '', range(wan.cliPeersCpuMs), ''],
    ['`peertrace trace`, its summary durationMs', range(wan.cliSummaryMs), '', '', '']
  ]
  return table([`${wan.peers} peers on wan8 (E = ${wan.edges})`, 'ms: median (min–max)',
    'slowest vantage\'s probe ms (cold and warm)', 'CPU ms of all peers per trace', 'all answered'], rows)
}

export function goalTable (sizes: SizeSummary[], wan: WanSummary[]): string {
  const rows: string[][] = wan.flatMap(w => [
    [`${w.peers} sites merged ≤ ${MERGE_FACTOR} × one local trace + ${MERGE_SLACK_MS} ms (in-process: flood cold vs probe durationMs)`,
      `${num(w.goal.floodMs)} ms vs ${num(w.goal.boundMs)} ms`, w.goal.met ? 'met' : 'missed'],
    [`the same, whole commands (\`peertrace trace\` vs \`peertrace probe\`)`,
      `${num(w.goal.cliMs)} ms vs ${num(w.goal.cliBoundMs)} ms`, w.goal.cliMet ? 'met' : 'missed']
  ])
  for (const size of sizes) {
    rows.push([`messages per trace ≤ ${MESSAGES_PER_EDGE_GOAL} × edges, ${size.peers} peers`,
      `${num(size.designs.flood.messages.median)} vs ${num(MESSAGES_PER_EDGE_GOAL * (size.edges.median + 1))}`,
      size.messagesGoalMet ? 'met' : 'missed'])
  }
  const hundred = sizes.find(size => size.peers >= 100)
  if (hundred !== undefined) {
    rows.push([`${hundred.peers} peers on this machine (in one process)`,
      `${hundred.designs.flood.complete}/${hundred.designs.flood.runs} floods complete, median ${num(hundred.designs.flood.warmMs.median)} ms, peak RSS ${num(hundred.peakRssMb)} MB`,
      hundred.designs.flood.complete === hundred.designs.flood.runs ? 'met' : 'missed'])
  }
  return table(['goal', 'measured', 'verdict'], rows)
}

export interface SimulationRow {
  peers: number
  edges: number
  killAt: string
  killed: number
  coverage: number
  answered: number
  alive: number
  messages: number
  messagesPerEdge: number
  requests: number
  results: number
  ends: number
  resultsRelayed: number
  traceMs: number
  rssMb: number
  peakRssMb: number
}

export function simulationTable (rows: SimulationRow[]): string {
  return table(
    ['peers', 'edges', 'killed (when)', 'answered / alive', 'messages (req / res / end)', 'msg ÷ edge', 'relayed', 'trace ms', 'RSS MB (peak)'],
    rows.map(r => [String(r.peers), String(r.edges), r.killed === 0 ? '0' : `${r.killed} (${r.killAt})`,
      `${r.answered}/${r.alive} (${(r.coverage * 100).toFixed(1)}%)`, `${r.messages} (${r.requests} / ${r.results} / ${r.ends})`,
      r.messagesPerEdge.toFixed(2), String(r.resultsRelayed), String(r.traceMs), `${r.rssMb} (${r.peakRssMb})`]))
}

function table (header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n') + '\n'
}

function range (s: Stats): string {
  return `${num(s.median)} (${num(s.min)}–${num(s.max)})`
}

function num (value: number): string {
  return value >= 100 || Number.isInteger(value) ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)
}

function times (value: number): string {
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(2)}×`
}
