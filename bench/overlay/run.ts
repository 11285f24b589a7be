// `npm run bench:overlay`: what one trace costs the overlay, flood against the two baselines. In-process overlays
// of 8, 32 and 100 libp2p nodes on 127.0.0.1 with a fixed-delay fake prober (each size in a process of its own),
// real peer processes with real probes on the 8-site emulated WAN, and the in-memory simulation's figures.
// Prints Markdown tables and writes bench/out/overlay.json. Root only (the WAN is built in network namespaces).
//
//   node dist/bench/overlay/run.js [--runs N] [--sizes 8,32,100] [--wan-peers 8] [--no-inprocess] [--no-wan] [--no-sim]
//   node dist/bench/overlay/run.js --report bench/out/overlay.json     (the tables of an earlier run, again)

import { spawn } from 'node:child_process'
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLab, labPrerequisiteMissing, line, wan8, type Lab } from '../../test/harness/index.js'
import { describeMachine, type MachineInfo } from '../probe/machine.js'
import {
  DEFAULT_RUNS, IN_PROCESS_SIZES, MERGE_FACTOR, MERGE_SLACK_MS, MESSAGES_PER_EDGE_GOAL, OUT_FILE, PROBE_DELAY_MS,
  SIMULATION_OUT_FILE, WAN_SITES
} from './constants.js'
import type { InProcessResult } from './inprocess.js'
import { summariseSize, summariseWan, type SizeSummary, type WanSummary } from './summary.js'
import {
  goalTable, memoryTable, messageTable, ratioTable, simulationTable, timeTable, wanTable, type SimulationRow
} from './table.js'
import { benchWan, type WanResult } from './wan.js'
import { benchArgs, positiveInteger, runBench, UsageError } from '../cli.js'
import { assertNoNamespaceLeft, formatLoads } from '../host.js'

const USAGE = `usage: node dist/bench/overlay/run.js [--runs N] [--sizes 8,32,100] [--wan-peers 8] [--no-inprocess] [--no-wan] [--no-sim]
       node dist/bench/overlay/run.js --report FILE    (the tables of an earlier run's JSON, again)
  --runs N          traces per size (default ${DEFAULT_RUNS})
  --sizes LIST      in-process overlay sizes (default ${IN_PROCESS_SIZES.join(',')})
  --wan-peers LIST  peers on the emulated WAN (default ${WAN_SITES})
  --no-inprocess, --no-wan, --no-sim   leave that part out
Root only (the WAN is built in network namespaces). Writes ${OUT_FILE}.`

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const HERE = dirname(fileURLToPath(import.meta.url))

interface Options {
  runs: number
  sizes: number[]
  wanPeers: number[]
  inProcess: boolean
  wan: boolean
  simulation: boolean
  /** Print the tables of an earlier run's JSON instead of measuring. */
  report?: string
}

/** What one benchmark run measured: bench/out/overlay.json, from which the tables can be printed again. */
interface BenchRecord {
  date: string
  elapsedS: number
  machine: MachineInfo
  loadAverageAtEnd: number[]
  method: { runs: number, probeDelayMs: number, goals: Record<string, number> }
  inProcess: { summaries: SizeSummary[], results: InProcessResult[] }
  wan: { summaries: WanSummary[], results: WanResult[] }
  simulation?: { rows: SimulationRow[] } & Record<string, unknown>
}

async function main (): Promise<void> {
  const options = select()
  if (options.report !== undefined) {
    // Summaries are computed again from the raw runs, so a change to the tables needs no new measurement.
    process.stdout.write(report(JSON.parse(await readFile(options.report, 'utf8')) as BenchRecord))
    return
  }
  const missing = labPrerequisiteMissing()
  if (missing !== null) throw new Error(`cannot build labs: ${missing}`)
  const startedAt = new Date()
  const started = performance.now()
  const loadAverageAtStart = os.loadavg()

  const inProcess: InProcessResult[] = []
  if (options.inProcess) {
    for (const peers of options.sizes) inProcess.push(await inChildProcess(peers, options.runs))
  }

  let machine: MachineInfo | undefined
  const wan: WanResult[] = []
  for (const peers of options.wan ? options.wanPeers : []) {
    const lab = await createLab(wan8())
    try {
      machine ??= await describeMachine(lab, 'h1', REPO_ROOT)
      wan.push(await benchWan(lab, peers, options.runs))
    } finally {
      await lab.destroy()
    }
  }
  machine ??= await withLab(async lab => await describeMachine(lab, 'src', REPO_ROOT))

  const simulation = options.simulation ? await runSimulation() : undefined

  const record: BenchRecord = {
    date: startedAt.toISOString(),
    elapsedS: Math.round((performance.now() - started) / 1000),
    machine: { ...machine, loadAverageAtStart },
    loadAverageAtEnd: os.loadavg(),
    method: {
      runs: options.runs,
      probeDelayMs: PROBE_DELAY_MS,
      goals: { mergeFactor: MERGE_FACTOR, mergeSlackMs: MERGE_SLACK_MS, messagesPerEdge: MESSAGES_PER_EDGE_GOAL }
    },
    inProcess: { summaries: inProcess.map(summariseSize), results: inProcess },
    wan: { summaries: wan.map(summariseWan), results: wan },
    simulation
  }
  process.stdout.write(report(record))
  const out = join(REPO_ROOT, OUT_FILE)
  await mkdir(dirname(out), { recursive: true })
  await writeFile(out, JSON.stringify(record, null, 2) + '\n')
  process.stderr.write(`done in ${record.elapsedS} s; JSON in ${OUT_FILE}\n`)
  assertNoNamespaceLeft()
}

