// Unit tests of the generator and the TTL-by-TTL truth (no namespaces, no root): the draw stays in its bounds and
// repeats from its seed, and the truth of each ending reads as the lab was seen to answer (traceroute and scamper
// in labs, see unreachable-codes.ts), on small hand-made networks.

import assert from 'node:assert/strict'
import { AddressPlan } from './address-plan.js'
import { ENDING_KINDS, generateNetwork, MAX_ECMP_PLACES, MAX_ROUTERS, MAX_SILENT, MIN_ROUTERS, NetworkTruth } from './generate.js'
import type { EndingKind } from './generate.js'
import { firewallCommands } from './node-config.js'
import { Prng } from './prng.js'
import { FIXED_SEEDS, SeedPipeline, seedPlan, seedsAtOnce } from './seeds.js'
import { RoutingTable } from './routing.js'
import type { TopologySpec, TraceTruth, TruthOptions } from './spec.js'
import { line } from './topologies.js'
import { parseTopology } from './topology.js'
import { traceTruth } from './trace-truth.js'
import { REJECT4_TYPES, REJECT6_TYPES } from './unreachable-codes.js'
import { judge } from './truth-match.js'

const DRAWS = 400

function truthOf (spec: TopologySpec, to: string, family: 4 | 6, options: TruthOptions): TraceTruth {
  const topology = parseTopology(spec)
  return traceTruth({ topology, plan: new AddressPlan(topology), routes: new RoutingTable(topology) }, 'src', to, family, options)
}

/** line(3) (src r1 r2 r3 dst, links 198.18.0-3.x) with extra parts. */
function lineWith (extra: (spec: TopologySpec) => void): TopologySpec {
  const spec = line(3)
  spec.hosts = spec.hosts.map(h => ({ ...h, aliases: [], firewall: [] }))
  spec.routers = spec.routers.map(r => ({ ...r, firewall: [] }))
  spec.prefixes = []
  extra(spec)
  return spec
}

const only = (truth: TraceTruth): object => {
  assert.equal(truth.paths.length, 1, JSON.stringify(truth))
  return truth.paths[0]
}

