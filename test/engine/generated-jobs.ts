// The traces a generated network asks for (every ending, both methods, both families, with trace options drawn
// from the seed), how they run inside its lab (alone or ten at once on one ProbeEngine, or through
// `peertrace probe --json`), and how each outcome is held against the ground truth.

import type { ExecResult, Family, Lab, TraceMethod, TraceTruth, TruthPath } from '../harness/index.js'
import { SILENT_HOP } from '../harness/index.js'
import type { GeneratedNetwork, JobOptions, NetworkTruth } from '../harness/generate.js'
import { judge } from '../harness/truth-match.js'
import type { Reported } from '../harness/truth-match.js'
import type { TraceResult } from '../../src/engine/index.js'
import { runCli } from './probe-runner.js'
import { traceBoundMs } from '../../src/engine/trace-bound.js'
import { sharedErrorCap } from '../harness/error-tokens.js'

const GENERATED_TRACES = new URL('./fixtures/generated-traces.js', import.meta.url).pathname

export type { JobOptions } from '../harness/generate.js'
export { drawTraceOptions } from '../harness/generate.js'

export interface GeneratedJob {
  /** `<ending>/<method>/<family>`, unique in the network. */
  key: string
  ending: string
  target: string
  method: TraceMethod
  family: Family
  options: JobOptions
  boundMs: number
  /** The ICMP error tokens its truth needs of each rate-limited node (test/harness/error-tokens.ts). */
  errorTokens: Record<string, number>
}

export interface GeneratedRun {
  mode: 'alone' | 'together'
  jobs: GeneratedJob[]
}

/** What the fixture (fixtures/generated-traces.ts) reports of one trace. */
export type FixtureOutcome = ({ result: TraceResult } | { error: { code?: string, message: string } }) & {
  elapsedMs: number
  /** The fixture's watchdog fired: the trace did not end by itself. */
  aborted: boolean
}

export type GeneratedOutcome = FixtureOutcome & {
  /**
   * The engine driver's debug log of this trace's batch (runJobs: the traces run in one process, alone one after
   * another or several at once), every trace's lines: what each sent and had answered when, for a failure's report.
   */
  debug?: string[]
  /** How many traces ran at once in its batch (1 alone). */
  batchSize: number
}

/** The methods a network's jobs use unless the caller names them (the reference tools compare these two). */
const METHODS: TraceMethod[] = ['icmp', 'udp']
const FAMILIES: Family[] = [4, 6]
/**
 * Traces started at once on one engine: ten, fewer where ten would ask one rate-limited node for more errors than
 * it can send them within their bound (sharedErrorCap): `*` there would be the router's limit, not the engine's.
 */
const TOGETHER = 10
/** Above any trace's bound: the fixture's own watchdogs end every trace before this. */
const FIXTURE_SLACK_MS = 10_000

export function describeOptions (options: JobOptions): string {
  const parts = Object.entries(options).map(([key, value]) => `${key} ${String(value)}`)
  return parts.length === 0 ? 'default options' : parts.join(', ')
}

/** One job per ending, method and family. */
export function jobsOf (network: GeneratedNetwork, truth: NetworkTruth, options: JobOptions,
  methods: readonly TraceMethod[] = METHODS): GeneratedJob[] {
  const jobs: GeneratedJob[] = []
  for (const ending of network.endings) {
    for (const family of FAMILIES) {
      for (const method of methods) {
        jobs.push({
          key: jobKey(ending.id, method, family),
          ending: ending.id,
          target: truth.target(ending, family),
          method,
          family,
          options,
          boundMs: traceBoundMs({}),
          errorTokens: Object.fromEntries(truth.errorTokens(ending, family, { method, ...options }))
        })
      }
    }
  }
  return jobs
}

export function jobKey (ending: string, method: TraceMethod, family: Family): string {
  return `${ending}/${method}/${family}`
}

/** Runs the jobs in the node through the fixture: one after another, or in batches at once (batchesAtOnce). */
export async function runJobs (lab: Lab, node: string, mode: GeneratedRun['mode'],
  jobs: GeneratedJob[]): Promise<GeneratedOutcome[]> {
  const groups = mode === 'alone' ? [jobs] : batchesAtOnce(jobs)
  const outcomes: GeneratedOutcome[] = []
  for (const group of groups) {
    const longest = mode === 'alone' ? sum(group.map(j => j.boundMs)) : Math.max(...group.map(j => j.boundMs))
    const result = await lab.exec(node, [process.execPath, GENERATED_TRACES],
      { input: JSON.stringify({ mode, jobs: group }), timeoutMs: longest + FIXTURE_SLACK_MS, env: { ...process.env, DEBUG: DRIVER_LOG } })
    const debug = result.stderr.split('\n').filter(line => line.includes(DRIVER_LOG))
    const batchSize = mode === 'alone' ? 1 : group.length
    outcomes.push(...parseFixture(result, group.length).map(outcome => ({ ...outcome, debug, batchSize })))
  }
  return outcomes
}

/** Runs one job through `peertrace probe --json` (only jobs with the default gap limit: the CLI has no flag yet). */
export async function runCliJob (lab: Lab, node: string, job: GeneratedJob): Promise<GeneratedOutcome> {
  const args = ['probe', '--json', '-M', job.method]
  if (job.options.firstHop !== undefined) args.push('-f', String(job.options.firstHop))
  if (job.options.maxHops !== undefined) args.push('-m', String(job.options.maxHops))
  const started = performance.now()
  const result = await runCli(lab, node, [...args, job.target], { timeoutMs: job.boundMs + FIXTURE_SLACK_MS })
  if (result.code !== 0 || result.stderr !== '') {
    const elapsedMs = performance.now() - started
    return { error: { message: `exit ${String(result.code ?? result.signal)}: ${result.stderr.trim()}` }, elapsedMs, aborted: result.signal !== null, batchSize: 1 }
  }
  // The trace's own time, as the engine measured it on its monotonic clock (the result's durationMs), not the
  // process's: starting node and loading the CLI are no part of the trace, and on a loaded machine they took seconds
  // (CI at a48768e: a loop trace that ended by its own rules was charged 16.6 s of wall time against its 15 s bound).
  const trace = JSON.parse(result.stdout) as TraceResult
  return { result: trace, elapsedMs: trace.durationMs, aborted: false, batchSize: 1 }
}

