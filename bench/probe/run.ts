// `npm run bench:probe`: peertrace against traceroute, mtr and scamper on the same emulated topologies, with a
// fresh lab per run so every run starts from full ICMP rate-limit buckets and empty neighbour caches. Prints
// Markdown tables and writes bench/out/probe.json. Root only; every command runs inside a lab namespace.
//
//   node dist/bench/probe/run.js [--runs N] [--scenario id]… [--tool id]…

import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLab, installProbeCounters, labPrerequisiteMissing, line, probesOf, readProbeCounters } from '../../test/harness/index.js'
import { SILENT_HOP } from '../../test/harness/index.js'
import type { ExecResult, GroundTruth, Lab, ProbeCount } from '../../test/harness/index.js'
import { DEFAULT_RUNS, OUT_FILE, ROUTERS, RUN_TIMEOUT_MS, SOURCE_NODE, WAIT_CAP_SECONDS } from './constants.js'
import { describeMachine } from './machine.js'
import type { MachineInfo } from './machine.js'
import { SCENARIOS } from './scenarios.js'
import type { Scenario } from './scenarios.js'
import { compare, stats, summarise } from './summary.js'
import type { RunRecord } from './summary.js'
import { baselineTable, scenarioTable } from './table.js'
import type { Baseline, ScenarioResult } from './table.js'
import { PEERTRACE_MAIN, TOOLS } from './tools.js'
import type { ProbeMethod, Tool } from './tools.js'
import { judge } from './verdict.js'
import type { ReportedTrace } from './reported-trace.js'
import { benchArgs, positiveInteger, runBench, UsageError } from '../cli.js'
import { assertNoNamespaceLeft, formatLoads } from '../host.js'

const USAGE = `usage: node dist/bench/probe/run.js [--runs N] [--scenario id]… [--tool id]…
  --runs N        runs per tool and scenario (default ${DEFAULT_RUNS}), a fresh lab each
  --scenario id   only these scenarios (${SCENARIOS.map(s => s.id).join(', ')})
  --tool id       only these tools (${TOOLS.map(t => t.id).join(', ')})
Root only. Prints Markdown tables and writes ${OUT_FILE}.`

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

interface Selection {
  runs: number
  scenarios: readonly Scenario[]
  tools: readonly Tool[]
}

async function main (): Promise<void> {
  const selection = select()
  const missing = labPrerequisiteMissing()
  if (missing !== null) throw new Error(`cannot build labs: ${missing}`)
  const startedAt = new Date()
  const started = performance.now()

  const { machine, baselines } = await measureMachine(selection.runs)
  process.stdout.write(`${header(startedAt, machine, selection)}\n${baselineTable(baselines)}\n`)

  const results: ScenarioResult[] = []
  for (const scenario of selection.scenarios) {
    const result = await benchScenario(scenario, selection)
    results.push(result)
    process.stdout.write(scenarioTable(result) + '\n')
  }

  const elapsedS = Math.round((performance.now() - started) / 1000)
  const loadAverageAtEnd = os.loadavg()
  process.stdout.write(`Load average (1, 5, 15 min) at start ${formatLoads(machine.loadAverageAtStart)}, ` +
    `at end ${formatLoads(loadAverageAtEnd)}; ${elapsedS} s in all.\n`)
  const out = join(REPO_ROOT, OUT_FILE)
  await mkdir(dirname(out), { recursive: true })
  await writeFile(out, JSON.stringify({
    date: startedAt.toISOString(),
    elapsedS,
    machine,
    loadAverageAtEnd,
    method: {
      runsPerTool: selection.runs,
      routers: ROUTERS,
      waitCapSeconds: WAIT_CAP_SECONDS,
      labPerRun: true,
      probeCounting: 'iptables OUTPUT counters in the source namespace: udp, icmp echo-request and tcp SYN to the target'
    },
    tools: selection.tools.map(tool => ({ id: tool.id, label: tool.label, method: tool.method, ours: tool.ours })),
    baselines,
    scenarios: results
  }, null, 2) + '\n')
  process.stderr.write(`done in ${elapsedS} s; JSON in ${OUT_FILE}\n`)
  assertNoNamespaceLeft()
}

