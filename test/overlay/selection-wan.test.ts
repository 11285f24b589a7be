// Choosing vantage points with real peer processes on the emulated WAN: six `peertrace node` processes in six wan8
// sites, four of them tagged `edge`, one `core`; `peertrace peers` lists every one with its labels, and
// `trace --from` answers from exactly the named or tagged peers, `--limit K` from exactly K of them, and a label
// nobody carries is a usage error (exit 2). Every answer is checked against the labels the test gave.

import assert from 'node:assert/strict'
import { createLab, requireRoot, wan8, type Lab } from '../harness/index.js'
import { PEERTRACE_CLI, startPeer, type PeerProcess } from '../harness/peer-process.js'
import { waitFor } from '../node/wait-for.js'
import { parseTraceJson, runTrace } from './trace-client-runner.js'
import type { PeerRow } from '../../src/model/vantage-description.js'

const HOSTS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6']
const EDGE = ['h2', 'h3', 'h4', 'h5']
const TARGET_HOST = 'h7'
const DIRECTORY_TIMEOUT_MS = 90_000

const nameOf = (host: string): string => `site${host.slice(1)}`
const tagsOf = (host: string): string[] => EDGE.includes(host) ? ['edge'] : host === 'h6' ? ['core'] : []


describe('vantage point selection on an emulated WAN: 6 tagged peer processes', function () {
  this.timeout(240_000)
  let lab: Lab
  const peers: PeerProcess[] = []

  const listPeers = async (): Promise<PeerRow[]> => {
    const run = await lab.exec('h1', [process.execPath, PEERTRACE_CLI, 'peers', '--peer', (peers[0] as PeerProcess).address, '--json'], { timeoutMs: 30_000 })
    assert.equal(run.code, 0, run.stderr)
    return JSON.parse(run.stdout) as PeerRow[]
  }

  const trace = async (args: string[]): Promise<{ peers: string[], answered: number, failed: number, stderr: string }> => {
    const run = await runTrace(lab, 'h1', peers[0] as PeerProcess, lab.addr(TARGET_HOST, 4), { extraArgs: ['--max-hops', '8', ...args] })
    assert.equal(run.code, 0, `${args.join(' ')}: exit ${String(run.code)}\n${run.stderr}`)
    const { results, summary } = parseTraceJson(run.stdout)
    for (const result of results) assert.equal(result.reached, true, `${result.name} did not reach the target`)
    return { peers: results.map(r => r.name).sort(), answered: summary.answered, failed: summary.failed.length, stderr: run.stderr }
  }

  before(async function () {
    requireRoot(this)
    lab = await createLab(wan8())
    const start = async (host: string, bootstrap: string[]): Promise<PeerProcess> => {
      const extraArgs = [...tagsOf(host).flatMap(tag => ['--tag', tag]), '--country', host === 'h3' ? 'DE' : 'FR']
      const p = await startPeer(lab, host, { name: nameOf(host), bootstrap, extraArgs })
      peers.push(p)
      return p
    }
    const first = await start('h1', [])
    await Promise.all(HOSTS.slice(1).map(async h => await start(h, [first.address])))
    // The directory converges by gossip: wait until the entry's lists every peer.
    const tookMs = await waitFor(async () => (await listPeers()).length === HOSTS.length, {
      timeoutMs: DIRECTORY_TIMEOUT_MS, intervalMs: 1000, what: 'the entry to know every vantage point'
    })
    console.log(`      the entry knew all ${HOSTS.length} vantage points ${Math.round(tookMs)} ms after the last peer started`)
  })

  after(async function () {
    await Promise.allSettled(peers.map(async p => { await p.shutdown() }))
    await lab?.destroy()
  })

  it('peers lists every live peer with its name, labels and families', async () => {
    const rows = await listPeers()
    assert.deepEqual(rows.map(r => r.name).sort(), HOSTS.map(nameOf).sort())
    for (const row of rows) {
      const host = `h${row.name.slice(4)}`
      assert.deepEqual(row.tags, tagsOf(host), row.name)
      assert.equal(row.country, host === 'h3' ? 'DE' : 'FR', row.name)
      assert.ok(row.families.includes('ipv4'), row.name)
      assert.equal(row.peer, peers.find(p => p.name === row.name)?.peerId)
    }
  })

  it('--from a name, a tag, a country: exactly the peers that carry it answer', async () => {
    assert.deepEqual((await trace(['--from', 'site3'])).peers, ['site3'])
    const edge = await trace(['--from', 'edge'])
    assert.deepEqual(edge.peers, EDGE.map(nameOf))
    assert.equal(edge.answered, 4)
    assert.equal(edge.failed, 0)
    assert.deepEqual((await trace(['--from', 'core,DE'])).peers, ['site3', 'site6'])
    assert.deepEqual((await trace(['--from', 'edge+FR'])).peers, ['site2', 'site4', 'site5'])
  })

  it('--limit 1 and --limit 2 over 4 matching: exactly that many answer, all of them matching', async () => {
    for (const k of [1, 2]) {
      const run = await trace(['--from', 'edge', '--limit', String(k)])
      assert.equal(run.peers.length, k, run.peers.join(','))
      assert.equal(run.answered, k)
      assert.equal(run.failed, 0)
      assert.ok(run.peers.every(name => EDGE.map(nameOf).includes(name)), run.peers.join(','))
      assert.match(run.stderr, new RegExp(`4 vantage points match edge: ${k} drawn at random`))
    }
    // More asked for than match: every matching one answers, and the client says so.
    const run = await trace(['--from', 'core', '--limit', '3'])
    assert.deepEqual(run.peers, ['site6'])
    assert.match(run.stderr, /only 1 vantage points match core \(asked for 3\)/)
  })

  /** The id of the trace the entry logged last after `offset` characters of its log (its line per trace). */
  const loggedTraceId = async (offset: number): Promise<string> => {
    const entry = peers[0] as PeerProcess
    const line = /^\S+ trace ([0-9a-f]{32}) from /m
    await entry.until('its line for the trace', () => line.test(entry.log.slice(offset)), 10_000)
    return (line.exec(entry.log.slice(offset)) as RegExpExecArray)[1] as string
  }

  it('with --limit, only the chosen peers receive the request (straight from the entry): no other peer logs it', async () => {
    const others = peers.slice(1)
    // Without a limit the request floods: every other peer logs that it serves it, relay or vantage point.
    let offset = (peers[0] as PeerProcess).log.length
    await trace(['--from', 'edge'])
    const flooded = await loggedTraceId(offset)
    for (const peer of others) await peer.until(`its line for ${flooded}`, () => peer.log.includes(`serving trace ${flooded} `), 10_000)
    // 8 draws of 1 among 4: all alike with probability 4^-7 (the request id, which the CLI draws, decides).
    const picks = new Set<string>()
    for (const k of [1, 1, 1, 1, 1, 1, 1, 1, 2, 2]) {
      offset = (peers[0] as PeerProcess).log.length
      const run = await trace(['--from', 'edge', '--limit', String(k)])
      assert.equal(run.peers.length, k)
      const id = await loggedTraceId(offset)
      for (const peer of others) {
        if (run.peers.includes(peer.name)) {
          await peer.until(`its line for ${id}`, () => new RegExp(`serving trace ${id} .* straight from the entry$`, 'm').test(peer.log), 10_000)
        }
      }
      // The chosen logged theirs: a copy flooded to the others would have been logged before the results came back.
      for (const peer of others) if (!run.peers.includes(peer.name)) assert.ok(!peer.log.includes(id), `${peer.name} received ${id}`)
      if (k === 1) picks.add(run.peers[0] as string)
    }
    console.log(`      --limit 1 drew ${[...picks].sort().join(', ')} in 8 runs`)
    assert.ok(picks.size > 1, 'every --limit 1 run drew the same peer')
  })

  it('--from a label nobody carries is a usage error, and nothing is traced', async () => {
    const run = await runTrace(lab, 'h1', peers[0] as PeerProcess, lab.addr(TARGET_HOST, 4), { extraArgs: ['--from', 'nowhere'] })
    assert.equal(run.code, 2)
    assert.equal(run.stdout, '')
    assert.match(run.stderr, /no vantage point matches nowhere/)
  })
})
