// The target policy at work, real processes on an emulated WAN: a peer run with the default policy (no
// --allow-target) refuses a lab target (198.18/15 is a reserved range) that a requester asks for, and says so in
// its signed result (ERR_TARGET_POLICY) while the other peer traces it; restarted with --allow-target
// 198.18.0.0/15 it traces it too. `peertrace node` refuses a bad --allow-target or --deny-target before it starts:
// exit 2, one line.

import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLab, fanout, requireRoot, type Lab } from '../harness/index.js'
import { LAB_TARGET_RANGES, PEER_PORT, startPeer, type PeerProcess } from '../harness/peer-process.js'
import { runCli } from '../engine/probe-runner.js'
import { parseTraceJson, runTrace, type VantageRecord } from '../overlay/trace-client-runner.js'
import { assertOneLineError } from './lab-peers.js'

const EXIT_USAGE = 2
const FORMATION_TIMEOUT_MS = 60_000
const LAB_IPV4 = '198.18.0.0/15'

describe('security: the target policy of real peers on an emulated WAN', function () {
  this.timeout(180_000)
  let lab: Lab
  const started: PeerProcess[] = []
  let strict: PeerProcess
  let open: PeerProcess
  let target = ''

  before(async function () {
    requireRoot(this)
    assert.ok(LAB_TARGET_RANGES.includes(LAB_IPV4), 'the harness addresses IPv4 from 198.18.0.0/15')
    lab = await createLab(fanout(4, 1))
    target = lab.addr('t4', 4)
    assert.ok(target.startsWith('198.18.'), target)
    // t1 runs with the default policy; t2 with the lab's ranges opened (what startPeer() gives every peer).
    strict = await startPeer(lab, 't1', { name: 'default-policy', labTargets: false })
    started.push(strict)
    open = await startPeer(lab, 't2', { name: 'lab-policy', bootstrap: [strict.address] })
    started.push(open)
    await Promise.all([strict, open].map(async p => {
      await p.until('a neighbour', () => p.neighbours >= 1, FORMATION_TIMEOUT_MS)
    }))
  })

  after(async function () {
    await Promise.allSettled(started.map(async p => { await p.shutdown() }))
    await lab?.destroy()
  })

  const byName = (results: VantageRecord[], name: string): VantageRecord => {
    const mine = results.filter(r => r.name === name)
    assert.equal(mine.length, 1, `one result of ${name}: ${JSON.stringify(results)}`)
    return mine[0]!
  }

  const assertTraced = (result: VantageRecord): void => {
    assert.equal(result.error, undefined, JSON.stringify(result))
    assert.equal(result.addr, target)
    assert.equal(result.reached, true)
    assert.equal(result.hops.at(-1)?.addr, target)
  }

  it('the default policy refuses a reserved-range target with ERR_TARGET_POLICY; the other peer traces it', async function () {
    const run = await runTrace(lab, 'src', open, target)
    assert.equal(run.code, 0, JSON.stringify(run))
    const { results, summary } = parseTraceJson(run.stdout)
    assert.deepEqual(results.map(r => r.name).sort(), ['default-policy', 'lab-policy'])
    const refused = byName(results, 'default-policy')
    const reason = `target policy refused ${target}: reserved range`
    assert.equal(refused.peer, strict.peerId)
    assert.deepEqual(refused.error, { code: 'ERR_TARGET_POLICY', message: reason })
    assert.deepEqual([refused.addr, refused.reached, refused.hops], [null, false, []], 'nothing was probed')
    assertTraced(byName(results, 'lab-policy'))
    assert.equal(summary.answered, 1)
    assert.deepEqual(summary.failed, [{ peer: strict.peerId, name: 'default-policy', reason: `ERR_TARGET_POLICY: ${reason}` }])
    assert.equal(summary.unverified, 0)
    assert.ok(strict.alive && open.alive)
    // The refusing peer logs the refusal: one timestamped line with the request's id, origin, target and reason.
    const logged = new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z refused trace [0-9a-f]+ from \\S+ to ${target.replaceAll('.', '\\.')}: ERR_TARGET_POLICY: target policy refused`, 'm')
    await strict.until('its log line of the refusal', () => logged.test(strict.log), 10_000)
  })

  it(`restarted with --allow-target ${LAB_IPV4}, the same peer traces it`, async function () {
    const id = strict.peerId
    await strict.shutdown({ keepDataDir: true })
    strict = await startPeer(lab, 't1', {
      name: 'default-policy', dataDir: strict.dataDir, bootstrap: [open.address], labTargets: false,
      extraArgs: ['--allow-target', LAB_IPV4]
    })
    started.push(strict)
    assert.equal(strict.peerId, id)
    await strict.until('a neighbour', () => strict.neighbours >= 1, FORMATION_TIMEOUT_MS)

    // Entered at the restarted peer: it floods to the neighbour it just reported.
    const run = await runTrace(lab, 'src', strict, target)
    assert.equal(run.code, 0, JSON.stringify(run))
    const { results, summary } = parseTraceJson(run.stdout)
    assert.deepEqual(results.map(r => r.name).sort(), ['default-policy', 'lab-policy'])
    for (const result of results) assertTraced(result)
    assert.equal(summary.answered, 2)
    assert.deepEqual(summary.failed, [])
  })

  describe('`peertrace node` with a bad range: exit 2, one line, nothing started', function () {
    const cases: Array<[string, string[], RegExp]> = [
      ['--allow-target with a prefix over 32', ['--allow-target', '10.0.0.0/33'], /^peertrace: '10\.0\.0\.0\/33' is not a CIDR \(like /],
      ['--allow-target that is a name', ['--allow-target', 'example.org'], /^peertrace: 'example\.org' is not a CIDR \(like /],
      ['--allow-target 10/8 (would read as 0.0.0.0/8)', ['--allow-target', '10/8'], /^peertrace: '10\/8' is not a CIDR: write IPv4 in four decimal parts/],
      ['--deny-target with a bad IPv6 prefix', ['--deny-target', '2001:db8::/129'], /^peertrace: '2001:db8::\/129' is not a CIDR \(like /],
      ['a good --allow-target then a bad one', ['--allow-target', LAB_IPV4, '--allow-target', '198.18.0.0/'], /^peertrace: '198\.18\.0\.0\/' is not a CIDR \(like /]
    ]
    let dataDir = ''
    before(function () { dataDir = mkdtempSync(join(tmpdir(), 'peertrace-bad-policy-')) })
    after(function () { if (dataDir !== '') rmSync(dataDir, { recursive: true, force: true }) })

    for (const [title, args, pattern] of cases) {
      it(title, async function () {
        // In t3's namespace (no route out of the lab), so even a node that wrongly started could reach nothing.
        const run = await runCli(lab, 't3', [
          'node', '--host', lab.addr('t3', 4), '--port', String(PEER_PORT), '--data-dir', dataDir, '--bootstrap', open.address, ...args
        ], { timeoutMs: 20_000 })
        assertOneLineError(run, EXIT_USAGE, pattern)
        assert.deepEqual(readdirSync(dataDir), [], 'refused before it made a key')
      })
    }
  })
})