function select (): Selection {
  const values = benchArgs(USAGE, {
    runs: { type: 'string' },
    scenario: { type: 'string', multiple: true },
    tool: { type: 'string', multiple: true }
  })
  const runs = positiveInteger('--runs', values.runs, DEFAULT_RUNS)
  const pick = <T extends { id: string, optional?: boolean }>(all: readonly T[], ids: string[] | undefined,
    what: string): readonly T[] => {
    if (ids === undefined) return all.filter(item => item.optional !== true)
    const unknown = ids.filter(id => !all.some(item => item.id === id))
    if (unknown.length > 0) throw new UsageError(`unknown ${what}: ${unknown.join(', ')} (known: ${all.map(i => i.id).join(', ')})`)
    return all.filter(item => ids.includes(item.id))
  }
  return { runs, scenarios: pick(SCENARIOS, values.scenario, 'scenario'), tools: pick(TOOLS, values.tool, 'tool') }
}

/** Machine description, warm caches for every binary, and the start-up costs included in every wall time. */
async function measureMachine (runs: number): Promise<{ machine: MachineInfo, baselines: Baseline[] }> {
  const lab = await createLab(line(1))
  try {
    const machine = await describeMachine(lab, SOURCE_NODE, REPO_ROOT)
    const commands: Array<[string, string[]]> = [
      ['ip netns exec <ns> true', ['true']],
      ['node -e ""', [process.execPath, '-e', '']],
      ['node dist/src/cli/main.js --version', [process.execPath, PEERTRACE_MAIN, '--version']]
    ]
    const baselines: Baseline[] = []
    for (const [what, argv] of commands) {
      await lab.exec(SOURCE_NODE, argv)
      const samples: number[] = []
      for (let run = 0; run < runs; run++) samples.push((await timed(lab, argv)).wallMs)
      baselines.push({ what, ms: stats(samples) })
    }
    return { machine, baselines }
  } finally {
    await lab.destroy()
  }
}

async function benchScenario (scenario: Scenario, selection: Selection): Promise<ScenarioResult> {
  const records = new Map<string, RunRecord[]>(selection.tools.map(tool => [tool.id, []]))
  let target: string | undefined
  // The truth can differ by method (a firewall that drops UDP and echo requests lets a TCP SYN through).
  const truths = new Map<ProbeMethod, GroundTruth>()
  const tools = selection.tools.filter(tool => scenario.concurrency === undefined || !tool.ours || tool.concurrentArgv !== undefined)
  for (const tool of selection.tools) if (!tools.includes(tool)) records.delete(tool.id)
  for (let run = 1; run <= selection.runs; run++) {
    for (const tool of tools) {
      const outcome = await runOnce(scenario, tool, run)
      records.get(tool.id)?.push(outcome.record)
      target = outcome.target
      truths.set(tool.method, outcome.truth)
    }
    process.stderr.write(`${scenario.id}: run ${run}/${selection.runs} of every tool done\n`)
  }
  if (target === undefined) throw new Error('no run happened')
  const rows = tools.map(tool => summarise(tool, records.get(tool.id) ?? []))
  compare(rows)
  const judgedAgainst = [...truths].map(([method, truth]) => ({ method, ...truth }))
  return { id: scenario.id, title: scenario.title, target, truths: judgedAgainst, rows }
}

/** One tool, one run, one new lab: the same starting state for every tool. */
async function runOnce (scenario: Scenario, tool: Tool, run: number):
Promise<{ record: RunRecord, target: string, truth: GroundTruth }> {
  const lab = await createLab(scenario.spec)
  try {
    const target = scenario.target(lab)
    const truth = scenario.traceTruth === true ? traceGroundTruth(lab, target, tool.method) : lab.truth(SOURCE_NODE, target, 4)
    await installProbeCounters(lab, SOURCE_NODE, target)
    const { outputs, wallMs } = await traced(lab, scenario, tool, target)
    const counters = await readProbeCounters(lab, SOURCE_NODE, target)
    return { record: assess(scenario, tool, run, wallMs, counters, outputs, truth), target, truth }
  } finally {
    await lab.destroy()
  }
}

/** A trace's silent rows after its last answer dropped: where a path ends in silence, tools differ only there. */
function trimSilentTail (reported: ReportedTrace): ReportedTrace {
  const hops = [...reported.hops]
  while (hops.length > 0 && (hops.at(-1)?.addrs.length ?? 0) === 0) hops.pop()
  return { ...reported, hops }
}

