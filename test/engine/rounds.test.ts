// `peertrace probe --rounds N` against ground truth on real namespaces: r2 drops every 4th time-exceeded error it
// sends (iptables statistic, nth mode), so over 8 rounds its hop must show exactly 25 % loss (2 of 8) and every
// other hop 0 %, each hop probed exactly once a round; `mtr -r -c 8` on the same lab must say the same per hop.
// And a target that keeps Linux's ICMP error limit (one a second, burst 6) loses no round over UDP: the start gap
// gives back what finding the path spent, and one round a second takes no more than the limit refills. On real
// ECMP, every round stays on the Paris flow that found the path: each hop answered by its one address.

import assert from 'node:assert/strict'
import { createLab, ecmp, lossyRouter, parseMtrReport, rateLimitedTarget, requireRoot, restartLoss, runMtr } from '../harness/index.js'
import type { Family, Lab, MtrRow } from '../harness/index.js'
import type { Method } from '../../src/engine/index.js'
import { formatHopTable } from '../../src/format/hop-table.js'
import { probe } from './probe-runner.js'

const ROUTERS = 3
const LOSSY = 2
const EVERY = 4
/** A multiple of EVERY: whatever the count stood at when the rounds began, exactly ROUNDS / EVERY are dropped. */
const ROUNDS = 8
const CASES: Array<{ method: Method, family: Family }> = [
  { method: 'icmp', family: 4 }, { method: 'icmp', family: 6 }, { method: 'udp', family: 4 }
]
const MTR_TIMEOUT_MS = 60_000

describe(`engine: --rounds ${ROUNDS} through a router losing every ${EVERY}th answer (lossyRouter(${ROUTERS}, ${LOSSY}))`, function () {
  let lab: Lab | undefined

  before(async function () {
    requireRoot(this)
    lab = await createLab(lossyRouter(ROUTERS, LOSSY, EVERY))
  })

  after(async () => { await lab?.destroy() })

  for (const { method, family } of CASES) {
    it(`${method} over IPv${family}: exactly ${100 / EVERY} % loss at hop ${LOSSY}, 0 % elsewhere, ${ROUNDS} sent per hop; mtr agrees`,
      async function () {
        const target = lab!.addr('dst', family)
        const path = lab!.path('src', 'dst', family)
        const want = path.map((host, i) => ({ hop: i + 1, host, lossPct: i + 1 === LOSSY ? 100 / EVERY : 0, sent: ROUNDS }))

        await restartLoss(lab!, `r${LOSSY}`, EVERY)
        const result = await probe(lab!, 'src', target, ['-M', method, `-${family}`, '--rounds', String(ROUNDS)])
        assert.deepEqual(result.hops.map(h => h.addr), path, JSON.stringify(result))
        assert.equal(result.reached, true)
        for (const hop of result.hops) {
          // Each hop's records: first the probes that found the path (no round), then one per round, in order.
          const rounds = (hop.probes ?? []).filter(p => p.round !== undefined)
          assert.deepEqual(rounds.map(p => p.round), Array.from({ length: ROUNDS }, (_, i) => i + 1), `hop ${hop.ttl}`)
          const lost = rounds.filter(p => p.addr === null).length
          assert.equal(lost, hop.ttl === LOSSY ? ROUNDS / EVERY : 0, `hop ${hop.ttl}: ${JSON.stringify(hop.probes)}`)
          for (const p of rounds) if (p.addr !== null) assert.equal(p.addr, path[hop.ttl - 1])
        }
        // The table the CLI prints for it (and `-F table` for a vantage point), read like mtr's.
        const table = formatHopTable({ peer: '', name: 'src', trace: result })
        assert.deepEqual(parseMtrReport(table), want, table)

        await restartLoss(lab!, `r${LOSSY}`, EVERY)
        const mtr: MtrRow[] = await runMtr(lab!, 'src', target, family, ROUNDS, { udp: method === 'udp', timeoutMs: MTR_TIMEOUT_MS })
        assert.deepEqual(mtr, want, JSON.stringify(mtr))
      })
  }
})

describe(`engine: --rounds ${ROUNDS} to a target that rate-limits its ICMP errors (rateLimitedTarget(${ROUTERS}))`, function () {
  let lab: Lab | undefined

  before(async function () {
    requireRoot(this)
    lab = await createLab(rateLimitedTarget(ROUTERS))
  })

  after(async () => { await lab?.destroy() })

  for (const family of [4, 6] as Family[]) {
    it(`udp over IPv${family}: every round answered at every hop, the target's port unreachable included`, async function () {
      const path = lab!.path('src', 'dst', family)
      const result = await probe(lab!, 'src', lab!.addr('dst', family), ['-M', 'udp', `-${family}`, '--rounds', String(ROUNDS)])
      const table = formatHopTable({ peer: '', name: 'src', trace: result })
      assert.deepEqual(parseMtrReport(table), path.map((host, i) => ({ hop: i + 1, host, lossPct: 0, sent: ROUNDS })), table)
    })
  }
})

describe('engine: --rounds on equal-cost multipath (ecmp())', function () {
  const RUNS = 2
  let lab: Lab | undefined

  before(async function () {
    requireRoot(this)
    lab = await createLab(ecmp())
  })

  after(async () => { await lab?.destroy() })

  for (const { method, family } of [{ method: 'udp', family: 4 }, { method: 'udp', family: 6 }, { method: 'icmp', family: 4 }] as Array<{ method: Method, family: Family }>) {
    it(`${method} over IPv${family}: ${RUNS} traces, each one ground-truth path, every round at every hop from that path's address`, async function () {
      const known = new Set(lab!.truth('src', 'dst', family).paths.map(path => JSON.stringify(path)))
      for (let run = 0; run < RUNS; run++) {
        const result = await probe(lab!, 'src', lab!.addr('dst', family), ['-M', method, `-${family}`, '--rounds', '4'])
        const path = result.hops.map(h => h.addr)
        assert.ok(known.has(JSON.stringify(path)), `not a ground-truth path: ${JSON.stringify(result)}`)
        for (const hop of result.hops) {
          const rounds = (hop.probes ?? []).filter(p => p.round !== undefined)
          assert.deepEqual(rounds.map(p => [p.round, p.addr]), [1, 2, 3, 4].map(r => [r, hop.addr]), `run ${run + 1} hop ${hop.ttl}: ${JSON.stringify(hop)}`)
        }
      }
    })
  }
})