/**
 * Why the outcome is wrong (undefined when it is right): an error, no end within the bound, or not the truth.
 * `stopAside` forgives a result without the contract's `stop` field (the engine before the contract), to tell how
 * far the rest of it is right.
 */
export function checkOutcome (truth: TraceTruth, outcome: GeneratedOutcome, boundMs: number,
  stopAside = false): string | undefined {
  if ('error' in outcome) return `engine error ${outcome.error.code ?? ''}: ${outcome.error.message}`
  const result = outcome.result
  const got = `got ${showResult(result)}`
  if (outcome.aborted || outcome.elapsedMs > boundMs) {
    return `did not end by itself within its bound of ${boundMs} ms (${Math.round(outcome.elapsedMs)} ms); ${got}`
  }
  const ttls = result.hops.map(h => h.ttl)
  const wantTtls = result.hops.map((_, i) => truth.firstHop + i)
  if (ttls.join() !== wantTtls.join()) return `hops run over TTLs ${ttls.join(',')}, not from ${truth.firstHop} on; ${got}`
  const early = result.hops.slice(0, -1).find(h => h.flag !== undefined)
  if (early !== undefined) return `a flag (${String(early.flag)}) at TTL ${early.ttl}, before the last hop; ${got}`
  const noisySilence = result.hops.find(h => h.addr === null && h.rtts.length > 0)
  if (noisySilence !== undefined) return `silent hop ${noisySilence.ttl} has RTTs; ${got}`
  const reported = reportedOf(result)
  const verdict = stopAside && reported.stop === 'unknown'
    ? truth.paths.map(path => judge(truth, { ...reported, stop: path.stop })).find(v => v.right) ?? judge(truth, reported)
    : judge(truth, reported)
  return verdict.right ? undefined : `${verdict.why ?? ''}; ${got}`
}

/** The engine's result in the form the ground truth is judged in. */
function reportedOf (result: TraceResult): Reported {
  const withStop = result as TraceResult & { stop?: Reported['stop'] }
  const reported: Reported = {
    hops: result.hops.map(h => h.addr ?? SILENT_HOP),
    stop: withStop.stop ?? 'unknown',
    reached: result.reached,
    paris: true,
    runsToMaxHops: false
  }
  const flag = result.hops[result.hops.length - 1]?.flag
  if (flag !== undefined) reported.flag = flag
  if (result.hops.some(h => (h.addrs?.length ?? 0) > 1)) {
    reported.addrs = result.hops.map(h => h.addrs ?? (h.addr === null ? [] : [h.addr]))
  }
  return reported
}

export function showResult (result: TraceResult): string {
  const stop = (result as TraceResult & { stop?: string }).stop ?? 'no stop'
  const flag = result.hops[result.hops.length - 1]?.flag ?? ''
  return `[${result.hops.map(h => h.addr ?? SILENT_HOP).join(' ')}]${flag} ${stop}, reached ${String(result.reached)}`
}

export function showTruth (truth: TraceTruth): string {
  return truth.paths.map((p: TruthPath) => `[${p.hops.join(' ')}]${p.flag ?? ''} ${p.stop}`).join(' or ')
}

/**
 * The engine driver's debug log (src/engine/log.ts), kept with each outcome of runJobs: a trace that fails only on a
 * loaded machine (among 10 at once, beside the whole suite) is then told by what its probes and the other traces'
 * met, when, not only by its result. Each line names its trace `[<n> <target> <method>]`.
 */
const DRIVER_LOG = 'peertrace:engine:driver'

function parseFixture (result: ExecResult, count: number): FixtureOutcome[] {
  if (result.code !== 0) {
    throw new Error(`generated-traces exited ${String(result.code ?? result.signal)}: ${result.stderr.trim().split('\n').filter(l => !l.includes(DRIVER_LOG)).join('\n')}`)
  }
  const outcomes = JSON.parse(result.stdout) as FixtureOutcome[]
  if (outcomes.length !== count) throw new Error(`generated-traces gave ${outcomes.length} outcomes for ${count} jobs`)
  return outcomes
}

/**
 * The jobs in order, in batches of at most TOGETHER whose truths ask no rate-limited node for more than
 * sharedErrorCap errors together; a job that would overdraw its batch starts the next one.
 */
export function batchesAtOnce (jobs: GeneratedJob[]): GeneratedJob[][] {
  const batches: GeneratedJob[][] = []
  let batch: GeneratedJob[] = []
  let asked = new Map<string, number>()
  for (const job of jobs) {
    const cap = sharedErrorCap(job.boundMs)
    const fits = batch.length < TOGETHER &&
      Object.entries(job.errorTokens).every(([node, tokens]) => (asked.get(node) ?? 0) + tokens <= cap)
    if (!fits && batch.length > 0) {
      batches.push(batch)
      batch = []
      asked = new Map()
    }
    batch.push(job)
    for (const [node, tokens] of Object.entries(job.errorTokens)) asked.set(node, (asked.get(node) ?? 0) + tokens)
  }
  if (batch.length > 0) batches.push(batch)
  return batches
}

function sum (values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}
