// The differential check: peertrace, scamper and Linux traceroute trace the same endings of the same generated
// networks (rate limits as drawn), each in its own copy of the lab so no tool spends another's ICMP tokens; each is
// judged against the ground truth, and wherever scamper is right, peertrace must be right too.
// DIFFERENTIAL_DOC=docs/engine-differential.md writes the table; GENERATED_SEEDS=all runs every fixed seed.

import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createLab, requireRoot } from '../harness/index.js'
import type { Family, Lab, TraceMethod, TraceTruth } from '../harness/index.js'
import { generateNetwork, NetworkTruth } from '../harness/generate.js'
import type { GeneratedNetwork } from '../harness/generate.js'
import { runScamper, runTraceroute } from '../harness/reference-tools.js'
import type { ObservedTrace, ToolOptions } from '../harness/reference-tools.js'
import { SeedPipeline, seedPlan, seedsAtOnce } from '../harness/seeds.js'
import { judge } from '../harness/truth-match.js'
import { checkOutcome, jobsOf, runJobs, showResult } from './generated-jobs.js'
import type { GeneratedJob, GeneratedOutcome } from './generated-jobs.js'
import { differentialTable } from './differential-table.js'
import type { DifferentialRow } from './differential-table.js'

/** CI runs the first six fixed seeds and a fresh one (the property test already holds peertrace to the truth on
 * all of them); GENERATED_SEEDS=all runs every fixed seed, for the table. */
const CI_SEEDS = 6
/** Seeds traced side by side (three lab copies each, one per tool). */
const SEEDS_AT_ONCE = seedsAtOnce(3)
const SEED_TIMEOUT_MS = 20 * 60_000
/** scamper at its quickest wait (1 s) and its own 2 attempts; traceroute -q1 -w1, its parallel probes as shipped. */
const TOOL_OPTIONS: ToolOptions = { firstHop: 1, maxHops: 30, gapLimit: 5, waitSeconds: 1 }

interface Trace {
  job: GeneratedJob
  truth: TraceTruth
  kind: string
  peertrace: GeneratedOutcome
  scamper: ObservedTrace
  traceroute: ObservedTrace
}

const plan = seedPlan(CI_SEEDS)

/** Runs every tool over every job, each tool in its own lab built from the same spec, the three side by side. */
async function runSeed (network: GeneratedNetwork): Promise<Trace[]> {
  const truth = new NetworkTruth(network)
  const jobs = jobsOf(network, truth, {})
  const withLab = async <T>(work: (lab: Lab) => Promise<T>): Promise<T> => {
    const lab = await createLab(network.spec)
    try { return await work(lab) } finally { await lab.destroy() }
  }
  const eachJob = async (lab: Lab, tool: typeof runScamper): Promise<ObservedTrace[]> => {
    const observed: ObservedTrace[] = []
    for (const job of jobs) observed.push(await tool(lab, network.source, job.target, job.family, job.method, TOOL_OPTIONS))
    return observed
  }
  const [peertrace, scamper, traceroute] = await Promise.all([
    withLab(async lab => await runJobs(lab, network.source, 'alone', jobs)),
    withLab(async lab => await eachJob(lab, runScamper)),
    withLab(async lab => await eachJob(lab, runTraceroute))
  ])
  return jobs.map((job, i) => {
    const ending = network.endings.find(e => e.id === job.ending)
    if (ending === undefined) throw new Error(`no ending ${job.ending}`)
    return {
      job,
      truth: truth.truth(ending, job.family, { method: job.method }),
      kind: ending.kind,
      peertrace: peertrace[i],
      scamper: scamper[i],
      traceroute: traceroute[i]
    }
  })
}

const TABLE_BEGIN = '<!-- differential table: begin (written by test/engine/differential.test.ts) -->'
const TABLE_END = '<!-- differential table: end -->'

/** The document with the table between its markers replaced (or the table alone, for a new document). */
function withTable (document: string, table: string, seeds: string): string {
  const block = `${TABLE_BEGIN}\nSeeds: ${seeds}.\n\n${table}${TABLE_END}`
  const begin = document.indexOf(TABLE_BEGIN)
  const end = document.indexOf(TABLE_END)
  if (begin < 0 || end < begin) return `${document}${document === '' ? '' : '\n'}${block}\n`
  return document.slice(0, begin) + block + document.slice(end + TABLE_END.length)
}

describe(`engine differential against scamper and traceroute: ${plan.title}`, function () {
  const networks = new Map(plan.seeds.map(seed => [seed, generateNetwork(seed)]))
  const pipeline = new SeedPipeline(plan.seeds, async seed => await runSeed(networks.get(seed) as GeneratedNetwork), SEEDS_AT_ONCE)
  const rows: DifferentialRow[] = []
  const misses = new Map<string, string>()

  before(function () { requireRoot(this) })

  after(function () {
    if (rows.length === 0) return
    const table = differentialTable(rows)
    console.log(table.split('\n').map(line => `      ${line}`).join('\n'))
    for (const [group, why] of misses) console.log(`      first peertrace miss, ${group}: ${why}`)
    const doc = process.env.DIFFERENTIAL_DOC
    if (doc !== undefined && doc !== '') writeFileSync(doc, withTable(existsSync(doc) ? readFileSync(doc, 'utf8') : '', table, plan.title))
  })

  for (const seed of plan.seeds) {
    const network = networks.get(seed) as GeneratedNetwork
    describe(`seed ${seed}: ${network.summary}`, function () {
      let traces: Trace[] | undefined

      before(async function () {
        this.timeout(SEED_TIMEOUT_MS)
        traces = await pipeline.get(seed)
      })

      for (const ending of network.endings) {
        for (const family of [4, 6] as Family[]) {
          for (const method of ['icmp', 'udp'] as TraceMethod[]) {
            it(`${ending.id} ${ending.label}: ${method} IPv${family}: right wherever scamper is`, function () {
              const trace = traces?.find(t => t.job.key === `${ending.id}/${method}/${family}`)
              assert.ok(trace !== undefined, 'the seed did not run')
              const peertraceWhy = checkOutcome(trace.truth, trace.peertrace, trace.job.boundMs)
              const scamperRight = judge(trace.truth, trace.scamper).right
              rows.push({
                kind: trace.kind,
                method,
                runs: {
                  peertrace: { right: peertraceWhy === undefined, ms: trace.peertrace.elapsedMs },
                  scamper: { right: scamperRight, ms: trace.scamper.durationMs },
                  traceroute: { right: judge(trace.truth, trace.traceroute).right, ms: trace.traceroute.durationMs }
                },
                peertraceStopAside: checkOutcome(trace.truth, trace.peertrace, trace.job.boundMs, true) === undefined
              })
              const group = `${trace.kind} ${method}`
              if (peertraceWhy !== undefined && !misses.has(group)) misses.set(group, peertraceWhy)
              if (!scamperRight) return
              assert.ok(peertraceWhy === undefined, `SEED=${seed} ${trace.job.key}: scamper saw the truth, peertrace did not: ` +
                `${peertraceWhy ?? ''}\n  peertrace ${'result' in trace.peertrace ? showResult(trace.peertrace.result) : 'error'}`)
            })
          }
        }
      }
    })
  }
})
