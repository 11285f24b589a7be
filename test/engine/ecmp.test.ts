// Paris traceroute's reason to exist, on real ECMP: every trace of ours follows ONE equal-cost path (no false
// link), trace after trace, while classic traceroute, a new flow per probe, stitches hops of different paths.

import assert from 'node:assert/strict'
import { isIP } from 'node:net'
import { createLab, ecmp, requireRoot } from '../harness/index.js'
import type { Family, Lab } from '../harness/index.js'
import type { Method } from '../../src/engine/index.js'
import { hopAddresses, probe } from './probe-runner.js'

const RUNS = 20
const QUERIES = 3
const SYSTEM_RUNS = 20
const SYSTEM_QUERIES = 3
const METHODS: Method[] = ['icmp', 'udp', 'tcp']
const FAMILIES: Family[] = [4, 6]

describe('engine: equal-cost multipath (ecmp())', function () {
  let lab: Lab | undefined

  before(async function () {
    requireRoot(this)
    lab = await createLab(ecmp())
  })

  after(async () => { await lab?.destroy() })

  for (const family of FAMILIES) {
    for (const method of METHODS) {
      it(`${method} over IPv${family}: ${RUNS} traces in a row, each exactly one ground-truth path`, async function () {
        const truth = lab!.truth('src', 'dst', family)
        assert.ok(truth.paths.length > 1, `the lab should offer several paths: ${JSON.stringify(truth)}`)
        const known = new Set(truth.paths.map(path => JSON.stringify(path)))
        const seen = new Set<string>()
        const wrong: string[] = []
        for (let run = 0; run < RUNS; run++) {
          const result = await probe(lab!, 'src', lab!.addr('dst', family), ['-M', method, '-q', String(QUERIES)])
          const path = JSON.stringify(hopAddresses(result))
          seen.add(path)
          // Rate limits are off in ecmp(): every probe of the one flow answers, from the one path's address.
          const sound = known.has(path) && result.reached &&
            result.hops.every(h => h.addrs === undefined && h.rtts.length === QUERIES)
          if (!sound) wrong.push(`run ${run + 1}: ${JSON.stringify(result)}`)
        }
        assert.deepEqual(wrong, [], `traces that are not one ground-truth path (of ${JSON.stringify(truth.paths)})`)
        // A UDP or TCP trace is one flow with its own source port, so different traces should take different paths:
        // the check above would prove little if the lab never spread them.
        if (method !== 'icmp') assert.ok(seen.size > 1, `all ${RUNS} ${method} traces took one path: ${[...seen].join(' ')}`)
      })
    }

    it(`system traceroute over IPv${family} shows a false link within ${SYSTEM_RUNS} runs`, async function () {
      const truth = lab!.truth('src', 'dst', family)
      const known = new Set(truth.paths.map(path => JSON.stringify(path)))
      const outputs: string[] = []
      let falseLink: string | undefined
      for (let run = 0; run < SYSTEM_RUNS && falseLink === undefined; run++) {
        const result = await lab!.exec('src',
          ['traceroute', `-${family}`, '-n', '-q', String(SYSTEM_QUERIES), '-w', '1', lab!.addr('dst', family)])
        assert.equal(result.code, 0, `traceroute failed: ${result.stderr}`)
        outputs.push(result.stdout)
        falseLink = falseLinkIn(tracerouteHops(result.stdout), known)
      }
      assert.ok(falseLink !== undefined,
        `classic traceroute showed no false link in ${SYSTEM_RUNS} runs:\n${outputs.join('\n')}`)
    })
  }
})

/** Every address traceroute printed on each hop line (`-n`, any number of queries), in TTL order. */
function tracerouteHops (stdout: string): string[][] {
  return stdout.split('\n')
    .filter(line => /^\s*\d+\s/.test(line))
    .map(line => line.trim().split(/\s+/).slice(1).filter(token => isIP(token) !== 0))
}

/** Why these hops cannot be one real path: a hop answered from two addresses, or a sequence no path has. */
function falseLinkIn (hops: string[][], known: Set<string>): string | undefined {
  const mixed = hops.findIndex(addrs => new Set(addrs).size > 1)
  if (mixed >= 0) return `hop ${mixed + 1} answered from ${[...new Set(hops[mixed])].join(' and ')}`
  // A lost answer ('*') is no evidence of a false link.
  if (hops.some(addrs => addrs.length === 0)) return undefined
  const sequence = hops.map(addrs => addrs[0])
  if (!known.has(JSON.stringify(sequence))) return `hop sequence ${sequence.join(' ')} is no ground-truth path`
  return undefined
}
