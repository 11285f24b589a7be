// A router that forwards but never answers: the engine reports a silent hop (addr null) at exactly its TTL and
// goes on to reach the target behind it, with both methods and both families.

import assert from 'node:assert/strict'
import { createLab, requireRoot, silentRouter, SILENT_HOP } from '../harness/index.js'
import type { Family, Lab } from '../harness/index.js'
import type { Method } from '../../src/engine/index.js'
import { hopAddresses, probe } from './probe-runner.js'

const ROUTERS = 3
/** r2 is silent; it is the second hop from src. */
const SILENT = 2
const METHODS: Method[] = ['icmp', 'udp']
const FAMILIES: Family[] = [4, 6]

describe('engine: a silent router (silentRouter(3, 2))', function () {
  let lab: Lab | undefined

  before(async function () {
    requireRoot(this)
    lab = await createLab(silentRouter(ROUTERS, SILENT))
  })

  after(async () => { await lab?.destroy() })

  for (const family of FAMILIES) {
    for (const method of METHODS) {
      it(`${method} over IPv${family}: addr null at TTL ${SILENT} exactly, every other hop true, target reached`,
        async function () {
          const expected = lab!.path('src', 'dst', family)
          assert.equal(expected.indexOf(SILENT_HOP), SILENT - 1, `ground truth: ${JSON.stringify(expected)}`)
          const result = await probe(lab!, 'src', lab!.addr('dst', family), ['-M', method])
          assert.deepEqual(hopAddresses(result), expected, JSON.stringify(result))
          assert.deepEqual(result.hops.map(h => h.ttl), expected.map((_, i) => i + 1))
          const silent = result.hops[SILENT - 1]
          assert.equal(silent.addr, null)
          assert.deepEqual(silent.rtts, [])
          assert.equal(silent.flag, undefined)
          assert.equal(result.reached, true)
        })
    }
  }
})