/** The lab's trace truth for this method, in the judge's shape; trailing silence cut at the last answer. */
function traceGroundTruth (lab: Lab, target: string, method: ProbeMethod): GroundTruth {
  const truth = lab.traceTruth(SOURCE_NODE, target, 4, { method })
  const paths = truth.paths.map(path => {
    const hops = [...path.hops]
    if (path.stop === 'gap' || path.stop === 'max-hops') while (hops.at(-1) === SILENT_HOP) hops.pop()
    return hops
  })
  const flag = truth.paths[0]?.flag
  const reached = truth.paths[0]?.reached ?? false
  return flag === undefined ? { paths, reached } : { paths, flag, reached }
}

/**
 * The tool's traces of the target: one, or for a concurrent scenario N at once (peertrace: N in its one engine;
 * a reference tool: N processes started together). Each trace's output, split out, and the wall time of all.
 */
async function traced (lab: Lab, scenario: Scenario, tool: Tool, target: string):
Promise<{ outputs: ExecResult[], wallMs: number }> {
  const count = scenario.concurrency
  if (count === undefined) {
    const { result, wallMs } = await timed(lab, tool.argv(target))
    return { outputs: [result], wallMs }
  }
  const start = performance.now()
  if (tool.concurrentArgv !== undefined) {
    const result = await lab.exec(SOURCE_NODE, tool.concurrentArgv(target, count), { timeoutMs: RUN_TIMEOUT_MS })
    const wallMs = performance.now() - start
    const lines = result.stdout.trim().split('\n')
    if (result.code !== 0 || lines.length !== count) return { outputs: [result], wallMs }
    return { outputs: lines.map(line => ({ ...result, stdout: line })), wallMs }
  }
  const outputs = await Promise.all(Array.from({ length: count },
    async () => await lab.exec(SOURCE_NODE, tool.argv(target), { timeoutMs: RUN_TIMEOUT_MS })))
  return { outputs, wallMs: performance.now() - start }
}

async function timed (lab: Lab, argv: string[]): Promise<{ result: ExecResult, wallMs: number }> {
  const start = performance.now()
  const result = await lab.exec(SOURCE_NODE, argv, { timeoutMs: RUN_TIMEOUT_MS })
  return { result, wallMs: performance.now() - start }
}

/** Right only when every trace of the run is right; in-process time is the slowest trace's, probes the sum. */
function assess (scenario: Scenario, tool: Tool, run: number, wallMs: number, counters: ProbeCount,
  outputs: ExecResult[], truth: GroundTruth): RunRecord {
  const record: RunRecord = { run, wallMs, probes: probesOf(counters), counters, right: false }
  if (counters.all !== record.probes) {
    process.stderr.write(`${tool.id} run ${run}: ${counters.all - record.probes} packets to the target were neither udp, echo nor tcp SYN\n`)
  }
  const wrong: string[] = []
  for (const [i, result] of outputs.entries()) {
    try {
      if (result.code !== 0) throw new Error(`exit ${String(result.code ?? result.signal)}: ${result.stderr.trim().split('\n')[0]}`)
      const reported = tool.parse(result.stdout)
      if (reported.inProcessMs !== undefined) record.inProcessMs = Math.max(record.inProcessMs ?? 0, reported.inProcessMs)
      if (reported.selfReportedProbes !== undefined) {
        record.selfReportedProbes = (record.selfReportedProbes ?? 0) + reported.selfReportedProbes
      }
      const verdict = judge(scenario.traceTruth === true ? trimSilentTail(reported) : reported, truth, tool.reportsFlags)
      if (!verdict.right) wrong.push(`${outputs.length > 1 ? `trace ${i + 1}: ` : ''}${verdict.why ?? 'wrong'}`)
    } catch (error) {
      wrong.push((error as Error).message)
    }
  }
  record.right = wrong.length === 0
  if (!record.right) {
    record.why = wrong.join('; ')
    record.stdout = outputs.map(result => result.stdout).join('\n')
    record.stderr = outputs.map(result => result.stderr).join('\n')
  }
  return record
}

function header (startedAt: Date, machine: MachineInfo, selection: Selection): string {
  return [
    `## probe benchmark, ${startedAt.toISOString()}`,
    '',
    `${machine.nproc} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}`,
    `${Object.values(machine.tools).join('; ')}`,
    `peertrace at commit ${machine.commit}${machine.uncommittedSrcFiles > 0 ? ` with ${machine.uncommittedSrcFiles} uncommitted files under src/` : ''}`,
    `${selection.runs} runs per tool and scenario, a fresh lab per run, wait cap ${WAIT_CAP_SECONDS} s for every tool`,
    `Load average (1, 5, 15 min) at start: ${formatLoads(machine.loadAverageAtStart)}`,
    ''
  ].join('\n')
}

await runBench('bench:probe', main)
