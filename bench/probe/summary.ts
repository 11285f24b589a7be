// Turns the runs of one tool in one scenario into medians and right answers, and puts peertrace's medians next
// to the reference tools': the fastest reference of the same method, and traceroute's probe count.

import type { ProbeCount } from './probe-counter.js'
import type { ProbeMethod, Tool } from './tools.js'

export interface RunRecord {
  run: number
  wallMs: number
  inProcessMs?: number
  selfReportedProbes?: number
  /** udp + ICMP echo requests + TCP SYNs to the target: the probes of every method here. */
  probes: number
  counters: ProbeCount
  right: boolean
  why?: string
  /** Kept for wrong runs only, as evidence. */
  stdout?: string
  stderr?: string
}

export interface Stats {
  median: number
  min: number
  max: number
}

interface Ratios {
  fastestReference: string
  wallVsFastest: number
  inProcessVsFastest?: number
  probesVsTraceroute?: number
}

export interface ToolSummary {
  tool: string
  label: string
  method: ProbeMethod
  ours: boolean
  wallMs: Stats
  inProcessMs?: Stats
  probes: Stats
  /** What the tool said it sent, when it says (peertrace, scamper). */
  selfReportedProbes?: Stats
  right: number
  runs: number
  ratios?: Ratios
  records: RunRecord[]
}

export function stats (values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  return { median, min: sorted[0], max: sorted[sorted.length - 1] }
}

export function summarise (tool: Tool, records: RunRecord[]): ToolSummary {
  const present = (values: Array<number | undefined>): number[] => values.filter((v): v is number => v !== undefined)
  const inProcess = present(records.map(record => record.inProcessMs))
  const selfReported = present(records.map(record => record.selfReportedProbes))
  return {
    tool: tool.id,
    label: tool.label,
    method: tool.method,
    ours: tool.ours,
    wallMs: stats(records.map(record => record.wallMs)),
    ...(inProcess.length > 0 ? { inProcessMs: stats(inProcess) } : {}),
    probes: stats(records.map(record => record.probes)),
    ...(selfReported.length > 0 ? { selfReportedProbes: stats(selfReported) } : {}),
    right: records.filter(record => record.right).length,
    runs: records.length,
    records
  }
}

/** Adds the ratios to each of our rows, against the references of its own method. */
export function compare (rows: ToolSummary[]): void {
  for (const row of rows.filter(candidate => candidate.ours)) {
    const references = rows.filter(candidate => !candidate.ours && candidate.method === row.method)
    if (references.length === 0) continue
    const fastest = references.reduce((best, candidate) => candidate.wallMs.median < best.wallMs.median ? candidate : best)
    const traceroute = references.find(candidate => candidate.tool.startsWith('traceroute'))
    row.ratios = {
      fastestReference: fastest.tool,
      wallVsFastest: row.wallMs.median / fastest.wallMs.median,
      ...(row.inProcessMs !== undefined ? { inProcessVsFastest: row.inProcessMs.median / fastest.wallMs.median } : {}),
      ...(traceroute !== undefined && traceroute.probes.median > 0
        ? { probesVsTraceroute: row.probes.median / traceroute.probes.median }
        : {})
    }
  }
}
