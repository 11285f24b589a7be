// A target that keeps Linux's default ICMP error rate limit (a burst of 6, then one per second): traces in a row
// spend its tokens, yet each must still reach it at its true hop, with UDP (port unreachable, rate-limited) and
// with ICMP (echo replies).

import assert from 'node:assert/strict'
import { createLab, rateLimitedTarget, requireRoot } from '../harness/index.js'
import type { Family, Lab } from '../harness/index.js'
import type { Method } from '../../src/engine/index.js'
import { hopAddresses, probe } from './probe-runner.js'

const ROUTERS = 3
const RUNS_IN_A_ROW = 10
const METHODS: Method[] = ['udp', 'icmp']
const FAMILIES: Family[] = [4, 6]

describe('engine: a target that rate-limits its ICMP errors (rateLimitedTarget(3))', function () {
  let lab: Lab | undefined

  before(async function () {
    requireRoot(this)
    lab = await createLab(rateLimitedTarget(ROUTERS))
  })

  after(async () => { await lab?.destroy() })

  for (const family of FAMILIES) {
    for (const method of METHODS) {
      it(`${method} over IPv${family}: ${RUNS_IN_A_ROW} traces in a row all reach the target at its true hop`,
        async function () {
          const expected = lab!.path('src', 'dst', family)
          const runs: Array<{ addrs: string[], reached: boolean }> = []
          const results: string[] = []
          for (let run = 0; run < RUNS_IN_A_ROW; run++) {
            const result = await probe(lab!, 'src', lab!.addr('dst', family), ['-M', method])
            runs.push({ addrs: hopAddresses(result), reached: result.reached })
            results.push(`run ${run + 1}: ${JSON.stringify(result)}`)
          }
          assert.deepEqual(runs, runs.map(() => ({ addrs: expected, reached: true })), results.join('\n'))
        })
    }
  }
})
