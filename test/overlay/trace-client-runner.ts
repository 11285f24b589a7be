// Runs the real `peertrace trace` CLI inside a lab node, through one peer, and reads its output back: the NDJSON
// of `--format json` parsed into typed records, or the raw text of the other formats.

import type { SummaryView, VantageRow } from '../../src/model/index.js'
import type { ExecResult, Lab } from '../harness/index.js'
import { PEERTRACE_CLI, type PeerProcess } from '../harness/peer-process.js'

/** One vantage point's line of `--format json`. */
export type VantageRecord = VantageRow

/** The closing line of `--format json`. */
export type SummaryRecord = SummaryView

export interface TraceRunOptions {
  format?: 'lines' | 'tree' | 'json'
  /** The client's --timeout, in seconds. */
  timeoutS?: number
  extraArgs?: string[]
}

export type TraceRun = ExecResult

const DEFAULT_CLIENT_TIMEOUT_S = 20
/** How long past its own --timeout the client may take to start and stop before the lab kills it. */
const CLIENT_GRACE_MS = 15_000

/** `peertrace trace --peer <entry> <target>` run in `host`'s namespace, to completion. */
export async function runTrace (lab: Lab, host: string, entry: PeerProcess, target: string,
  options: TraceRunOptions = {}): Promise<TraceRun> {
  const timeoutS = options.timeoutS ?? DEFAULT_CLIENT_TIMEOUT_S
  const argv = [
    process.execPath, PEERTRACE_CLI, 'trace', '--peer', entry.address, target,
    '--format', options.format ?? 'json', '--timeout', String(timeoutS), ...(options.extraArgs ?? [])
  ]
  return await lab.exec(host, argv, { timeoutMs: timeoutS * 1000 + CLIENT_GRACE_MS })
}

/** The NDJSON of `--format json`: every vantage line, then exactly one summary line, last. */
export function parseTraceJson (stdout: string): { results: VantageRecord[], summary: SummaryRecord } {
  const lines = stdout.split('\n').filter(line => line.trim() !== '')
  const objects = lines.map((line, i) => {
    try {
      return JSON.parse(line) as Record<string, unknown>
    } catch (err) {
      throw new Error(`line ${i + 1} of the trace output is not JSON: ${line}`, { cause: err })
    }
  })
  const last = objects.pop()
  if (last === undefined || typeof last.summary !== 'object' || last.summary === null) {
    throw new Error(`the trace output does not end with a summary:\n${stdout}`)
  }
  const results = objects.map((object, i) => {
    if ('summary' in object) throw new Error(`a summary before the end of the trace output (line ${i + 1})`)
    if (typeof object.peer !== 'string' || typeof object.name !== 'string' || !Array.isArray(object.hops)) {
      throw new Error(`line ${i + 1} of the trace output is not a vantage record: ${lines[i]}`)
    }
    return object as unknown as VantageRecord
  })
  return { results, summary: last.summary as SummaryRecord }
}
