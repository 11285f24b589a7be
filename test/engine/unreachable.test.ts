// A router with an unreachable route: the trace ends at that router with the flag its ICMP error means (!H for
// IPv4, !N for IPv6) and is not reached; also when the router rate-limits its errors, trace after trace.

import assert from 'node:assert/strict'
import { createLab, requireRoot, unreachable, UNREACHABLE_FLAG } from '../harness/index.js'
import type { Family, Lab, TopologySpec } from '../harness/index.js'
import type { Method, TraceResult } from '../../src/engine/index.js'
import { hopAddresses, probe } from './probe-runner.js'

const ROUTERS = 3
/** The refusing router: the second of the line, so one router answers before it. */
const REFUSING_AT = 2
const REFUSING = `r${REFUSING_AT}`
/**
 * Traces in a row against the rate-limiting router. On IPv4 the unreachable route's own limiter (ip_error) and the
 * ICMP limiter charge one per-source token bucket, so after its first burst the router answers only a probe that
 * comes after some 1-2 s without errors to that source (measured: none of 12 pings 250 ms apart answered, 4 of 5
 * pings 2.1 s apart did): every trace must still find it.
 */
const RUNS_IN_A_ROW = 5
const METHODS: Method[] = ['icmp', 'udp']
const FAMILIES: Family[] = [4, 6]

/**
 * unreachable() keeps the kernel's ICMP rate limit on the refusing router; this variant turns it off. (IPv4 still
 * paces the errors of unreachable routes by net.ipv4.route.error_cost, one per second after a burst: a global
 * sysctl no namespace can change.)
 */
function unreachableWithoutRateLimit (): TopologySpec {
  const spec = unreachable(ROUTERS, REFUSING_AT)
  return { ...spec, routers: spec.routers.map(r => r.name === REFUSING ? { ...r, rateLimit: false } : r) }
}

/** The result as `lab.truth()` says it must be: hops, the flag on the last (and only there), not reached. */
function assertStopsAtRefusingRouter (lab: Lab, family: Family, result: TraceResult, label: string): void {
  const truth = lab.truth('src', lab.unreachableTarget(REFUSING, family), family)
  assert.equal(truth.paths.length, 1, JSON.stringify(truth))
  assert.equal(truth.flag, UNREACHABLE_FLAG[family], JSON.stringify(truth))
  const expected = truth.paths[0]
  const got = `${label}: ${JSON.stringify(result)}`
  assert.deepEqual(hopAddresses(result), expected, got)
  assert.deepEqual(result.hops.map(h => h.ttl), expected.map((_, i) => i + 1), got)
  assert.deepEqual(result.hops.map(h => h.flag), [...expected.slice(1).map(() => undefined), truth.flag], got)
  assert.ok(result.hops.every(h => h.rtts.length > 0), got)
  assert.equal(result.reached, false, got)
}

for (const [title, spec, runs] of [
  ['ICMP rate limit off', unreachableWithoutRateLimit, 1],
  ['ICMP rate limit on (kernel default)', () => unreachable(ROUTERS, REFUSING_AT), RUNS_IN_A_ROW]
] as const) {
  describe(`engine: a router with an unreachable prefix, ${title}`, function () {
    let lab: Lab | undefined

    before(async function () {
      requireRoot(this)
      lab = await createLab(spec())
    })

    after(async () => { await lab?.destroy() })

    for (const family of FAMILIES) {
      for (const method of METHODS) {
        const flag = UNREACHABLE_FLAG[family]
        it(`${method} over IPv${family}: ${runs} trace(s) in a row end at ${REFUSING} with ${flag}`, async function () {
          const target = lab!.unreachableTarget(REFUSING, family)
          for (let run = 0; run < runs; run++) {
            const result = await probe(lab!, 'src', target, ['-M', method])
            assertStopsAtRefusingRouter(lab!, family, result, `run ${run + 1} of ${runs}`)
          }
        })
      }
    }
  })
}
