// Prints the results as Markdown tables: readable in a terminal and pasted as they are into docs/benchmarks.md.

import type { Stats, ToolSummary } from './summary.js'
import type { ProbeMethod } from './tools.js'

interface MethodTruth {
  method: ProbeMethod
  paths: string[][]
  flag?: string
}

export interface ScenarioResult {
  id: string
  title: string
  target: string
  /** The truth each method's runs were judged against, in the order the methods first ran. */
  truths: MethodTruth[]
  rows: ToolSummary[]
}

export interface Baseline {
  what: string
  ms: Stats
}

const HEADER = [
  'tool', 'wall ms: median (min–max)', 'in-process ms', 'probes: median (min–max)', 'right',
  'wall ÷ fastest ref', 'in-process ÷ fastest ref', 'probes ÷ traceroute'
]

export function scenarioTable (scenario: ScenarioResult): string {
  const lines = [
    `### ${scenario.id}: ${scenario.title}`,
    '',
    `Target ${scenario.target}; ${truthText(scenario.truths)}`,
    '',
    row(HEADER),
    row(HEADER.map(() => '---')),
    ...scenario.rows.map(summary => row([
      `\`${summary.label}\``,
      `${ms(summary.wallMs.median)} (${ms(summary.wallMs.min)}–${ms(summary.wallMs.max)})`,
      summary.inProcessMs !== undefined ? ms(summary.inProcessMs.median) : '',
      `${count(summary.probes.median)} (${count(summary.probes.min)}–${count(summary.probes.max)})`,
      `${summary.right}/${summary.runs}`,
      ratio(summary.ratios?.wallVsFastest, summary.ratios?.fastestReference),
      ratio(summary.ratios?.inProcessVsFastest),
      ratio(summary.ratios?.probesVsTraceroute)
    ]))
  ]
  // A tool's own count is never used, but where it disagrees with the wire the reader should know.
  for (const summary of scenario.rows) {
    const claimed = summary.selfReportedProbes
    if (claimed === undefined || claimed.median === summary.probes.median) continue
    lines.push('', `Note: \`${summary.label}\` reported ${count(claimed.median)} probes sent (median); ` +
      `the counters saw ${count(summary.probes.median)}.`)
  }
  return lines.join('\n') + '\n'
}

/** One truth for every method when they agree; else each with the methods it holds for. */
function truthText (truths: MethodTruth[]): string {
  const text = (truth: MethodTruth): string => truth.paths.map(path => path.join(' ')).join(' or ') +
    (truth.flag !== undefined ? ` ${truth.flag}` : '')
  const groups = new Map<string, ProbeMethod[]>()
  for (const truth of truths) groups.set(text(truth), [...(groups.get(text(truth)) ?? []), truth.method])
  if (groups.size <= 1) return `truth: ${[...groups.keys()].join('')}`
  return [...groups].map(([truth, methods]) => `truth (${methods.join(', ')}): ${truth}`).join('; ')
}

export function baselineTable (baselines: Baseline[]): string {
  return [
    row(['start-up baseline (inside a lab namespace)', 'median ms (min–max)']),
    row(['---', '---']),
    ...baselines.map(b => row([`\`${b.what}\``, `${ms(b.ms.median)} (${ms(b.ms.min)}–${ms(b.ms.max)})`]))
  ].join('\n') + '\n'
}

function row (cells: string[]): string {
  return `| ${cells.join(' | ')} |`
}

function ms (value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)
}

function count (value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1)
}

function ratio (value: number | undefined, against?: string): string {
  if (value === undefined) return ''
  const text = `${value >= 10 ? value.toFixed(0) : value.toFixed(2)}×`
  return against === undefined ? text : `${text} (${against})`
}
