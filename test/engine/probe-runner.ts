// Runs the built `peertrace probe` command, and the concurrent-traces fixture, inside a lab node, and reads their
// JSON: the integration tests' one way into the engine, so every probe leaves from a namespace the lab made.

import { SILENT_HOP } from '../harness/index.js'
import type { ExecOptions, ExecResult, Family, Lab } from '../harness/index.js'
import type { Method, TraceResult } from '../../src/engine/index.js'

/** The built CLI and fixture, found from this compiled file (dist/test/engine/), never from the cwd. */
export const CLI_MAIN = new URL('../../src/cli/main.js', import.meta.url).pathname
const CONCURRENT_TRACES = new URL('./fixtures/concurrent-traces.js', import.meta.url).pathname

/** A trace that runs longer than this has hung: the probe is killed, and the test says so with its output. */
const PROBE_TIMEOUT_MS = 30_000

/** What the concurrent-traces fixture is given on stdin, one per trace. */
export interface TraceJob {
  target: string
  method: Method
  family?: Family
  queries?: number
  /** Destination port of udp and tcp probes (the engine's default per method when absent). */
  port?: number
}

/** What the fixture prints per job, in job order: the result, or the engine error that ended it. */
export type TraceOutcome = TraceResult | { error: { code?: string, message: string } }

/** Runs `peertrace <args…>` in the node and returns its exit code and output as they are. */
export async function runCli (lab: Lab, node: string, args: string[], options?: ExecOptions): Promise<ExecResult> {
  return await lab.exec(node, [process.execPath, CLI_MAIN, ...args], options)
}

/**
 * Runs `peertrace probe --json <args…> <target>` in the node; fails with the command's own output unless it
 * exited 0 with nothing on stderr and one JSON object on stdout.
 */
export async function probe (lab: Lab, node: string, target: string, args: string[] = []): Promise<TraceResult> {
  const result = await runCli(lab, node, ['probe', '--json', ...args, target], { timeoutMs: PROBE_TIMEOUT_MS })
  if (result.code !== 0 || result.stderr !== '') {
    throw new Error(`probe ${[...args, target].join(' ')} in ${node} exited ${String(result.code ?? result.signal)}: ` +
      `${result.stderr.trim()}\nstdout: ${result.stdout.trim()}`)
  }
  return JSON.parse(result.stdout) as TraceResult
}

/** Runs every job at once in one process (one ProbeEngine), in the node; results come back in job order. */
export async function traceConcurrently (lab: Lab, node: string, jobs: TraceJob[]): Promise<TraceOutcome[]> {
  const result = await lab.exec(node, [process.execPath, CONCURRENT_TRACES],
    { input: JSON.stringify(jobs), timeoutMs: PROBE_TIMEOUT_MS })
  if (result.code !== 0) {
    throw new Error(`concurrent-traces in ${node} exited ${String(result.code ?? result.signal)}: ` +
      `${result.stderr.trim()}`)
  }
  return JSON.parse(result.stdout) as TraceOutcome[]
}

/** A trace's hop addresses in ground-truth form: SILENT_HOP ('*') where the hop stayed silent (addr null). */
export function hopAddresses (result: TraceResult): string[] {
  return result.hops.map(hop => hop.addr ?? SILENT_HOP)
}

