// The probe engine over a plain line of routers, on real namespaces: every hop exactly as the ground truth says,
// for every method and both families, with every query answered (routers do not rate-limit in line()).

import assert from 'node:assert/strict'
import { createLab, line, requireRoot } from '../harness/index.js'
import type { Family, Lab } from '../harness/index.js'
import type { Method } from '../../src/engine/index.js'
import { hopAddresses, probe } from './probe-runner.js'

const ROUTERS = 3
const QUERIES = 3
const METHODS: Method[] = ['icmp', 'udp', 'tcp']
const FAMILIES: Family[] = [4, 6]

describe('engine: a line of routers (line(3))', function () {
  let lab: Lab | undefined

  before(async function () {
    requireRoot(this)
    lab = await createLab(line(ROUTERS))
  })

  after(async () => { await lab?.destroy() })

  for (const family of FAMILIES) {
    for (const method of METHODS) {
      it(`${method} over IPv${family}: every hop is the ground truth, the target is reached, every query answered`,
        async function () {
          const target = lab!.addr('dst', family)
          const result = await probe(lab!, 'src', target, ['-M', method, '-q', String(QUERIES)])
          const expected = lab!.path('src', 'dst', family)
          assert.deepEqual(result.hops.map(h => h.addr), expected, JSON.stringify(result))
          assert.deepEqual(result.hops.map(h => h.ttl), expected.map((_, i) => i + 1))
          assert.equal(result.reached, true)
          assert.equal(result.addr, target)
          assert.equal(result.target, target)
          assert.equal(result.method, method)
          for (const hop of result.hops) {
            assert.equal(hop.rtts.length, QUERIES, `hop ${hop.ttl}: ${JSON.stringify(hop)}`)
            assert.ok(hop.rtts.every(rtt => Number.isFinite(rtt) && rtt >= 0), `hop ${hop.ttl}: ${JSON.stringify(hop)}`)
            assert.equal(hop.flag, undefined, `hop ${hop.ttl}: ${JSON.stringify(hop)}`)
            assert.equal(hop.addrs, undefined, `hop ${hop.ttl}: ${JSON.stringify(hop)}`)
          }
        })
    }
  }

  it('--first-hop 2 starts at TTL 2 and still ends exactly at the target', async function () {
    const result = await probe(lab!, 'src', lab!.addr('dst', 4), ['-f', '2'])
    const expected = lab!.path('src', 'dst', 4)
    assert.deepEqual(result.hops.map(h => [h.ttl, h.addr]), expected.map((addr, i) => [i + 1, addr]).slice(1),
      JSON.stringify(result))
    assert.equal(result.reached, true)
  })

  it('--max-hops short of the target stops at that TTL, not reached', async function () {
    const maxHops = ROUTERS - 1
    const result = await probe(lab!, 'src', lab!.addr('dst', 6), ['-M', 'udp', '-m', String(maxHops)])
    assert.deepEqual(hopAddresses(result), lab!.path('src', 'dst', 6).slice(0, maxHops), JSON.stringify(result))
    assert.equal(result.reached, false)
  })
})
