// `peertrace trace --rounds N` through real peer processes: the rounds count travels in the signed request and
// every vantage point runs N rounds. Two vantage points reach one target by routers of their own; ra drops every
// 4th time-exceeded error it sends, so over 8 rounds va's hop 1 shows exactly 25 % loss and every other hop of
// either vantage point 0 %, each with Snt 8, in the `-F table` that --rounds prints by default.

import assert from 'node:assert/strict'
import { createLab, parseMtrReport, requireRoot, type Lab, type TopologySpec } from '../harness/index.js'
import { PEERTRACE_CLI, startPeer, type PeerProcess } from '../harness/peer-process.js'
import { waitFor } from '../node/wait-for.js'
import { parseTraceJson } from './trace-client-runner.js'
import { DEFAULT_TRACE_TIMEOUT_S } from '../../src/node/constants.js'
import { ROUND_INTERVAL_MS, ROUNDS_START_GAP_MS } from '../../src/engine/constants.js'

const EVERY = 4
const ROUNDS = 8
const DIRECTORY_TIMEOUT_MS = 60_000

/** va — ra (lossy) — core — dst, and vb — rb — core: each vantage point's first router is its own. */
const SPEC: TopologySpec = {
  hosts: [{ name: 'va', rateLimit: false }, { name: 'vb', rateLimit: false }, { name: 'dst', rateLimit: false }],
  routers: [{ name: 'ra', rateLimit: false, lossEvery: EVERY }, { name: 'rb', rateLimit: false }, { name: 'core', rateLimit: false }],
  links: [{ a: 'va', b: 'ra' }, { a: 'vb', b: 'rb' }, { a: 'ra', b: 'core' }, { a: 'rb', b: 'core' }, { a: 'core', b: 'dst' }]
}

describe(`trace --rounds ${ROUNDS} through two peer processes, one behind a router losing every ${EVERY}th answer`, function () {
  this.timeout(180_000)
  let lab: Lab
  const peers: PeerProcess[] = []

  before(async function () {
    requireRoot(this)
    lab = await createLab(SPEC)
    const first = await startPeer(lab, 'va', { name: 'va' })
    peers.push(first, await startPeer(lab, 'vb', { name: 'vb', bootstrap: [first.address] }))
    await waitFor(async () => {
      const run = await lab.exec('va', [process.execPath, PEERTRACE_CLI, 'peers', '--peer', first.address, '--json'], { timeoutMs: 30_000 })
      return run.code === 0 && (JSON.parse(run.stdout) as unknown[]).length === 2
    }, { timeoutMs: DIRECTORY_TIMEOUT_MS, intervalMs: 1000, what: 'the entry to know both vantage points' })
  })

  after(async function () {
    await Promise.allSettled(peers.map(async p => { await p.shutdown() }))
    await lab?.destroy()
  })

  it('each vantage point\'s table: Snt 8 on every hop, exactly 25 % at va\'s lossy first hop, 0 % elsewhere', async () => {
    const target = lab.addr('dst', 4)
    // No -F and no -t: --rounds prints the table and waits the rounds' time on top of the default timeout.
    const run = await lab.exec('va', [process.execPath, PEERTRACE_CLI, 'trace', '--peer', (peers[0] as PeerProcess).address,
      '--rounds', String(ROUNDS), target], { timeoutMs: 90_000 })
    assert.equal(run.code, 0, `exit ${String(run.code)}\n${run.stderr}\n${run.stdout}`)
    const tables = new Map(run.stdout.split(/^(?=HOST: )/m).filter(t => t.startsWith('HOST: ')).map(t => [t.split(/\s/)[1], t]))
    assert.deepEqual([...tables.keys()].sort(), ['va', 'vb'], run.stdout)
    for (const vantage of ['va', 'vb']) {
      const path = lab.path(vantage, 'dst', 4)
      const want = path.map((host, i) => ({ hop: i + 1, host, lossPct: vantage === 'va' && i === 0 ? 100 / EVERY : 0, sent: ROUNDS }))
      assert.deepEqual(parseMtrReport(tables.get(vantage) as string), want, tables.get(vantage))
    }
  })

  it('more rounds than the default timeout holds: -t grows by their time, and every round of every hop arrives', async () => {
    // Round r leaves 2.1 s + (r - 1) s after the path is found: round 24 at 25.1 s, past the default timeout, which
    // would have cut the rounds short there.
    const rounds = 24
    assert.ok(ROUNDS_START_GAP_MS + (rounds - 1) * ROUND_INTERVAL_MS > DEFAULT_TRACE_TIMEOUT_S * 1000)
    const run = await lab.exec('va', [process.execPath, PEERTRACE_CLI, 'trace', '--peer', (peers[0] as PeerProcess).address,
      '--rounds', String(rounds), '-F', 'json', lab.addr('dst', 4)], { timeoutMs: 120_000 })
    assert.equal(run.code, 0, `exit ${String(run.code)}\n${run.stderr}`)
    const { results, summary } = parseTraceJson(run.stdout)
    assert.equal(summary.answered, 2)
    for (const result of results) {
      assert.equal(result.stop, 'reached', result.name)
      const path = lab.path(result.name, 'dst', 4)
      assert.deepEqual(result.hops.map(h => h.addr), path, result.name)
      for (const hop of result.hops) {
        const counted = (hop.probes ?? []).filter(p => p.round !== undefined)
        assert.deepEqual(counted.map(p => p.round), Array.from({ length: rounds }, (_, i) => i + 1), `${result.name} hop ${hop.ttl}`)
        const lost = counted.filter(p => p.addr === null).length
        assert.equal(lost, result.name === 'va' && hop.ttl === 1 ? rounds / EVERY : 0, `${result.name} hop ${hop.ttl}`)
      }
    }
  })
})
