// Many traces at once in one process: 50 traces to 50 targets, started together on one ProbeEngine (shared raw
// sockets, answers routed by ICMP identifier or UDP source port), each exactly its own ground-truth path.

import assert from 'node:assert/strict'
import { createLab, fanout, requireRoot } from '../harness/index.js'
import type { Family, Lab } from '../harness/index.js'
import { hopAddresses, traceConcurrently } from './probe-runner.js'
import type { TraceJob } from './probe-runner.js'

const TARGETS = 50
/** Probes per hop; rate limits are off in fanout(), so every one answers. */
const QUERIES = 3
const FAMILIES: Family[] = [4, 6]

describe(`engine: ${TARGETS} concurrent traces from one process (fanout(${TARGETS}))`, function () {
  let lab: Lab | undefined

  before(async function () {
    requireRoot(this)
    lab = await createLab(fanout(TARGETS))
  })

  after(async () => { await lab?.destroy() })

  for (const family of FAMILIES) {
    it(`IPv${family}, ICMP and UDP alternating: every trace is exact, every hop has all its RTT samples`,
      async function () {
        const targets = Array.from({ length: TARGETS }, (_, i) => `t${i + 1}`)
        const jobs: TraceJob[] = targets.map((node, i) => ({
          target: lab!.addr(node, family),
          method: i % 2 === 0 ? 'icmp' : 'udp',
          queries: QUERIES
        }))
        const outcomes = await traceConcurrently(lab!, 'src', jobs)
        assert.equal(outcomes.length, TARGETS)
        const paths = outcomes.map((outcome, i) => 'error' in outcome
          ? { target: jobs[i].target, error: outcome.error }
          : { target: outcome.addr, method: outcome.method, reached: outcome.reached, hops: hopAddresses(outcome) })
        assert.deepEqual(paths, targets.map((node, i) => ({
          target: jobs[i].target,
          method: jobs[i].method,
          reached: true,
          hops: lab!.path('src', node, family)
        })))
        // Rate limits are off, so every probe is answered: a missing (or extra) sample is the engine's doing.
        const samples = outcomes.map(outcome => 'error' in outcome ? [] : outcome.hops.map(h => h.rtts.length))
        assert.deepEqual(samples, targets.map(node => lab!.path('src', node, family).map(() => QUERIES)),
          `RTT samples per hop, ${QUERIES} asked: ${JSON.stringify(outcomes)}`)
      })
  }
})
