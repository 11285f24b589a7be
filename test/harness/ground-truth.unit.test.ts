// Unit tests of the harness's pure parts (topology checks, address plan, routing, ground truth, the generated
// setup scripts): no namespaces, no root.

import assert from 'node:assert/strict'
import { AddressPlan, canonicalAddress } from './address-plan.js'
import { HarnessError } from './errors.js'
import { groundTruth, singlePath } from './ground-truth.js'
import type { TruthContext } from './ground-truth.js'
import { addressRouteBatch, sysctlScript, vethBatch } from './node-config.js'
import { RoutingTable } from './routing.js'
import type { TopologySpec } from './spec.js'
import { parseTraceroute } from './system-traceroute.js'
import { ecmp, fanout, line, silentRouter, unreachable, wan8 } from './topologies.js'
import { nodeOf, parseTopology } from './topology.js'

function context (spec: TopologySpec): TruthContext {
  const topology = parseTopology(spec)
  return { topology, plan: new AddressPlan(topology), routes: new RoutingTable(topology) }
}

const isCode = (code: string) => (error: unknown): boolean => error instanceof HarnessError && error.code === code

describe('harness ground truth (unit)', function () {
  it('rejects malformed topologies with E_TOPOLOGY', function () {
    const bad: TopologySpec[] = [
      { hosts: [{ name: 'a' }, { name: 'a' }], routers: [], links: [] },
      { hosts: [{ name: 'a' }], routers: [], links: [{ a: 'a', b: 'a' }] },
      { hosts: [{ name: 'a' }], routers: [{ name: 'r' }], links: [{ a: 'a', b: 'r' }, { a: 'r', b: 'a' }] },
      { hosts: [{ name: 'a b' }], routers: [], links: [] },
      { hosts: [{ name: 'a' }, { name: 'b' }], routers: [], links: [{ a: 'a', b: 'b' }, { a: 'a', b: 'c' }] },
      { hosts: [{ name: 'a' }], routers: [], links: [] }
    ]
    for (const spec of bad) assert.throws(() => parseTopology(spec), isCode('E_TOPOLOGY'))
  })

  it('writes IPv6 addresses in the canonical form traceroute prints', function () {
    assert.equal(canonicalAddress('2001:0db8:0001:0000:0000:0000:0000:0002', 6), '2001:db8:1::2')
    assert.equal(canonicalAddress('2001:db8:0:0:1:0:0:1', 6), '2001:db8::1:0:0:1')
    assert.equal(canonicalAddress('2001:db8:1:a:0:0:0:2', 6), '2001:db8:1:a::2')
  })

  it('walks a line hop by hop, both families', function () {
    const lab = context(line(2))
    assert.deepEqual(singlePath(lab, 'src', 'dst', 4), ['198.18.0.2', '198.18.1.2', '198.18.2.2'])
    assert.deepEqual(singlePath(lab, 'src', 'dst', 6), ['2001:db8:1::2', '2001:db8:1:1::2', '2001:db8:1:2::2'])
    assert.deepEqual(singlePath(lab, 'src', '2001:db8:1:2:0::2', 6), singlePath(lab, 'src', 'dst', 6))
    assert.deepEqual(singlePath(lab, 'r1', 'r1', 4), ['198.18.0.2'])
  })

  it('marks a silent router with "*"', function () {
    assert.deepEqual(singlePath(context(silentRouter(3)), 'src', 'dst', 4),
      ['198.18.0.2', '*', '198.18.2.2', '198.18.3.2'])
  })

  it('ends an unreachable prefix at the refusing router with its flag', function () {
    const lab = context(unreachable(3))
    assert.deepEqual(groundTruth(lab, 'src', lab.plan.unreachableTarget('r2', 4), 4),
      { paths: [['198.18.0.2', '198.18.1.2']], flag: '!H' })
    assert.deepEqual(groundTruth(lab, 'dst', lab.plan.unreachableTarget('r2', 6), 6),
      { paths: [['2001:db8:1:3::1', '2001:db8:1:2::1']], flag: '!N' })
    assert.throws(() => groundTruth(lab, 'r2', lab.plan.unreachableTarget('r2', 4), 4), isCode('E_NO_ROUTE'))
  })

  it('enumerates every equal-cost path, and only the first where ECMP is off', function () {
    assert.equal(groundTruth(context(ecmp()), 'src', 'dst', 4).paths.length, 4)
    const spec = ecmp()
    spec.routers = spec.routers.map(r => r.name === 'r1' ? { ...r, ecmp: false } : r)
    assert.equal(groundTruth(context(spec), 'src', 'dst', 4).paths.length, 2)
    assert.throws(() => singlePath(context(ecmp()), 'src', 'dst', 6), isCode('E_MULTIPATH'))
  })

  it('never routes through a host', function () {
    // a — h — b with h a host: a has no way to b.
    const spec: TopologySpec = {
      hosts: [{ name: 'h' }, { name: 'b' }],
      routers: [{ name: 'a' }],
      links: [{ a: 'a', b: 'h' }, { a: 'h', b: 'b' }]
    }
    assert.throws(() => groundTruth(context(spec), 'a', 'b', 4), isCode('E_NO_ROUTE'))
  })

  it('writes multipath routes, unreachable routes, nodad addresses and distinct ifindexes', function () {
    const lab = context(ecmp())
    const r1 = addressRouteBatch(nodeOf(lab.topology.nodes, 'r1'), lab.topology, lab.plan, lab.routes)
    assert.match(r1, /^route add 198\.18\.6\.0\/24 nexthop via 198\.18\.1\.2 dev eth1 nexthop via 198\.18\.7\.2 dev eth2$/m)
    assert.match(r1, /^addr add 2001:db8:1::2\/64 dev eth0 nodad$/m)
    const veths = vethBatch(nodeOf(lab.topology.nodes, 'src'), lab.topology, name => `ns-${name}`)
    assert.equal(veths, 'link add eth0 index 2 type veth peer name eth0 index 3 netns ns-r1\n')
    const refusing = context(unreachable(3))
    const r2 = addressRouteBatch(nodeOf(refusing.topology.nodes, 'r2'), refusing.topology, refusing.plan, refusing.routes)
    assert.match(r2, /^route add unreachable 198\.19\.128\.0\/24$/m)
    assert.match(r2, /^route add unreachable 2001:db8:2::\/64$/m)
  })

  it('turns rate limiting off only where asked, and silences with OUTPUT drops', function () {
    const lab = context(unreachable(3))
    assert.doesNotMatch(sysctlScript(nodeOf(lab.topology.nodes, 'r2')), /icmp_ratelimit/)
    assert.match(sysctlScript(nodeOf(lab.topology.nodes, 'r1')), /'0' > \/proc\/sys\/net\/ipv4\/icmp_ratelimit/)
    const silent = sysctlScript(nodeOf(context(silentRouter(3)).topology.nodes, 'r2'))
    assert.match(silent, /^iptables -A OUTPUT -p icmp --icmp-type time-exceeded -j DROP$/m)
    assert.match(silent, /^ip6tables -A OUTPUT -p ipv6-icmp --icmpv6-type time-exceeded -j DROP$/m)
  })

  it('plans the shared topologies: fanout(50) and wan8', function () {
    const many = context(fanout(50))
    for (let i = 1; i <= 50; i++) assert.equal(singlePath(many, 'src', `t${i}`, 4).length, 3)
    const wan = context(wan8())
    for (let i = 2; i <= 8; i++) assert.ok(groundTruth(wan, 'h1', `h${i}`, 6).paths.length >= 1)
    assert.ok(groundTruth(wan, 'h3', 'h8', 4).paths.length > 1, 'the core offers equal-cost paths')
  })

  it('parses traceroute -n output: silent hops, flags and RTTs', function () {
    const output = [
      'traceroute to 198.19.128.1 (198.19.128.1), 30 hops max, 60 byte packets',
      ' 1  198.18.0.2  0.045 ms  0.012 ms *',
      ' 2  * * *',
      ' 3  198.18.2.2  0.102 ms !H'
    ].join('\n')
    assert.deepEqual(parseTraceroute(output), [
      { ttl: 1, address: '198.18.0.2', rtts: [0.045, 0.012] },
      { ttl: 2, address: '*', rtts: [] },
      { ttl: 3, address: '198.18.2.2', flag: '!H', rtts: [0.102] }
    ])
  })
})
