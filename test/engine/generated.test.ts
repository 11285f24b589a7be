// The engine on networks drawn at random (test/harness/generate.ts): for every seed one network with several
// endings, every ending traced with ICMP and UDP over both families, each trace alone and ten at once on one
// ProbeEngine (fewer where ten would ask a rate-limited router for more errors than it sends them within their bound:
// generated-jobs.ts batchesAtOnce), one of them also through `peertrace probe --json`; each must end by itself
// within its bound and equal the ground truth exactly (with ECMP, one of the true paths). A fixed list of seeds plus
// one fresh seed per run, named in the title; SEED=<n> replays one seed alone.

import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createLab, requireRoot } from '../harness/index.js'
import type { Family, Lab, TraceMethod } from '../harness/index.js'
import { generateNetwork, NetworkTruth } from '../harness/generate.js'
import type { GeneratedNetwork } from '../harness/generate.js'
import { SeedPipeline, seedPlan, seedsAtOnce } from '../harness/seeds.js'
import {
  batchesAtOnce, checkOutcome, describeOptions, drawTraceOptions, jobKey, jobsOf, runCliJob, runJobs, showTruth
} from './generated-jobs.js'
import type { GeneratedJob, GeneratedOutcome } from './generated-jobs.js'

/** Seeds traced at once (four or five lab copies each): the traces mostly wait, so they overlap well on two cores. */
const SEEDS_AT_ONCE = seedsAtOnce(6)
/**
 * ICMP and UDP. With tcp as well, the ten-at-once batches put three traces of one ending through the same
 * rate-limited router (a burst of 6 errors per destination, then 1 a second), and 6 of 1,460 checks in one full run
 * got `*` there within the trace's bound (seeds 39596, 102948, 213814, IPv4): the limit of sharing a 1/s bucket, not a
 * wrong path. tcp is checked against ground truth and `traceroute -T` in tcp.test.ts, and in the line and ECMP suites.
 * PEERTRACE_GENERATED_METHODS=icmp,udp,tcp runs it here too (the tcp work ran 10 seeds so, 30/30 each).
 */
const METHODS: TraceMethod[] = (process.env.PEERTRACE_GENERATED_METHODS ?? 'icmp,udp').split(',').map(method => {
  if (method !== 'icmp' && method !== 'udp' && method !== 'tcp') throw new Error(`PEERTRACE_GENERATED_METHODS: unknown method '${method}'`)
  return method
})
const FAMILIES: Family[] = [4, 6]
/** A seed's lab waits its turn behind the others: generous, the traces inside have their own bounds. */
const SEED_TIMEOUT_MS = 15 * 60_000

/** Where a wrong trace's driver log is kept (git-ignored test-output/), named in the failure. */
const DEBUG_DIR = 'test-output/generated-debug'

/** Writes the driver log of a wrong trace's batch to DEBUG_DIR; the words that name the file for the failure's message. */
function keepDebug (seed: number, key: string, mode: string, outcome: GeneratedOutcome): string {
  if (outcome.debug === undefined || outcome.debug.length === 0) return ''
  const file = `${DEBUG_DIR}/seed-${seed}-${key.replaceAll('/', '-')}-${mode.replace(/\W+/g, '-')}.log`
  mkdirSync(DEBUG_DIR, { recursive: true })
  writeFileSync(file, outcome.debug.join('\n') + '\n')
  return ` (the driver's log of its batch: ${file})`
}

interface SeedRun {
  jobs: GeneratedJob[]
  alone: Map<string, GeneratedOutcome>
  together: Map<string, GeneratedOutcome>
  cli: { key: string, outcome: GeneratedOutcome } | undefined
}

const plan = seedPlan()

/**
 * Runs every job of the seed, per family in copies of its lab (a build costs a third of a second): all alone, one
 * after another, in one copy; all ten at once in another; one through the CLI in a third. Each copy is destroyed after.
 */