function select (): Options {
  const values = benchArgs(USAGE, {
    runs: { type: 'string', default: String(DEFAULT_RUNS) },
    sizes: { type: 'string', default: IN_PROCESS_SIZES.join(',') },
    'wan-peers': { type: 'string', default: String(WAN_SITES) },
    'no-inprocess': { type: 'boolean', default: false },
    'no-wan': { type: 'boolean', default: false },
    'no-sim': { type: 'boolean', default: false },
    report: { type: 'string' }
  })
  const list = (text: string | undefined, what: string): number[] => {
    const numbers = (text ?? '').split(',').map(Number)
    if (numbers.some(n => !Number.isInteger(n) || n < 2)) throw new UsageError(`${what} takes a comma-separated list of integers >= 2 (got '${text ?? ''}')`)
    return numbers
  }
  const runs = positiveInteger('--runs', values.runs, DEFAULT_RUNS)
  return {
    runs,
    sizes: list(values.sizes, '--sizes'),
    wanPeers: list(values['wan-peers'], '--wan-peers'),
    inProcess: values['no-inprocess'] !== true,
    wan: values['no-wan'] !== true,
    simulation: values['no-sim'] !== true,
    report: values.report
  }
}

/** One in-process size in a process of its own (`--expose-gc`, so the memory figures are after a full GC). */
async function inChildProcess (peers: number, runs: number): Promise<InProcessResult> {
  const dir = await mkdtemp(join(os.tmpdir(), 'peertrace-bench-overlay-'))
  const out = join(dir, `${peers}.json`)
  try {
    await runChild([process.execPath, '--expose-gc', join(HERE, 'inprocess.js'), '--peers', String(peers), '--runs', String(runs), '--out', out])
    return JSON.parse(await readFile(out, 'utf8')) as InProcessResult
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function runSimulation (): Promise<{ rows: SimulationRow[] } & Record<string, unknown>> {
  await runChild([process.execPath, join(HERE, 'simulate.js')])
  return JSON.parse(await readFile(join(REPO_ROOT, SIMULATION_OUT_FILE), 'utf8')) as { rows: SimulationRow[] }
}

/** Runs a command with its output on our stderr (progress); rejects unless it exits 0; killed if we are. */
async function runChild (argv: string[]): Promise<void> {
  const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', process.stderr, process.stderr] })
  const kill = (): void => { child.kill('SIGTERM') }
  process.once('SIGINT', kill)
  process.once('SIGTERM', kill)
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject)
      child.once('exit', resolve)
    })
    if (code !== 0) throw new Error(`${argv.slice(1).join(' ')} exited ${String(code)}`)
  } finally {
    process.off('SIGINT', kill)
    process.off('SIGTERM', kill)
  }
}

async function withLab<T> (use: (lab: Lab) => Promise<T>): Promise<T> {
  const lab = await createLab(line(1))
  try {
    return await use(lab)
  } finally {
    await lab.destroy()
  }
}

function report (record: BenchRecord): string {
  const { machine } = record
  const sizes = record.inProcess.results.map(summariseSize)
  const wan = record.wan.results.map(summariseWan)
  const simulation = record.simulation?.rows ?? []
  const parts = [
    `### overlay benchmark, ${record.date}`,
    '',
    `${machine.nproc} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}`,
    `peertrace at commit ${machine.commit}${machine.uncommittedSrcFiles > 0 ? ` with ${machine.uncommittedSrcFiles} uncommitted files under src/` : ''}`,
    `${record.method.runs} runs per design and size; fake prober ${record.method.probeDelayMs} ms in-process; ` +
      `load average at start ${formatLoads(machine.loadAverageAtStart)}, at end ${formatLoads(record.loadAverageAtEnd)}; ${record.elapsedS} s in all`,
    ''
  ]
  if (sizes.length > 0) {
    parts.push(`#### In-process overlays, fixed-delay fake prober (${record.method.probeDelayMs} ms)`, '', timeTable(sizes), ratioTable(sizes), messageTable(sizes))
  }
  for (const w of wan) parts.push(`#### ${w.peers} peer processes on the emulated WAN, real probes`, '', wanTable(w))
  if (sizes.length > 0 || wan.length > 0) parts.push('#### Memory and CPU', '', memoryTable(sizes, wan), '#### Goals', '', goalTable(sizes, wan))
  if (simulation.length > 0) parts.push('#### In-memory simulation (bench/overlay/simulate.js)', '', simulationTable(simulation))
  return parts.join('\n') + '\n'
}

await runBench('bench:overlay', main)
