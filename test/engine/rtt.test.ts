// RTTs on real namespaces, held against the system traceroute in the same lab: for both methods and both families,
// peertrace and traceroute name the same hops, and every RTT either reports is a positive, finite time. How close
// the two are is a measurement, not a test: `npm run bench:rtt` (docs/benchmarks.md).

import assert from 'node:assert/strict'
import { createLab, line, requireRoot, systemTraceroute } from '../harness/index.js'
import type { Family, Lab } from '../harness/index.js'
import type { Method } from '../../src/engine/index.js'
import { probe } from './probe-runner.js'

const ROUTERS = 3
const QUERIES = 3
const FAMILIES: Family[] = [4, 6]
const METHODS: Method[] = ['icmp', 'udp']

function assertTimes (rtts: number[], what: string): void {
  assert.equal(rtts.length, QUERIES, what)
  assert.ok(rtts.every(rtt => Number.isFinite(rtt) && rtt > 0), what)
}

describe(`engine: RTTs against traceroute on line(${ROUTERS})`, function () {
  let lab: Lab | undefined

  before(async function () {
    requireRoot(this)
    lab = await createLab(line(ROUTERS))
  })

  after(async () => { await lab?.destroy() })

  for (const family of FAMILIES) {
    for (const method of METHODS) {
      it(`${method} over IPv${family}: the same hops as traceroute${method === 'icmp' ? ' -I' : ''}, every RTT positive`,
        async function () {
          const target = lab!.addr('dst', family)
          const expected = lab!.path('src', 'dst', family)
          const ours = await probe(lab!, 'src', target, ['-M', method, '-q', String(QUERIES)])
          const theirs = await systemTraceroute(lab!, 'src', target, family,
            { queries: QUERIES, extraArgs: method === 'icmp' ? ['-I'] : [] })
          assert.deepEqual(ours.hops.map(h => h.addr), expected, JSON.stringify(ours))
          assert.deepEqual(theirs.map(h => h.address), expected, JSON.stringify(theirs))
          for (const hop of ours.hops) assertTimes(hop.rtts, `peertrace hop ${hop.ttl}: ${JSON.stringify(hop)}`)
          for (const hop of theirs) assertTimes(hop.rtts, `traceroute hop ${hop.ttl}: ${JSON.stringify(hop)}`)
        })
    }
  }
})