async function runSeed (seed: number, network: GeneratedNetwork): Promise<SeedRun> {
  const truth = new NetworkTruth(network)
  const jobs = jobsOf(network, truth, drawTraceOptions(seed), METHODS)
  const cliCandidates = jobs.filter(job => job.options.gapLimit === undefined)
  const cliJob = cliCandidates.length === 0 ? undefined : cliCandidates[seed % cliCandidates.length]
  const inLab = async <T>(work: (lab: Lab) => Promise<T>): Promise<T> => {
    const lab = await createLab(network.spec)
    try { return await work(lab) } finally { await lab.destroy() }
  }
  const alone = new Map<string, GeneratedOutcome>()
  const together = new Map<string, GeneratedOutcome>()
  let cli: SeedRun['cli']
  await Promise.all(FAMILIES.flatMap(family => {
    const mine = jobs.filter(job => job.family === family)
    const record = (into: Map<string, GeneratedOutcome>) => (outcomes: GeneratedOutcome[]): void => {
      outcomes.forEach((outcome, i) => into.set(mine[i].key, outcome))
    }
    return [
      inLab(async lab => { record(alone)(await runJobs(lab, network.source, 'alone', mine)) }),
      // The CLI is a process of its own: in a copy of its own, so no earlier process has emptied a router's bucket
      // (a drain from outside a process, which no prober can tell from a silent router).
      ...(cliJob?.family === family
        ? [inLab(async lab => { cli = { key: cliJob.key, outcome: await runCliJob(lab, network.source, cliJob) } })]
        : []),
      // Each batch at once in a copy of its own, one after another: a router's ICMP bucket per source carries over
      // from one process to the next, and batchesAtOnce fits a batch to full buckets. In one copy, a batch met the
      // buckets the batch before had emptied, a drain from outside its process (fresh seed 1393149587, IPv4: the
      // first batch asked r2 for its cap of 10 tokens, and the second, a loop through r2 traced twice at once right
      // after, came back `[* r1 * r1]` for `[r2 r1 r2]`).
      (async () => {
        for (const batch of batchesAtOnce(mine)) {
          await inLab(async lab => {
            const outcomes = await runJobs(lab, network.source, 'together', batch)
            outcomes.forEach((outcome, i) => together.set(batch[i].key, outcome))
          })
        }
      })()
    ]
  }))
  return { jobs, alone, together, cli }
}

describe(`engine on generated networks: ${plan.title}; bound: traceBoundMs() of the engine`, function () {
  const networks = new Map(plan.seeds.map(seed => [seed, generateNetwork(seed)]))
  const pipeline = new SeedPipeline(plan.seeds, async seed => await runSeed(seed, networks.get(seed) as GeneratedNetwork), SEEDS_AT_ONCE)

  const tally = new Map<string, { right: number, total: number }>()

  before(function () { requireRoot(this) })

  after(function () {
    if (tally.size === 0) return
    console.log('      right/total per ending kind and mode:')
    for (const [row, { right, total }] of [...tally.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      console.log(`        ${row}: ${right}/${total}`)
    }
  })

  for (const seed of plan.seeds) {
    const network = networks.get(seed) as GeneratedNetwork
    const truth = new NetworkTruth(network)
    const options = drawTraceOptions(seed)
    describe(`seed ${seed}: ${network.summary}; ${describeOptions(options)}`, function () {
      let run: SeedRun | undefined

      before(async function () {
        this.timeout(SEED_TIMEOUT_MS)
        run = await pipeline.get(seed)
      })

      for (const ending of network.endings) {
        for (const family of FAMILIES) {
          for (const method of METHODS) {
            it(`${ending.id} ${ending.label}: ${method} IPv${family}`, function () {
              assert.ok(run !== undefined, 'the seed did not run')
              const key = jobKey(ending.id, method, family)
              const job = run.jobs.find(j => j.key === key) as GeneratedJob
              const want = truth.truth(ending, family, { method, ...options })
              const failures: string[] = []
              const check = (mode: string, outcome: GeneratedOutcome | undefined): void => {
                if (outcome === undefined) return
                const why = checkOutcome(want, outcome, job.boundMs)
                const shown = mode === 'at once' ? `among ${outcome.batchSize} at once` : mode
                if (why !== undefined) failures.push(`${shown}: ${why}${keepDebug(seed, key, shown, outcome)}`)
                const row = tally.get(`${ending.kind}, ${mode}`) ?? { right: 0, total: 0 }
                tally.set(`${ending.kind}, ${mode}`, { right: row.right + (why === undefined ? 1 : 0), total: row.total + 1 })
              }
              check('alone', run.alone.get(key))
              check('at once', run.together.get(key))
              if (run.cli?.key === key) check('peertrace probe --json', run.cli.outcome)
              assert.ok(failures.length === 0,
                `SEED=${seed} ${key} to ${job.target}\n  truth: ${showTruth(want)}\n  ${failures.join('\n  ')}`)
            })
          }
        }
      }
    })
  }
})
