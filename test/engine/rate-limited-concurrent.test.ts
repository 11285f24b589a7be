// Concurrent traces through routers that keep Linux's default ICMP rate limits (a burst of 6, then one a second
// per source; the route error bucket for `unreachable` routes besides): the shapes that once hung or came back
// truncated without a flag. 10 traces at once on one engine, each must equal the ground truth and say why it ended.

import assert from 'node:assert/strict'
import { createLab, line, requireRoot, SILENT_HOP, UNREACHABLE_FLAG } from '../harness/index.js'
import type { Family, Lab, TopologySpec } from '../harness/index.js'
import { traceConcurrently, type TraceJob } from './probe-runner.js'
import type { TraceResult } from '../../src/engine/index.js'

/**
 * Traces at once. On IPv4 an `unreachable` route's limiter and the ICMP limiter share one bucket per source: after
 * two errors, one every 2 s at best; so a refused prefix can answer about 2 + (bound - 2 s) / 2 s traces from one
 * source within a trace's bound. Five (the number in the report that found them truncated) fit.
 */
const TRACES = 5

/** src — r1 — r2 (silent) — r3 (refuses its own prefix) — dst, every router and host rate-limiting by default. */
function silentBeforeRefusing (): TopologySpec {
  const spec = line(3)
  return {
    hosts: spec.hosts.map(h => ({ name: h.name })),
    routers: spec.routers.map(r => ({
      name: r.name, rateLimit: true, ...(r.name === 'r2' ? { silent: true } : {}), ...(r.name === 'r3' ? { unreachable: true } : {})
    })),
    links: spec.links
  }
}

function hopsOf (result: TraceResult): string[] {
  return result.hops.map(h => h.addr ?? SILENT_HOP)
}

describe(`engine: ${TRACES} concurrent traces through rate-limiting routers, a silent router before the last`, function () {
  let lab: Lab | undefined

  // A new lab per case: a router's buckets are kept per source in its namespace, and one case's traces would
  // start the next with them empty (a drain from outside, which no prober can tell from a silent router).
  beforeEach(async function () {
    requireRoot(this)
    lab = await createLab(silentBeforeRefusing())
  })

  afterEach(async () => { await lab?.destroy() })

  for (const family of [4, 6] as Family[]) {
    it(`IPv${family}: to the refused prefix behind the silent router, every trace ends there with its flag`, async () => {
      const target = lab!.unreachableTarget('r3', family)
      const truth = lab!.truth('src', target, family)
      const jobs: TraceJob[] = Array.from({ length: TRACES }, (_, i) => ({ target, method: i % 2 === 0 ? 'icmp' : 'udp' }))
      const outcomes = await traceConcurrently(lab!, 'src', jobs)
      for (const [i, outcome] of outcomes.entries()) {
        assert.ok(!('error' in outcome), JSON.stringify(outcome))
        const label = `trace ${i} (${jobs[i].method}): ${JSON.stringify(outcome)}`
        assert.deepEqual(hopsOf(outcome), truth.paths[0], label)
        assert.equal(outcome.hops.at(-1)?.flag, UNREACHABLE_FLAG[family], label)
        assert.equal(outcome.stop, 'unreachable', label)
      }
    })

    it(`IPv${family}: to the host behind them, every trace is the exact path, reached`, async () => {
      const target = lab!.addr('dst', family)
      const jobs: TraceJob[] = Array.from({ length: TRACES }, (_, i) => ({ target, method: i % 2 === 0 ? 'icmp' : 'udp' }))
      const outcomes = await traceConcurrently(lab!, 'src', jobs)
      for (const [i, outcome] of outcomes.entries()) {
        assert.ok(!('error' in outcome), JSON.stringify(outcome))
        const label = `trace ${i} (${jobs[i].method}): ${JSON.stringify(outcome)}`
        assert.deepEqual(hopsOf(outcome), lab!.path('src', 'dst', family), label)
        assert.equal(outcome.stop, 'reached', label)
      }
    })
  }
})