describe('harness generator (unit)', function () {
  it('the PRNG repeats from its seed and spreads over its range', function () {
    const a = new Prng(42)
    const b = new Prng(42)
    const draws = Array.from({ length: 1000 }, () => a.int(1, 6))
    assert.deepEqual(draws, Array.from({ length: 1000 }, () => b.int(1, 6)))
    for (let face = 1; face <= 6; face++) assert.ok(draws.filter(d => d === face).length > 120, `face ${face}`)
    assert.notDeepEqual(Array.from({ length: 8 }, () => new Prng(1).uint32()), Array.from({ length: 8 }, () => new Prng(2).uint32()))
    assert.throws(() => new Prng(-1), RangeError)
  })

  it('plans the seeds of a run: fixed ones and a fresh one, SEED alone, GENERATED_SEEDS=all', async function () {
    const ci = seedPlan(12, {})
    assert.deepEqual(ci.seeds.slice(0, 12), FIXED_SEEDS.slice(0, 12))
    assert.equal(ci.seeds.length, 13)
    assert.equal(ci.seeds[12], ci.fresh)
    assert.deepEqual(seedPlan(12, { SEED: '77' }).seeds, [77])
    assert.equal(seedPlan(12, { GENERATED_SEEDS: 'all' }).seeds.length, FIXED_SEEDS.length + 1)
    assert.throws(() => seedPlan(12, { SEED: 'x' }), RangeError)
    assert.equal(seedsAtOnce(3, {}), 3)
    assert.equal(seedsAtOnce(3, { GENERATED_SEEDS_AT_ONCE: '5' }), 5)
    const started: number[] = []
    const pipeline = new SeedPipeline([1, 2, 3, 4], async seed => { started.push(seed); return seed * 10 }, 2)
    assert.equal(await pipeline.get(1), 10)
    assert.deepEqual(started, [1, 2])
    assert.equal(await pipeline.get(3), 30)
    assert.deepEqual(started, [1, 2, 3, 4])
  })

  it('the fixed seeds draw every ending, every REJECT type in both chains and families, ECMP 0-3, silent 0-3', function () {
    const seen = new Set<string>()
    for (const seed of FIXED_SEEDS) {
      const network = generateNetwork(seed)
      seen.add(`ecmp ${network.ecmpPlaces.length}`)
      seen.add(`silent ${network.silent.length}`)
      if (network.silent.length > 0) seen.add(`pattern ${network.silentPattern}`)
      seen.add(network.shape)
      for (const ending of network.endings) {
        seen.add(ending.kind)
        if (ending.reject === undefined) continue
        const chain = ending.kind === 'reject-forward' ? 'forward' : 'input'
        seen.add(`${chain} ${ending.reject.with4}`)
        seen.add(`${chain} ${ending.reject.with6}`)
      }
    }
    const wanted = [
      ...ENDING_KINDS, 'line', 'mesh', ...[0, 1, 2, 3].flatMap(n => [`ecmp ${n}`, `silent ${n}`]),
      ...['first', 'consecutive', 'before-end', 'scattered'].map(p => `pattern ${p}`),
      ...['forward', 'input'].flatMap(chain => [...REJECT4_TYPES, ...REJECT6_TYPES].map(type => `${chain} ${type}`))
    ]
    assert.deepEqual(wanted.filter(w => !seen.has(w)), [])
  })

  it('draws the same network from the same seed', function () {
    for (const seed of [0, 1, 7920, 0xffffffff]) {
      assert.deepEqual(generateNetwork(seed), generateNetwork(seed))
    }
    assert.notDeepEqual(generateNetwork(1).spec, generateNetwork(2).spec)
  })

  it(`stays in bounds over ${DRAWS} seeds, and draws every shape, ending and silent pattern`, function () {
    const kinds = new Set<EndingKind>()
    const patterns = new Set<string>()
    const shapes = new Set<string>()
    const sizes = new Set<number>()
    const ecmp = new Set<number>()
    const silent = new Set<number>()
    for (let seed = 0; seed < DRAWS; seed++) {
      const network = generateNetwork(seed)
      const routers = network.spec.routers.length
      assert.ok(routers >= MIN_ROUTERS && routers <= MAX_ROUTERS, `seed ${seed}: ${routers} routers`)
      assert.ok(network.ecmpPlaces.length <= MAX_ECMP_PLACES, `seed ${seed}: ${network.summary}`)
      assert.ok(network.silent.length <= MAX_SILENT, `seed ${seed}: ${network.summary}`)
      assert.equal(network.endings[0].kind, 'reached')
      // Every ending has a truth in both families and both methods (the routes reach every target).
      const truth = new NetworkTruth(network)
      for (const ending of network.endings) {
        for (const family of [4, 6] as const) {
          for (const method of ['icmp', 'udp'] as const) {
            const t = truth.truth(ending, family, { method })
            assert.ok(t.paths.length >= 1 && t.paths.every(p => p.hops.length >= 1), `seed ${seed} ${ending.id}`)
          }
        }
        kinds.add(ending.kind)
      }
      shapes.add(network.shape)
      sizes.add(routers)
      ecmp.add(network.ecmpPlaces.length)
      silent.add(network.silent.length)
      if (network.silent.length > 0) patterns.add(network.silentPattern)
    }
    assert.deepEqual([...kinds].sort(), [...ENDING_KINDS].sort())
    assert.deepEqual([...shapes].sort(), ['line', 'mesh'])
    assert.deepEqual([...sizes].sort((a, b) => a - b), Array.from({ length: MAX_ROUTERS - MIN_ROUTERS + 1 }, (_, i) => i + MIN_ROUTERS))
    assert.deepEqual([...ecmp].sort(), [0, 1, 2, 3])
    assert.deepEqual([...silent].sort(), [0, 1, 2, 3])
    assert.deepEqual([...patterns].sort(), ['before-end', 'consecutive', 'first', 'scattered'])
  })

  it('a REJECT on forwarded traffic: the router answers time exceeded, then the REJECT one TTL later', function () {
    const spec = lineWith(s => {
      s.hosts[1].aliases = ['t']
      s.routers[1].firewall = [{ chain: 'forward', to: 't', action: { kind: 'reject', with4: 'icmp-net-prohibited', with6: 'icmp6-adm-prohibited' } }]
    })
    assert.deepEqual(only(truthOf(spec, 't', 4, { method: 'udp' })),
      { hops: ['198.18.0.2', '198.18.1.2', '198.18.1.2'], flag: '!X', stop: 'unreachable', reached: false })
    assert.deepEqual(only(truthOf(spec, 't', 6, { method: 'icmp' })),
      { hops: ['2001:db8:1::2', '2001:db8:1:1::2', '2001:db8:1:1::2'], flag: '!X', stop: 'unreachable', reached: false })
    // Silent routers drop only their time-exceeded errors; the REJECT still answers.
    spec.routers[1].silent = true
    assert.deepEqual(only(truthOf(spec, 't', 4, { method: 'icmp' })),
      { hops: ['198.18.0.2', '*', '198.18.1.2'], flag: '!X', stop: 'unreachable', reached: false })
  })

  it('a REJECT at the target: the target flagged, except a port unreachable to a UDP probe (reached)', function () {
    const spec = lineWith(s => {
      s.hosts[1].aliases = ['p', 'h']
      s.hosts[1].firewall = [
        { chain: 'input', to: 'p', action: { kind: 'reject', with4: 'icmp-port-unreachable', with6: 'icmp6-port-unreachable' } },
        { chain: 'input', to: 'h', action: { kind: 'reject', with4: 'icmp-host-prohibited', with6: 'icmp6-addr-unreachable' } }
      ]
    })
    const hops = ['198.18.0.2', '198.18.1.2', '198.18.2.2', '198.18.3.16']
    assert.deepEqual(only(truthOf(spec, 'p', 4, { method: 'udp' })), { hops, stop: 'reached', reached: true })
    assert.deepEqual(only(truthOf(spec, 'p', 4, { method: 'icmp' })), { hops, flag: '!<3>', stop: 'unreachable', reached: false })
    assert.deepEqual(only(truthOf(spec, 'p', 6, { method: 'icmp' })),
      { hops: ['2001:db8:1::2', '2001:db8:1:1::2', '2001:db8:1:2::2', '2001:db8:1:3::10'], flag: '!<4>', stop: 'unreachable', reached: false })
    assert.deepEqual(only(truthOf(spec, 'h', 4, { method: 'udp' })),
      { hops: [...hops.slice(0, 3), '198.18.3.17'], flag: '!X', stop: 'unreachable', reached: false })
    assert.deepEqual(only(truthOf(spec, 'h', 6, { method: 'udp' })),
      { hops: ['2001:db8:1::2', '2001:db8:1:1::2', '2001:db8:1:2::2', '2001:db8:1:3::11'], flag: '!H', stop: 'unreachable', reached: false })
  })

  it('a DROP at the target: the answered hops, then gapLimit silent rows, or silence up to maxHops', function () {
    const spec = lineWith(s => {
      s.hosts[1].aliases = ['d']
      s.hosts[1].firewall = [{ chain: 'input', to: 'd', action: { kind: 'drop' } }]
    })
    const answered = ['198.18.0.2', '198.18.1.2', '198.18.2.2']
    assert.deepEqual(only(truthOf(spec, 'd', 4, { method: 'icmp' })), { hops: [...answered, '*', '*', '*', '*', '*'], stop: 'gap', reached: false })
    assert.deepEqual(only(truthOf(spec, 'd', 4, { method: 'icmp', gapLimit: 2 })), { hops: [...answered, '*', '*'], stop: 'gap', reached: false })
    assert.deepEqual(only(truthOf(spec, 'd', 4, { method: 'udp', maxHops: 6 })), { hops: [...answered, '*', '*', '*'], stop: 'max-hops', reached: false })
    assert.deepEqual(only(truthOf(spec, 'd', 4, { method: 'udp', firstHop: 3, maxHops: 4 })), { hops: ['198.18.2.2', '*'], stop: 'max-hops', reached: false })
  })

  it('routes: unreachable and prohibit answer at the router whatever the TTL, a blackhole stays silent', function () {
    const spec = lineWith(s => {
      s.prefixes = [
        { name: 'u', router: 'r2', kind: 'unreachable' },
        { name: 'p', router: 'r2', kind: 'prohibit' },
        { name: 'b', router: 'r2', kind: 'blackhole' }
      ]
    })
    assert.deepEqual(only(truthOf(spec, 'u', 4, { method: 'icmp' })), { hops: ['198.18.0.2', '198.18.1.2'], flag: '!H', stop: 'unreachable', reached: false })
    assert.deepEqual(only(truthOf(spec, 'u', 6, { method: 'udp' })), { hops: ['2001:db8:1::2', '2001:db8:1:1::2'], flag: '!N', stop: 'unreachable', reached: false })
    assert.deepEqual(only(truthOf(spec, 'p', 4, { method: 'udp' })), { hops: ['198.18.0.2', '198.18.1.2'], flag: '!X', stop: 'unreachable', reached: false })
    assert.deepEqual(only(truthOf(spec, 'p', 6, { method: 'icmp' })), { hops: ['2001:db8:1::2', '2001:db8:1:1::2'], flag: '!X', stop: 'unreachable', reached: false })
    assert.deepEqual(only(truthOf(spec, 'b', 4, { method: 'icmp' })), { hops: ['198.18.0.2', '*', '*', '*', '*', '*'], stop: 'gap', reached: false })
    assert.deepEqual(only(truthOf(spec, 'u', 4, { method: 'icmp', firstHop: 2 })), { hops: ['198.18.1.2'], flag: '!H', stop: 'unreachable', reached: false })
  })

  it('a loop: hops up to the second appearance of an address, silent loop routers in between', function () {
    const spec = lineWith(s => { s.prefixes = [{ name: 'l', router: 'r2', kind: 'loop', via: 'r3' }] })
    assert.deepEqual(only(truthOf(spec, 'l', 4, { method: 'icmp' })),
      { hops: ['198.18.0.2', '198.18.1.2', '198.18.2.2', '198.18.2.1', '198.18.2.2'], stop: 'loop', reached: false })
    spec.routers[2].silent = true
    assert.deepEqual(only(truthOf(spec, 'l', 6, { method: 'udp' })),
      { hops: ['2001:db8:1::2', '2001:db8:1:1::2', '*', '2001:db8:1:2::1', '*', '2001:db8:1:2::1'], stop: 'loop', reached: false })
    assert.deepEqual(only(truthOf(spec, 'l', 4, { method: 'udp', maxHops: 5 })),
      { hops: ['198.18.0.2', '198.18.1.2', '*', '198.18.2.1', '*'], stop: 'max-hops', reached: false })
    assert.throws(() => parseTopology(lineWith(s => { s.prefixes = [{ name: 'l', router: 'r1', kind: 'loop', via: 'r3' }] })), /needs "via"/)
  })

  it('a router\'s own address is answered from that address, by the router, as the destination', function () {
    assert.deepEqual(only(truthOf(line(3), '198.18.3.1', 4, { method: 'udp' })),
      { hops: ['198.18.0.2', '198.18.1.2', '198.18.3.1'], stop: 'reached', reached: true })
    const silent = line(3)
    silent.routers[2].silent = true
    assert.deepEqual(only(truthOf(silent, '2001:db8:1:3::1', 6, { method: 'icmp' })),
      { hops: ['2001:db8:1::2', '2001:db8:1:1::2', '2001:db8:1:3::1'], stop: 'reached', reached: true })
  })

  it('firewall rules match probes only, and name the target per family', function () {
    const commands = firewallCommands({ chain: 'input', to: 'x', action: { kind: 'drop' } },
      (name, family) => family === 4 ? '198.18.3.16' : '2001:db8:1:3::10')
    assert.deepEqual(commands, [
      'iptables -A INPUT -d 198.18.3.16 -p udp -j DROP',
      'iptables -A INPUT -d 198.18.3.16 -p icmp --icmp-type echo-request -j DROP',
      'ip6tables -A INPUT -d 2001:db8:1:3::10 -p udp -j DROP',
      'ip6tables -A INPUT -d 2001:db8:1:3::10 -p ipv6-icmp --icmpv6-type echo-request -j DROP'
    ])
    assert.throws(() => parseTopology(lineWith(s => {
      s.routers[0].firewall = [{ chain: 'input', to: 'dst', action: { kind: 'drop' } }]
    })), /does not own/)
  })

  it('judges: a Paris trace must follow one path; a per-probe flow may mix paths; no false address ever', function () {
    const truth: TraceTruth = {
      target: 't', family: 4, method: 'icmp', firstHop: 1, maxHops: 30, gapLimit: 5,
      paths: [
        { hops: ['a', 'b', 't'], stop: 'reached', reached: true },
        { hops: ['a', 'c', 't'], stop: 'reached', reached: true }
      ]
    }
    const report = { stop: 'reached' as const, reached: true, paris: true, runsToMaxHops: false }
    assert.equal(judge(truth, { ...report, hops: ['a', 'c', 't'] }).right, true)
    assert.equal(judge(truth, { ...report, hops: ['a', 'x', 't'] }).right, false)
    assert.equal(judge(truth, { ...report, hops: ['a', 'c', 't'], stop: 'unreachable' }).right, false)
    assert.equal(judge(truth, { ...report, hops: ['a', 'c', 't'], flag: '!X' }).right, false)
    assert.equal(judge(truth, { ...report, hops: ['a', 'c', 't'], addrs: [['a'], ['b', 'c'], ['t']] }).right, false)
    assert.equal(judge(truth, { ...report, paris: false, hops: ['a', 'c', 't'], addrs: [['a'], ['b', 'c'], ['t']] }).right, true)
    const gap: TraceTruth = { ...truth, paths: [{ hops: ['a', '*', '*'], stop: 'gap', reached: false }], gapLimit: 2 }
    const runsOn = { stop: 'max-hops' as const, reached: false, paris: true, runsToMaxHops: true }
    assert.equal(judge(gap, { ...runsOn, hops: ['a', '*', '*', '*', '*'] }).right, true)
    assert.equal(judge(gap, { ...runsOn, hops: ['a', '*', '*', 'q', '*'] }).right, false)
    assert.equal(judge(gap, { ...runsOn, hops: ['a', '*', '*'], runsToMaxHops: false, stop: 'gap' }).right, true)
    // The gap ends at maxHops: a tool that tests the hop limit first names it, any other the gap.
    const tie: TraceTruth = { ...gap, maxHops: 3 }
    const scamperLike = { ...runsOn, hops: ['a', '*', '*'], runsToMaxHops: false, hopLimitFirst: true }
    assert.equal(judge(tie, scamperLike).right, true)
    assert.equal(judge(tie, { ...scamperLike, stop: 'gap' }).right, false)
    assert.equal(judge(tie, { ...scamperLike, hopLimitFirst: false }).right, false)
    assert.equal(judge(tie, { ...scamperLike, hopLimitFirst: false, stop: 'gap' }).right, true)
    assert.equal(judge(gap, scamperLike).right, false)
  })
})
