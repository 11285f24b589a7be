// Peers behind NAT, as real processes on an emulated WAN: three public sites and three behind home routers that
// masquerade and forward nothing in. The NAT'd peers join through a public one, trace, answer the others' floods,
// and nobody ever tries to open a connection to a NAT'd peer's private address (counted by the NAT's own firewall).

import assert from 'node:assert/strict'
import { createLab, inboundConnectionAttempts, masquerade, natSites, requireRoot, type Lab } from '../harness/index.js'
import { startPeer, type PeerProcess } from '../harness/peer-process.js'
import { parseTraceJson, runTrace } from '../overlay/trace-client-runner.js'

const PUBLIC = ['p1', 'p2', 'p3']
const NATTED = ['n1', 'n2', 'n3']
const ALL = [...PUBLIC, ...NATTED]
const gatewayOf = (host: string): string => `g${host.slice(1)}`
const FORMATION_TIMEOUT_MS = 60_000
const TARGET_HOST = 'p3'

describe('peers behind NAT: 3 public and 3 NAT\'d peer processes', function () {
  this.timeout(180_000)
  let lab: Lab
  const peers = new Map<string, PeerProcess>()

  const peer = (host: string): PeerProcess => {
    const p = peers.get(host)
    if (p === undefined) throw new Error(`no peer on ${host}`)
    return p
  }

  before(async function () {
    requireRoot(this)
    lab = await createLab(natSites(PUBLIC.length, NATTED.length))
    for (const host of NATTED) await masquerade(lab, gatewayOf(host), host)
    const start = async (host: string, bootstrap: string[]): Promise<void> => {
      peers.set(host, await startPeer(lab, host, { bootstrap, debug: 'peertrace:reachability' }))
    }
    await start('p1', [])
    await Promise.all(ALL.filter(h => h !== 'p1').map(async h => { await start(h, [peer('p1').address]) }))
    // A NAT'd peer can only dial out: every public peer is its neighbour, and no one else; a public peer has all five.
    await Promise.all(PUBLIC.map(async h => {
      await peer(h).until('5 neighbours', () => peer(h).neighbours === ALL.length - 1, FORMATION_TIMEOUT_MS)
    }))
    await Promise.all(NATTED.map(async h => {
      await peer(h).until('3 neighbours', () => peer(h).neighbours === PUBLIC.length, FORMATION_TIMEOUT_MS)
    }))
  })

  after(async function () {
    await Promise.allSettled([...peers.values()].map(async p => { await p.shutdown() }))
    await lab?.destroy()
  })

  it('the NAT\'d peers learn from identify that they are behind a NAT and take a relay; the public ones do not', async function () {
    // Its relayed address goes through one of the public peers (each of which runs a relay).
    const relayedVia = new RegExp(`relayed address /ip4/(${PUBLIC.map(h => lab.addr(h, 4).replaceAll('.', '\\.')).join('|')})/tcp/\\d+/p2p/\\S+/p2p-circuit`)
    await Promise.all(NATTED.map(async h => {
      await peer(h).until('behind a NAT', () => peer(h).log.includes('behind a NAT'), FORMATION_TIMEOUT_MS)
      await peer(h).until('a relayed address', () => relayedVia.test(peer(h).log), FORMATION_TIMEOUT_MS)
    }))
    for (const h of PUBLIC) {
      assert.ok(!peer(h).log.includes('behind a NAT'), `${h} thinks it is behind a NAT`)
      assert.ok(!peer(h).log.includes('relayed address'), `${h} took a relay`)
    }
  })

  for (const entryHost of ['n1', 'p2']) {
    it(`a trace entered at ${entryHost} is answered by all 6 peers, each path the ground truth`, async function () {
      const target = lab.addr(TARGET_HOST, 4)
      const run = await runTrace(lab, entryHost, peer(entryHost), target, { format: 'json' })
      assert.equal(run.code, 0, run.stderr)
      const { results, summary } = parseTraceJson(run.stdout)
      assert.deepEqual(results.map(r => r.peer).sort(), ALL.map(h => peer(h).peerId).sort())
      assert.equal(summary.answered, ALL.length)
      assert.deepEqual(summary.failed, [])
      for (const result of results) {
        const host = ALL.find(h => peer(h).peerId === result.peer) ?? ''
        assert.equal(result.error, undefined, `${host}: ${JSON.stringify(result.error)}`)
        assert.equal(result.reached, true, host)
        assert.deepEqual(result.hops.map(h => h.addr), lab.path(host, TARGET_HOST, 4), host)
      }
    })
  }

  it('no peer ever tried to open a connection to a NAT\'d peer\'s private address', async function () {
    for (const host of NATTED) {
      assert.equal(await inboundConnectionAttempts(lab, gatewayOf(host)), 0, `connection attempts through ${gatewayOf(host)} to ${host}`)
    }
  })
})
