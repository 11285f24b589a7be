// The engine on networks drawn at random (test/harness/generate.ts): for every seed one lab with several endings,
// every ending traced with both methods over both families, each trace alone and ten at once on one ProbeEngine
// (one of them also through `peertrace probe --json`); each must end by itself within its bound and equal the
// ground truth exactly (with ECMP, one of the true paths). A fixed list of seeds plus one fresh seed per run, named
// in the title; SEED=<n> replays one seed alone.

import assert from 'node:assert/strict'
import { createLab, requireRoot } from '../harness/index.js'
import type { Family, TraceMethod } from '../harness/index.js'
import { generateNetwork, NetworkTruth } from '../harness/generate.js'
import type { GeneratedNetwork } from '../harness/generate.js'
import { SeedPipeline, seedPlan } from '../harness/seeds.js'
import {
  checkOutcome, describeOptions, drawTraceOptions, jobKey, jobsOf, runCliJob, runJobs, showTruth
} from './generated-jobs.js'
import type { GeneratedJob, GeneratedOutcome } from './generated-jobs.js'
import { boundSource } from './trace-bound.js'

/** Labs built and traced at once: the traces mostly wait, so a few overlap well on two cores. */
const LABS_AT_ONCE = Number(process.env.GENERATED_LABS ?? 4)
const METHODS: TraceMethod[] = ['icmp', 'udp']
const FAMILIES: Family[] = [4, 6]
/** A seed's lab waits its turn behind the others: generous, the traces inside have their own bounds. */
const SEED_TIMEOUT_MS = 15 * 60_000

interface SeedRun {
  jobs: GeneratedJob[]
  alone: Map<string, GeneratedOutcome>
  together: Map<string, GeneratedOutcome>
  cli: { key: string, outcome: GeneratedOutcome } | undefined
}

const plan = seedPlan()

/** Builds the seed's lab, runs every job alone, then ten at once, then one through the CLI; always destroys it. */
async function runSeed (seed: number, network: GeneratedNetwork): Promise<SeedRun> {
  const truth = new NetworkTruth(network)
  const jobs = jobsOf(network, truth, drawTraceOptions(seed))
  const lab = await createLab(network.spec)
  try {
    const alone = await runJobs(lab, network.source, 'alone', jobs)
    const together = await runJobs(lab, network.source, 'together', jobs)
    const cliCandidates = jobs.filter(job => job.options.gapLimit === undefined)
    const cliJob = cliCandidates.length === 0 ? undefined : cliCandidates[seed % cliCandidates.length]
    const cli = cliJob === undefined ? undefined : { key: cliJob.key, outcome: await runCliJob(lab, network.source, cliJob) }
    const byKey = (outcomes: GeneratedOutcome[]): Map<string, GeneratedOutcome> =>
      new Map(outcomes.map((outcome, i) => [jobs[i].key, outcome]))
    return { jobs, alone: byKey(alone), together: byKey(together), cli }
  } finally {
    await lab.destroy()
  }
}

describe(`engine on generated networks: ${plan.title}; bound: ${boundSource()}`, function () {
  const networks = new Map(plan.seeds.map(seed => [seed, generateNetwork(seed)]))
  const pipeline = new SeedPipeline(plan.seeds, async seed => await runSeed(seed, networks.get(seed) as GeneratedNetwork), LABS_AT_ONCE)

  before(function () { requireRoot(this) })

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
                if (why !== undefined) failures.push(`${mode}: ${why}`)
              }
              check('alone', run.alone.get(key))
              check('among 10 at once', run.together.get(key))
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
