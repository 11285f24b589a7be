// `npm run bench:rtt`: per-hop median RTTs of peertrace (ICMP, UDP) next to traceroute's (-I, UDP) in the same
// lab, IPv4 and IPv6: one trace at a time, then with LOAD_TRACES traces at once in one peertrace process. Prints
// Markdown tables and writes bench/out/rtt.json. Root only; every command runs inside a lab namespace.
//
//   node dist/bench/rtt/run.js [--runs N] [--family 4|6]…

import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLab, labPrerequisiteMissing, line, systemTraceroute } from '../../test/harness/index.js'
import type { Family, Lab } from '../../test/harness/index.js'
import { traceConcurrently } from '../../test/engine/probe-runner.js'
import type { Method, TraceResult } from '../../src/engine/index.js'
import { benchArgs, positiveInteger, runBench, UsageError } from '../cli.js'
import { assertNoNamespaceLeft, formatLoads } from '../host.js'
import { describeMachine, type MachineInfo } from '../probe/machine.js'
import { PEERTRACE_MAIN } from '../probe/tools.js'
import { DEFAULT_RUNS, LOAD_TRACES, OUT_FILE, QUERIES, ROUTERS, RUN_TIMEOUT_MS, SOURCE_NODE } from './constants.js'
import { SamplePool, type HopSamples, type ToolId } from './samples.js'
import { rttTable } from './table.js'

const USAGE = `usage: node dist/bench/rtt/run.js [--runs N] [--family 4|6]…
  --runs N        runs per tool and family (default ${DEFAULT_RUNS})
  --family 4|6    only this address family (default both)
Root only; every command runs inside a lab namespace. Writes ${OUT_FILE}.`

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const TOOLS: ToolId[] = ['peertrace-icmp', 'traceroute-icmp', 'peertrace-udp', 'traceroute-udp']
// The RTT benchmark compares the ICMP and UDP methods with traceroute's.
const METHODS: Array<'icmp' | 'udp'> = ['icmp', 'udp']

interface FamilyResult { family: Family, target: string, idle: SamplePool, loaded: SamplePool }

async function main (): Promise<void> {
  const { runs, families } = select()
  const missing = labPrerequisiteMissing()
  if (missing !== null) throw new Error(`cannot build labs: ${missing}`)
  const startedAt = new Date()
  const lab = await createLab(line(ROUTERS))
  const results: FamilyResult[] = []
  let machine: MachineInfo
  try {
    machine = await describeMachine(lab, SOURCE_NODE, REPO_ROOT)
    process.stdout.write(header(startedAt, machine, runs))
    for (const family of families) {
      const result = await benchFamily(lab, family, runs)
      results.push(result)
      process.stdout.write(`### IPv${family}, target ${result.target}\n\n` +
        rttTable(`One trace at a time (${runs} runs × ${QUERIES} queries per hop)`, result.idle) + '\n' +
        rttTable(`Loaded: ${LOAD_TRACES} peertrace traces at once in one process (${runs} runs); traceroute alone, ` +
          'right after', result.loaded) + '\n')
    }
  } finally {
    await lab.destroy()
  }
  const loadAverageAtEnd = os.loadavg()
  process.stdout.write(`Load average (1, 5, 15 min) at start ${formatLoads(machine.loadAverageAtStart)}, ` +
    `at end ${formatLoads(loadAverageAtEnd)}.\n`)
  const out = join(REPO_ROOT, OUT_FILE)
  await mkdir(dirname(out), { recursive: true })
  await writeFile(out, JSON.stringify({
    date: startedAt.toISOString(),
    machine,
    loadAverageAtEnd,
    method: { runs, queries: QUERIES, routers: ROUTERS, loadTraces: LOAD_TRACES },
    families: results
  }, null, 2) + '\n')
  process.stderr.write(`JSON in ${OUT_FILE}\n`)
  assertNoNamespaceLeft()
}

