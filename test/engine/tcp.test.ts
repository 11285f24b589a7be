// The TCP method on real namespaces, held against Debian's `traceroute -T` on the same network in the same test:
// a target whose port is open (its SYN-ACK ends the trace), one whose port is closed (its RST does), and one behind
// a router that drops TCP (the trace ends in a gap after that router), IPv4 and IPv6. Each hop is the ground truth's
// and traceroute's address, and the target's answer is reported by its flags.

import assert from 'node:assert/strict'
import { createLab, line, requireRoot, SILENT_HOP, systemTraceroute, tcpListener } from '../harness/index.js'
import type { Family, Lab, TopologySpec } from '../harness/index.js'
import { DEFAULT_GAP_LIMIT, DEFAULT_TCP_PORT } from '../../src/engine/constants.js'
import type { Hop } from '../../src/model/index.js'
import { hopAddresses, probe, traceConcurrently, type TraceJob } from './probe-runner.js'

const ROUTERS = 3
const QUERIES = 3
const CLOSED_PORT = 81
/** The router that drops every TCP segment towards the `tcpdrop` alias (it still sends time-exceeded: TTL first). */
const DROPPING_ROUTER = 'r2'
const DROPPED_ALIAS = 'tcpdrop'
const FAMILIES: Family[] = [4, 6]
/** Traces run at once in the concurrent case: each family, each port, twice. */
const CONCURRENT = 8

/** line(3) with an alias on dst that r2 drops TCP to. */
function spec (): TopologySpec {
  const topology = line(ROUTERS)
  const dst = topology.hosts.find(h => h.name === 'dst')
  if (dst === undefined) throw new Error('line() has no dst')
  dst.aliases = [DROPPED_ALIAS]
  return topology
}

