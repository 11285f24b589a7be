// Private overlays on the emulated WAN, with the real CLI throughout: `peertrace swarm-key` makes the key; peers
// started with --swarm-key form an overlay that a peer without the key never joins and a client without it (or
// with another key) cannot trace through, while a client with it gets every result. --allow-peer: a node that
// lists one client id serves that client (--identity) and refuses any other.

import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { loadOrCreateKey } from '../../src/node/identity/key-store.js'
import { createLab, fanout, requireRoot, type Lab } from '../harness/index.js'
import { startPeer, type PeerProcess } from '../harness/peer-process.js'
import { runCli } from '../engine/probe-runner.js'
import { parseTraceJson, runTrace } from '../overlay/trace-client-runner.js'
import { assertOneLineError } from './lab-peers.js'

const EXIT_FAILURE = 1
const EXIT_USAGE = 2
const FORMATION_TIMEOUT_MS = 60_000
/** Failed dials of the keyless peer to wait for: each is one membership round, so it surely tried and kept failing. */
const FAILED_DIALS = 3
/** The membership service's debug line for a failed dial (src/node/membership.ts). */
const FAILED_DIAL = /peertrace:membership dial \S+ failed: /
const SWARM_KEY_FILE = /^\/key\/swarm\/psk\/1\.0\.0\/\n\/base16\/\n[0-9a-f]{64}\n?$/
const TRACE_TIMEOUT_S = 20
/** What an error line must never say instead of a reason. */
/** Not our words: internals, and noise's reading of a pre-shared key's ciphertext ("Message length too long - 13171 > 1024"). */
const UNHELPFUL = /undefined|\[object |Message length too long/

describe('security: private overlays and --allow-peer, real processes on an emulated WAN', function () {
  this.timeout(180_000)
  let lab: Lab
  const started: PeerProcess[] = []
  let dir = ''
  let swarmKey = ''
  let otherKey = ''
  let target = ''

  before(async function () {
    requireRoot(this)
    dir = mkdtempSync(join(tmpdir(), 'peertrace-security-'))
    lab = await createLab(fanout(5, 1))
    // Every peer traces t5 from where it stands; the lab's ranges are open to startPeer()'s peers.
    target = lab.addr('t5', 4)
  })

  after(async function () {
    await Promise.allSettled(started.map(async p => { await p.shutdown() }))
    await lab?.destroy()
    if (dir !== '') rmSync(dir, { recursive: true, force: true })
  })

  const track = (peer: PeerProcess): PeerProcess => {
    started.push(peer)
    return peer
  }

  describe('peertrace swarm-key', function () {
    it('writes a new key file (owner-only) and refuses to overwrite one', async function () {
      swarmKey = join(dir, 'swarm.key')
      otherKey = join(dir, 'other.key')
      for (const file of [swarmKey, otherKey]) {
        const made = await runCli(lab, 'src', ['swarm-key', file])
        assert.equal(made.code, 0, JSON.stringify(made))
        assert.equal(made.stderr, '')
        assert.match(made.stdout, new RegExp(`^wrote a new swarm key to ${file} .*\\n$`))
        assert.match(readFileSync(file, 'latin1'), SWARM_KEY_FILE)
        assert.equal(statSync(file).mode & 0o777, 0o600)
      }
      assert.notEqual(readFileSync(swarmKey, 'latin1'), readFileSync(otherKey, 'latin1'))
      const before = readFileSync(swarmKey)
      assertOneLineError(await runCli(lab, 'src', ['swarm-key', swarmKey]), EXIT_USAGE, /exists already: not overwritten/)
      assert.deepEqual(readFileSync(swarmKey), before)
    })
  })

  describe('--swarm-key', function () {
    let first: PeerProcess
    let second: PeerProcess
    let outsider: PeerProcess

    before(async function () {
      assert.notEqual(swarmKey, '', 'the swarm-key test made the key')
      first = track(await startPeer(lab, 't1', { name: 'private-1', extraArgs: ['--swarm-key', swarmKey] }))
      second = track(await startPeer(lab, 't2', { name: 'private-2', bootstrap: [first.address], extraArgs: ['--swarm-key', swarmKey] }))
      await Promise.all([first, second].map(async p => {
        await p.until('a neighbour', () => p.neighbours >= 1, FORMATION_TIMEOUT_MS)
      }))
    })

    it('a peer without the key dials them and fails every time: it never becomes a neighbour', async function () {
      outsider = track(await startPeer(lab, 't3', {
        name: 'outsider', bootstrap: [first.address], debug: 'peertrace:membership', labTargets: false,
        extraArgs: ['--allow-target', '198.18.0.0/15']
      }))
      const failedDials = (): number => outsider.log.split('\n').filter(line => FAILED_DIAL.test(line)).length
      await outsider.until(`${FAILED_DIALS} failed dials`, () => failedDials() >= FAILED_DIALS, FORMATION_TIMEOUT_MS)
      assert.equal(outsider.neighbours, 0)
      assert.doesNotMatch(outsider.log, /^neighbours: /m, 'the outsider never had a neighbour')
      for (const member of [first, second]) {
        assert.equal(member.neighbours, 1, `${member.name}: only the other member`)
        assert.doesNotMatch(member.log, /^neighbours: 2$/m, `${member.name} never counted the outsider`)
        assert.ok(member.alive)
      }
    })

    it('a client without the key cannot trace through them: one line naming --swarm-key, exit 1', async function () {
      const run = await runTrace(lab, 'src', first, target, { timeoutS: TRACE_TIMEOUT_S })
      assertOneLineError(run, EXIT_FAILURE, /^peertrace: cannot connect to .*\(a private overlay needs --swarm-key\)\n$/)
      assert.doesNotMatch(run.stderr, UNHELPFUL)
    })

    it('a client with another key cannot either: one line asking whether the keys match, exit 1', async function () {
      const run = await runTrace(lab, 'src', second, target, { timeoutS: TRACE_TIMEOUT_S, extraArgs: ['--swarm-key', otherKey] })
      assertOneLineError(run, EXIT_FAILURE, /^peertrace: cannot connect to .*\(does --swarm-key match the node's\?\)\n$/)
      assert.doesNotMatch(run.stderr, UNHELPFUL)
    })

    it('a client with the key traces through them: every member answers, the outsider does not', async function () {
      const run = await runTrace(lab, 'src', first, target, { timeoutS: TRACE_TIMEOUT_S, extraArgs: ['--swarm-key', swarmKey] })
      assert.equal(run.code, 0, JSON.stringify(run))
      const { results, summary } = parseTraceJson(run.stdout)
      assert.deepEqual(results.map(r => [r.peer, r.name]).sort(), [[first.peerId, 'private-1'], [second.peerId, 'private-2']].sort())
      for (const result of results) {
        assert.equal(result.error, undefined, JSON.stringify(result))
        assert.equal(result.reached, true, result.name)
        assert.equal(result.hops.at(-1)?.addr, target)
      }
      assert.equal(summary.answered, 2)
      assert.deepEqual(summary.failed, [])
      assert.equal(summary.unverified, 0)
      assert.equal(outsider.neighbours, 0)
    })
  })

  describe('--allow-peer', function () {
    let gated: PeerProcess
    let allowedDir = ''
    let otherDir = ''
    let otherId = ''

    before(async function () {
      allowedDir = join(dir, 'allowed-identity')
      otherDir = join(dir, 'other-identity')
      const allowed = peerIdFromPrivateKey(await loadOrCreateKey(allowedDir)).toString()
      otherId = peerIdFromPrivateKey(await loadOrCreateKey(otherDir)).toString()
      gated = track(await startPeer(lab, 't4', { name: 'gated', extraArgs: ['--allow-peer', allowed] }))
    })

    it('serves a client whose --identity is listed', async function () {
      const run = await runTrace(lab, 'src', gated, target, { timeoutS: TRACE_TIMEOUT_S, extraArgs: ['--identity', allowedDir] })
      assert.equal(run.code, 0, JSON.stringify(run))
      const { results, summary } = parseTraceJson(run.stdout)
      assert.deepEqual(results.map(r => [r.peer, r.name, r.reached, r.error]), [[gated.peerId, 'gated', true, undefined]])
      assert.equal(summary.answered, 1)
    })

    for (const [who, args, id] of [
      ['whose --identity is not listed', () => ['--identity', otherDir], () => otherId],
      ['with a fresh identity', () => [], () => '12D3KooW\\w+']
    ] as const) {
      it(`refuses a client ${who}: one line naming --allow-peer and the client's id, exit 1; the node serves on`, async function () {
        const run = await runTrace(lab, 'src', gated, target, { timeoutS: TRACE_TIMEOUT_S, extraArgs: args() })
        assertOneLineError(run, EXIT_FAILURE, new RegExp(`^peertrace: /ip4/${gated.addr}/tcp/${gated.port} closed the connection: [^\\n]+ ` +
          `\\(does its --allow-peer list this client, ${id()}\\? see --identity\\)\\n$`))
        assert.doesNotMatch(run.stderr, UNHELPFUL)
        assert.ok(gated.alive)
      })
    }

    it('still serves the listed client afterwards', async function () {
      const run = await runTrace(lab, 'src', gated, target, { timeoutS: TRACE_TIMEOUT_S, extraArgs: ['--identity', allowedDir] })
      assert.equal(run.code, 0, JSON.stringify(run))
      assert.equal(parseTraceJson(run.stdout).summary.answered, 1)
    })
  })
})