function select (): { runs: number, families: Family[] } {
  const values = benchArgs(USAGE, { runs: { type: 'string' }, family: { type: 'string', multiple: true } })
  const runs = positiveInteger('--runs', values.runs, DEFAULT_RUNS)
  const families = (values.family ?? ['4', '6']).map(Number)
  if (!families.every((f): f is Family => f === 4 || f === 6)) throw new UsageError('--family takes 4 or 6')
  return { runs, families }
}

/** Every tool once unmeasured (neighbour caches on every link, binaries in the page cache), then the runs. */
async function benchFamily (lab: Lab, family: Family, runs: number): Promise<FamilyResult> {
  const target = lab.addr('dst', family)
  for (const tool of TOOLS) await runTool(lab, tool, family, target)
  const idle = new SamplePool()
  const loaded = new SamplePool()
  for (let run = 1; run <= runs; run++) {
    for (const tool of TOOLS) idle.add(tool, await runTool(lab, tool, family, target), true)
    for (const method of METHODS) {
      for (const trace of await runLoaded(lab, method, family, target)) loaded.add(`peertrace-${method}`, trace, false)
      loaded.add(`traceroute-${method}`, await runTool(lab, `traceroute-${method}`, family, target), false)
    }
    process.stderr.write(`IPv${family}: run ${run}/${runs} done\n`)
  }
  return { family, target, idle, loaded }
}

async function runTool (lab: Lab, tool: ToolId, family: Family, target: string): Promise<HopSamples[]> {
  const method: Method = tool.endsWith('icmp') ? 'icmp' : 'udp'
  if (tool.startsWith('traceroute')) {
    const hops = await systemTraceroute(lab, SOURCE_NODE, target, family,
      { queries: QUERIES, extraArgs: method === 'icmp' ? ['-I'] : [], timeoutMs: RUN_TIMEOUT_MS })
    return hops.map(hop => ({ ttl: hop.ttl, addr: hop.address === '*' ? null : hop.address, rtts: hop.rtts }))
  }
  const argv = [process.execPath, PEERTRACE_MAIN, 'probe', '--json', '-M', method, '-q', String(QUERIES), target]
  const result = await lab.exec(SOURCE_NODE, argv, { timeoutMs: RUN_TIMEOUT_MS })
  if (result.code !== 0) throw new Error(`${argv.slice(1).join(' ')} exited ${String(result.code)}: ${result.stderr}`)
  return hopsOf(JSON.parse(result.stdout) as TraceResult)
}

async function runLoaded (lab: Lab, method: Method, family: Family, target: string): Promise<HopSamples[][]> {
  const jobs = Array.from({ length: LOAD_TRACES }, () => ({ target, method, family, queries: QUERIES }))
  return (await traceConcurrently(lab, SOURCE_NODE, jobs)).map(outcome => {
    if ('error' in outcome) throw new Error(`a loaded ${method} trace failed: ${outcome.error.message}`)
    return hopsOf(outcome)
  })
}

function hopsOf (result: TraceResult): HopSamples[] {
  return result.hops.map(hop => ({ ttl: hop.ttl, addr: hop.addr, rtts: hop.rtts }))
}

function header (startedAt: Date, machine: MachineInfo, runs: number): string {
  return [
    `## RTT benchmark, ${startedAt.toISOString()}`,
    '',
    `${machine.nproc} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}; ` +
      `${machine.tools.traceroute}`,
    `peertrace at commit ${machine.commit}${machine.uncommittedSrcFiles > 0 ? ` with ${machine.uncommittedSrcFiles} uncommitted files under src/` : ''}`,
    `line(${ROUTERS}), one lab for every run; ${runs} runs; every cell: median ms of all samples (their count)`,
    `Load average (1, 5, 15 min) at start: ${formatLoads(machine.loadAverageAtStart)}`,
    '',
    ''
  ].join('\n')
}

await runBench('bench:rtt', main)