describe('engine: the TCP method against traceroute -T (line(3), open, closed and dropped ports)', function () {
  let lab: Lab | undefined

  before(async function () {
    requireRoot(this)
    lab = await createLab(spec())
    await tcpListener(lab, 'dst', DEFAULT_TCP_PORT)
    for (const family of FAMILIES) {
      const tool = family === 4 ? 'iptables' : 'ip6tables'
      const rule = await lab.exec(DROPPING_ROUTER,
        [tool, '-A', 'FORWARD', '-p', 'tcp', '-d', lab.addr(DROPPED_ALIAS, family), '-j', 'DROP'])
      assert.equal(rule.code, 0, `${tool} in ${DROPPING_ROUTER}: ${rule.stderr}`)
    }
  })

  after(async () => { await lab?.destroy() })

  for (const family of FAMILIES) {
    it(`IPv${family}, port ${DEFAULT_TCP_PORT} open (the default port): reached by the target's SYN-ACK, the path traceroute -T shows`,
      async function () {
        const target = lab!.addr('dst', family)
        const result = await probe(lab!, 'src', target, ['-M', 'tcp', '-q', String(QUERIES)])
        const expected = lab!.path('src', 'dst', family)
        assert.deepEqual(hopAddresses(result), expected, JSON.stringify(result))
        assert.deepEqual([result.method, result.reached, result.stop], ['tcp', true, 'reached'])
        assert.equal(result.probeSize, 24)
        assertTargetAnswered(result.hops.at(-1), 'SA')
        for (const hop of result.hops.slice(0, -1)) {
          assert.equal(hop.rtts.length, QUERIES, JSON.stringify(hop))
          assert.ok(hop.probes?.every(p => p.tcpFlags === undefined), JSON.stringify(hop))
        }
        const reference = await systemTraceroute(lab!, 'src', target, family, { extraArgs: ['-T'] })
        assert.deepEqual(reference.map(h => h.address), hopAddresses(result), 'traceroute -T, hop by hop')
      })

    it(`IPv${family}, port ${CLOSED_PORT} closed: reached by the target's RST, the path traceroute -T -p ${CLOSED_PORT} shows`,
      async function () {
        const target = lab!.addr('dst', family)
        const result = await probe(lab!, 'src', target, ['-M', 'tcp', '-p', String(CLOSED_PORT), '-q', String(QUERIES)])
        assert.deepEqual(hopAddresses(result), lab!.path('src', 'dst', family), JSON.stringify(result))
        assert.deepEqual([result.reached, result.stop], [true, 'reached'])
        assertTargetAnswered(result.hops.at(-1), 'RA')
        const reference = await systemTraceroute(lab!, 'src', target, family, { extraArgs: ['-T', '-p', String(CLOSED_PORT)] })
        assert.deepEqual(reference.map(h => h.address), hopAddresses(result), 'traceroute -T, hop by hop')
      })

    it(`IPv${family}, behind a router that drops TCP: the routers up to it, then ${DEFAULT_GAP_LIMIT} silent hops, as traceroute -T`,
      async function () {
        const target = lab!.addr(DROPPED_ALIAS, family)
        const result = await probe(lab!, 'src', target, ['-M', 'tcp', '-q', String(QUERIES)])
        const routers = lab!.path('src', DROPPED_ALIAS, family).slice(0, Number(DROPPING_ROUTER.slice(1)))
        const expected = [...routers, ...Array<string>(DEFAULT_GAP_LIMIT).fill(SILENT_HOP)]
        assert.deepEqual(hopAddresses(result), expected, JSON.stringify(result))
        assert.deepEqual([result.reached, result.stop], [false, 'gap'])
        const reference = await systemTraceroute(lab!, 'src', target, family, { extraArgs: ['-T'], maxTtl: expected.length })
        assert.deepEqual(reference.map(h => h.address), expected, 'traceroute -T, hop by hop')
      })
  }

  it('--rounds 2 over tcp: the rounds stay on the flow, and the target\'s answers in them carry its flags too', async function () {
    const target = lab!.addr('dst', 4)
    const result = await probe(lab!, 'src', target, ['-M', 'tcp', '--rounds', '2'])
    assert.deepEqual(hopAddresses(result), lab!.path('src', 'dst', 4), JSON.stringify(result))
    for (const hop of result.hops) {
      const rounds = (hop.probes ?? []).filter(p => p.round !== undefined)
      assert.deepEqual(rounds.map(p => [p.round, p.addr]), [[1, hop.addr], [2, hop.addr]], JSON.stringify(hop))
    }
    const last = result.hops.at(-1)!.probes!.filter(p => p.round !== undefined)
    assert.deepEqual(last.map(p => p.tcpFlags), ['SA', 'SA'], JSON.stringify(result.hops.at(-1)))
  })

  it(`${CONCURRENT} tcp traces at once in one engine, to open and closed ports of one target, both families: each its own flow`,
    async function () {
      // Same target, same moment: only the source port (the flow) tells their answers apart.
      const jobs: TraceJob[] = Array.from({ length: CONCURRENT }, (_, i) => ({
        target: lab!.addr('dst', FAMILIES[i % 2]), method: 'tcp', port: i % 4 < 2 ? DEFAULT_TCP_PORT : CLOSED_PORT, queries: QUERIES
      }))
      const outcomes = await traceConcurrently(lab!, 'src', jobs)
      outcomes.forEach((outcome, i) => {
        const job = jobs[i]
        assert.ok(!('error' in outcome), JSON.stringify(outcome))
        const family = FAMILIES[i % 2]
        assert.deepEqual(hopAddresses(outcome), lab!.path('src', 'dst', family), `job ${i}: ${JSON.stringify(outcome)}`)
        assert.equal(outcome.stop, 'reached')
        assertTargetAnswered(outcome.hops.at(-1), job.port === DEFAULT_TCP_PORT ? 'SA' : 'RA')
      })
    })
})

/** The last hop: the target, every query answered by it with these TCP flags. */
function assertTargetAnswered (hop: Hop | undefined, flags: string): void {
  assert.ok(hop !== undefined)
  assert.equal(hop.rtts.length, QUERIES, JSON.stringify(hop))
  assert.equal(hop.flag, undefined, JSON.stringify(hop))
  assert.deepEqual(hop.probes?.map(p => p.tcpFlags), Array<string>(QUERIES).fill(flags), JSON.stringify(hop))
}
