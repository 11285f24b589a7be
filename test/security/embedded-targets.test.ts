// Issue 14, item 8, with real node processes: IPv4-compatible IPv6 (`::7f00:1`, `::a00:1`, `::c0a8:101`, also
// written `::127.0.0.1`), IPv6 outside 2000::/3 (`4000::1`, `e000::1`), the NAT64 and 6to4 forms of refused IPv4
// addresses and an IPv4-mapped loopback were allowed by a peer run with the lab's ranges open, and `::127.0.0.1`
// reached the send call. Three `peertrace node`s in lab namespaces (fanout: t1, t2, t3 behind r2), asked by the real
// trace client in src: every peer refuses every one of them with ERR_TARGET_POLICY, and no packet leaves a peer for
// them. Each peer's namespace is given a route for each such address through its lab router (so a probe, were one
// sent, would leave by the lab link and be counted) and an OUTPUT rule per address that drops and counts; the
// counters read 0 afterwards. The same kind of rule, counting only, for a lab address the peers may trace reads
// the probes of a trace to it: the counters see what the engine sends.
//
// Network safety: before any route is added, every peer's namespace is shown to have no default route and no route
// to any of these addresses, and the lab router behind them none either; the rules drop what they count.

import assert from 'node:assert/strict'
import { createLab, fanout, requireRoot, type Lab } from '../harness/index.js'
import { startPeer, type PeerProcess } from '../harness/peer-process.js'
import { parseTraceJson, runTrace } from '../overlay/trace-client-runner.js'

const PEER_HOSTS = ['t1', 't2', 't3']
const ROUTER = 'r2'
const FORMATION_TIMEOUT_MS = 60_000
const COMMAND_TIMEOUT_MS = 10_000
const EXIT_FAILURE = 1

/** [target as asked, the address it is probed as (the rule's), the refusal's reason]. */
const REFUSED_V6: Array<[string, string, string]> = [
  ['::7f00:1', '::7f00:1', '::7f00:1: ipv4Compatible range'],
  ['::a00:1', '::a00:1', '::a00:1: ipv4Compatible range'],
  ['::c0a8:101', '::c0a8:101', '::c0a8:101: ipv4Compatible range'],
  ['::127.0.0.1', '::7f00:1', '::7f00:1: ipv4Compatible range'],
  ['4000::1', '4000::1', '4000::1: non-global (outside 2000::/3) range'],
  ['e000::1', 'e000::1', 'e000::1: non-global (outside 2000::/3) range'],
  ['64:ff9b::7f00:1', '64:ff9b::7f00:1', '64:ff9b::7f00:1: NAT64 form of 127.0.0.1, a refused address'],
  ['2002:a00:1::1', '2002:a00:1::1', '2002:a00:1::1: 6to4 form of 10.0.0.1, a refused address']
]
/** IPv4-mapped: judged, and (were it sent) probed, as its IPv4 address. */
const MAPPED: [string, string, string] = ['::ffff:127.0.0.1', '127.0.0.1', '127.0.0.1: loopback range']
const V6_RULE_ADDRESSES = [...new Set(REFUSED_V6.map(([, probed]) => probed))]

