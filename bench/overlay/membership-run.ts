// `npm run bench:membership`: formation, degrees, healing after a split of the core and coverage under churn, with
// 8 × perSite real peer processes on the emulated 8-site WAN (bench/overlay/membership.ts); a new lab per run.
// Prints Markdown tables and writes bench/out/membership.json. Root only.
//
//   node dist/bench/overlay/membership-run.js [--runs 3] [--per-site 4,8]
//   node dist/bench/overlay/membership-run.js --per-site 8 --runs 2 --out bench/out/membership-64.json
//   node dist/bench/overlay/membership-run.js --report bench/out/membership.json[,bench/out/membership-64.json]
//     (the tables of earlier runs, again; several files are reported as one, with the first one's machine)

import { mkdir, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLab, labPrerequisiteMissing, wan8 } from '../../test/harness/index.js'
import { benchArgs, positiveInteger, runBench, UsageError } from '../cli.js'
import { assertNoNamespaceLeft, formatLoads } from '../host.js'
import { describeMachine, type MachineInfo } from '../probe/machine.js'
import { MEMBERSHIP_PER_SITE, MEMBERSHIP_RUNS, MEMBERSHIP_SEED, WAN_SITES } from './constants.js'
import { benchMembership, type MembershipRun } from './membership.js'
import { membershipTables } from './membership-report.js'

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const OUT_FILE = 'bench/out/membership.json'
const USAGE = `usage: node dist/bench/overlay/membership-run.js [--runs N] [--per-site LIST] [--out FILE]
       node dist/bench/overlay/membership-run.js --report FILE[,FILE…]   (the tables of earlier runs, again, as one)
  --runs N          runs per size (default ${MEMBERSHIP_RUNS}), a new lab each
  --per-site LIST   peers per site of the 8-site WAN (default ${MEMBERSHIP_PER_SITE.join(',')})
  --out FILE        the JSON record (default ${OUT_FILE})
Root only.`

interface MembershipRecord {
  date: string
  elapsedS: number
  machine: MachineInfo
  loadAverageAtEnd: number[]
  runsPerSize: number
  runs: MembershipRun[]
  /** Runs that did not finish, and why. */
  failures?: string[]
}

async function main (): Promise<void> {
  const values = benchArgs(USAGE, {
    runs: { type: 'string', default: String(MEMBERSHIP_RUNS) },
    'per-site': { type: 'string', default: MEMBERSHIP_PER_SITE.join(',') },
    out: { type: 'string', default: OUT_FILE },
    report: { type: 'string' }
  })
  if (values.report !== undefined) {
    const records = await Promise.all(values.report.split(',').map(async file => JSON.parse(await readFile(file, 'utf8')) as MembershipRecord))
    const first = records[0] as MembershipRecord
    process.stdout.write(report({
      ...first, runs: records.flatMap(r => r.runs), failures: records.flatMap(r => r.failures ?? []), elapsedS: records.reduce((sum, r) => sum + r.elapsedS, 0)
    }))
    return
  }
  const runsPerSize = positiveInteger('--runs', values.runs, MEMBERSHIP_RUNS)
  const perSite = (values['per-site'] ?? '').split(',').map(Number)
  if (perSite.some(n => !Number.isInteger(n) || n < 1)) {
    throw new UsageError(`--per-site takes a comma-separated list of positive integers (got '${values['per-site'] ?? ''}')`)
  }
  const missing = labPrerequisiteMissing()
  if (missing !== null) throw new Error(`cannot build labs: ${missing}`)

  const date = new Date().toISOString()
  const started = performance.now()
  const loadAverageAtStart = os.loadavg()
  let machine: MachineInfo | undefined
  const runs: MembershipRun[] = []
  const failures: string[] = []
  const out = join(REPO_ROOT, values.out ?? OUT_FILE)
  await mkdir(dirname(out), { recursive: true })
  const record = (): MembershipRecord => ({
    date,
    elapsedS: Math.round((performance.now() - started) / 1000),
    machine: { ...(machine as MachineInfo), loadAverageAtStart },
    loadAverageAtEnd: os.loadavg(),
    runsPerSize,
    runs,
    failures
  })
  for (const n of perSite) {
    for (let run = 0; run < runsPerSize; run++) {
      process.stderr.write(`${n * WAN_SITES} peers, run ${run + 1}/${runsPerSize}\n`)
      const lab = await createLab(wan8())
      try {
        machine ??= await describeMachine(lab, 'h1', REPO_ROOT)
        runs.push(await benchMembership(lab, n, run, MEMBERSHIP_SEED + run))
      } catch (err) {
        // A run that could not finish (a peer that did not start in time) is reported, and the next one tried.
        failures.push(`${n * WAN_SITES} peers, run ${run + 1}: ${(err as Error).message.split('\n')[0]}`)
        process.stderr.write(`  failed: ${failures.at(-1)}\n`)
      } finally {
        await lab.destroy()
      }
      // Written after every run, so that a later failure loses nothing.
      if (machine !== undefined) await writeFile(out, JSON.stringify(record(), null, 2) + '\n')
    }
  }
  if (machine === undefined) throw new Error('nothing was measured')
  process.stdout.write(report(record()))
  process.stderr.write(`done in ${record().elapsedS} s; JSON in ${out}\n`)
  assertNoNamespaceLeft()
}

function sizes (runs: MembershipRun[]): string {
  const counts = new Map<number, number>()
  for (const run of runs) counts.set(run.peers, (counts.get(run.peers) ?? 0) + 1)
  return [...counts].map(([peers, n]) => `${n} runs of ${peers} peers`).join(', ')
}

function report (record: MembershipRecord): string {
  const { machine } = record
  return [
    `### membership benchmark, ${record.date}`,
    '',
    `${machine.nproc} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}`,
    `peertrace at commit ${machine.commit}${machine.uncommittedSrcFiles > 0 ? ` with ${machine.uncommittedSrcFiles} uncommitted files under src/` : ''}`,
    `${sizes(record.runs)}, a new lab each run; load average at start ${formatLoads(machine.loadAverageAtStart)}, ` +
      `at end ${formatLoads(record.loadAverageAtEnd)}; ${record.elapsedS} s in all`,
    ...(record.failures ?? []).map(failure => `- not finished: ${failure}`),
    '',
    membershipTables(record.runs)
  ].join('\n')
}

await runBench('bench:membership', main)