describe('security: IPv4-carrying and non-global IPv6 targets, refused by real peers in lab namespaces (issue 14, item 8)', function () {
  this.timeout(240_000)
  let lab: Lab | undefined
  const peers: PeerProcess[] = []
  let control = ''

  const run = async (host: string, argv: string[]): Promise<string> => {
    const result = await lab!.exec(host, argv, { timeoutMs: COMMAND_TIMEOUT_MS })
    assert.equal(result.code, 0, `${host}: ${argv.join(' ')}: ${result.stderr}`)
    return result.stdout
  }

  /** The packets each counting rule of `host`'s OUTPUT chain has seen, by the rule's comment. */
  const counters = async (host: string): Promise<Map<string, number>> => {
    const counted = new Map<string, number>()
    for (const save of ['iptables-save', 'ip6tables-save']) {
      for (const line of (await run(host, [save, '-c', '-t', 'filter'])).split('\n')) {
        const rule = /^\[(\d+):\d+\] -A OUTPUT .*--comment "?(peertrace-[^"\s]+)"?/.exec(line)
        if (rule !== null) counted.set(rule[2], (counted.get(rule[2]) ?? 0) + Number(rule[1]))
      }
    }
    return counted
  }

  before(async function () {
    requireRoot(this)
    lab = await createLab(fanout(3, 1))
    control = lab.addr('src', 6)
    // Network safety first: no way out of the lab from the peers' namespaces or their router, before we add any.
    for (const host of [...PEER_HOSTS, ROUTER]) {
      assert.equal((await run(host, ['ip', '-4', 'route', 'show', 'default'])).trim(), '', `${host} has a default route`)
      assert.equal((await run(host, ['ip', '-6', 'route', 'show', 'default'])).trim(), '', `${host} has a default route`)
      for (const addr of V6_RULE_ADDRESSES) {
        const lookup = await lab.exec(host, ['ip', '-6', 'route', 'get', addr], { timeoutMs: COMMAND_TIMEOUT_MS })
        assert.notEqual(lookup.code, 0, `${host} has a route to ${addr}: ${lookup.stdout}`)
      }
    }
    for (const host of PEER_HOSTS) {
      const gateway = lab.linkAddr(ROUTER, host, 6)
      for (const [i, addr] of V6_RULE_ADDRESSES.entries()) {
        await run(host, ['ip', '-6', 'route', 'add', `${addr}/128`, 'via', gateway])
        await run(host, ['ip6tables', '-A', 'OUTPUT', '-d', `${addr}/128`, '-m', 'comment', '--comment', `peertrace-refused-${i}`, '-j', 'DROP'])
      }
      // The traces probe with ICMP (the client's default method): an echo request to 127.0.0.1 would be the probe.
      // Not UDP: the node's own sockets on loopback exchange a 1-byte datagram (seen once, 127.0.0.1 to 127.0.0.1).
      await run(host, ['iptables', '-A', 'OUTPUT', '-d', `${MAPPED[1]}/32`, '-p', 'icmp', '-m', 'comment', '--comment', 'peertrace-mapped-icmp', '-j', 'DROP'])
      await run(host, ['ip6tables', '-A', 'OUTPUT', '-d', `${control}/128`, '-m', 'comment', '--comment', 'peertrace-control'])
    }
    const first = await startPeer(lab, 't1')
    peers.push(first)
    for (const host of PEER_HOSTS.slice(1)) peers.push(await startPeer(lab, host, { bootstrap: [first.address] }))
    await first.until('2 neighbours', () => first.neighbours >= 2, FORMATION_TIMEOUT_MS)
    await Promise.all(peers.map(async p => { await p.until('a neighbour', () => p.neighbours >= 1, FORMATION_TIMEOUT_MS) }))
  })

  after(async function () {
    await Promise.allSettled(peers.map(async p => { await p.shutdown() }))
    // The routes and rules live in the lab's namespaces: they go with them.
    await lab?.destroy()
  })

  for (const [target, , reason] of [...REFUSED_V6, MAPPED]) {
    it(`${target}: every peer refuses it with ERR_TARGET_POLICY`, async () => {
      const trace = await runTrace(lab!, 'src', peers[0], target)
      assert.equal(trace.code, EXIT_FAILURE, JSON.stringify(trace))
      const { results, summary } = parseTraceJson(trace.stdout)
      assert.deepEqual(results.map(r => r.name).sort(), PEER_HOSTS)
      for (const r of results) {
        assert.deepEqual(r.error, { code: 'ERR_TARGET_POLICY', message: `target policy refused ${reason}` }, r.name)
        assert.deepEqual([r.addr, r.reached, r.hops], [null, false, []], `${r.name}: nothing was probed`)
      }
      assert.equal(summary.answered, 0)
      assert.deepEqual(summary.failed.map(f => f.name).sort(), PEER_HOSTS)
      assert.ok(peers.every(p => p.alive))
    })
  }

  it('no packet left any peer for those addresses; the same rule counts the probes of a lab target', async () => {
    const trace = await runTrace(lab!, 'src', peers[0], control)
    assert.equal(trace.code, 0, JSON.stringify(trace))
    const { results, summary } = parseTraceJson(trace.stdout)
    assert.equal(summary.answered, PEER_HOSTS.length)
    for (const r of results) assert.deepEqual(r.hops.map(h => h.addr), lab!.path(r.name, 'src', 6), r.name)
    for (const host of PEER_HOSTS) {
      const counted = await counters(host)
      const refused = V6_RULE_ADDRESSES.map((addr, i) => [addr, counted.get(`peertrace-refused-${i}`)])
      assert.deepEqual(refused, V6_RULE_ADDRESSES.map(addr => [addr, 0]), `${host}: packets to refused addresses`)
      assert.equal(counted.get('peertrace-mapped-icmp'), 0, `${host}: ICMP to ${MAPPED[1]}`)
      // Each hop of the path was probed at least once (DEFAULT_QUERIES each): the counters see the engine's probes.
      const probes = counted.get('peertrace-control') ?? 0
      assert.ok(probes >= lab!.path(host, 'src', 6).length, `${host}: ${probes} probes to the lab target counted`)
    }
  })
})
