// Issue 14, item 5, with real node processes: junk traces from fresh keys used to evict every operator trace from
// the entry's history (1,000 from 40 keys in 16 s). Three `peertrace node`s on an emulated WAN (fanout: t1, t2, t3
// behind r2); attacker processes in t4's and t5's namespaces (other hosts, so not the operator) send 400 traces from
// 40 fresh keys through t1, whatever the rate limits and fair shares let through, while the operator traces from
// t1's own host (a fresh key: same host) and from t2 with a copy of t1's operator key. Every honest trace is answered
// by all three peers within its deadline; afterwards every operator trace is still in t1's history, and the others'
// stay within their quota (100 traces, 16 MiB), read from history.sqlite itself. Before the per-address rate at the
// entry (admission.ts: a quarter of the per-neighbour rate for the clients of one address), the junk t1 admitted
// from one address used up t1's per-neighbour budget (240 floods a minute) at t2 and t3, which then refused the
// operator's traces too: 8-9 of 12-14 operator traces answered by all three peers in 4 runs.

import assert from 'node:assert/strict'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { DEFAULT_HISTORY_MAX_OTHER_BYTES, DEFAULT_HISTORY_MAX_OTHER_TRACES, HISTORY_FILE } from '../../src/history/constants.js'
import { createLab, fanout, requireRoot, type Lab } from '../harness/index.js'
import { PEERTRACE_CLI, startPeer, type PeerProcess } from '../harness/peer-process.js'
import { parseTraceJson, runTrace } from '../overlay/trace-client-runner.js'

const KEYS = 40
const TRACES_PER_KEY = 10
const SENT = KEYS * TRACES_PER_KEY
/** The attacker's hosts: two addresses, so that what the entry admits (a per-address rate) exceeds the quota. */
const ATTACKER_HOSTS = ['t4', 't5']
/** Sessions (one fresh key each) the attacker keeps open at once, and traces at once in each. */
const SESSIONS_AT_ONCE = 8
const TRACES_AT_ONCE = 4
/** Operator traces before the attack (the ones the junk evicted before), at most during it, and after it. */
const OPERATOR_BEFORE = 2
const MAX_HONEST_DURING = 12
const OPERATOR_AFTER = 2
const HONEST_TIMEOUT_S = 20
const ATTACK_TIMEOUT_MS = 240_000
const FORMATION_TIMEOUT_MS = 60_000
const ALL_PEERS = 3

/** Whatever a module specifier resolves to from here, for the attacker's script (it runs with no package scope). */
const moduleUrl = (specifier: string): string => import.meta.resolve(specifier)

/**
 * The attacker, run in a lab node: KEYS fresh keys, one session each (SESSIONS_AT_ONCE at once), TRACES_PER_KEY
 * traces each (TRACES_AT_ONCE at once) to `target`, with the real trace client. Prints one JSON line: its key ids
 * and how each trace came back (answered by someone, or the reason the entry gave).
 */
const ATTACKER = `
import '${moduleUrl('../../src/polyfill.js')}'
import { TraceSession } from '${moduleUrl('../../src/node/client/trace-client.js')}'
import { generateKeyPair } from '${moduleUrl('@libp2p/crypto/keys')}'
import { peerIdFromPrivateKey } from '${moduleUrl('@libp2p/peer-id')}'
import { multiaddr } from '${moduleUrl('@multiformats/multiaddr')}'
const { entry, target, keys, perKey, sessionsAtOnce, tracesAtOnce } = JSON.parse(process.argv[1])
const probe = { method: 'icmp', maxHops: 4, firstHop: 1, queries: 1, waitMs: 1000 }
const out = { ids: [], answered: 0, refused: {}, connectFailed: 0 }
const refuse = (why) => { out.refused[why] = (out.refused[why] ?? 0) + 1 }
async function pool (n, limit, job) {
  let next = 0
  await Promise.all(Array.from({ length: limit }, async () => { while (next < n) await job(next++) }))
}
await pool(keys, sessionsAtOnce, async () => {
  const privateKey = await generateKeyPair('Ed25519')
  out.ids.push(peerIdFromPrivateKey(privateKey).toString())
  let session
  try {
    session = await TraceSession.connect({ entry: multiaddr(entry), timeoutMs: 10000, privateKey })
  } catch (err) {
    out.connectFailed++
    for (let i = 0; i < perKey; i++) refuse('connect: ' + String(err.message).slice(0, 60))
    return
  }
  await pool(perKey, tracesAtOnce, async () => {
    try {
      let results = 0
      let summary
      for await (const event of session.trace({ target, probe, timeoutMs: 15000 })) {
        if (event.type === 'result') results++
        else summary = event.summary
      }
      if (results > 0) out.answered++
      else refuse(String(summary?.failed[0]?.reason ?? 'nothing').replace(/12D3KooW\\w+/g, '<peer>').slice(0, 90))
    } catch (err) {
      refuse('error: ' + String(err.message).slice(0, 60))
    }
  })
  await session.close()
})
process.stdout.write(JSON.stringify(out) + '\\n')
process.exit(0)
`

interface AttackOutcome { ids: string[], answered: number, refused: Record<string, number>, connectFailed: number }
interface ListedTrace { id: string, target: string }

describe('security: junk traces from fresh keys against the history, real nodes (issue 14, item 5)', function () {
  this.timeout(600_000)
  let lab: Lab
  const peers: PeerProcess[] = []
  const scratch = mkdtempSync(join(tmpdir(), 'peertrace-junk-history-'))

  before(async function () {
    requireRoot(this)
    lab = await createLab(fanout(5, 1))
    const first = await startPeer(lab, 't1', { name: 'entry' })
    peers.push(first)
    for (const host of ['t2', 't3']) peers.push(await startPeer(lab, host, { name: host, bootstrap: [first.address] }))
    await Promise.all(peers.map(async p => {
      await p.until('its history', () => p.log.includes('history in '))
      await p.until('2 neighbours', () => p.neighbours >= 2, FORMATION_TIMEOUT_MS)
    }))
  })

  after(async function () {
    await Promise.allSettled(peers.map(async p => { await p.shutdown() }))
    await lab?.destroy()
    rmSync(scratch, { recursive: true, force: true })
  })

  /** How each operator trace came back: who answered, and who failed with what reason. */
  const honest: Array<{ from: string, during: boolean, names: string[], pathsRight: boolean, answered: number, failed: string[] }> = []
  const full = (h: typeof honest[number]): boolean =>
    h.answered === ALL_PEERS && h.failed.length === 0 && h.pathsRight && h.names.join(',') === 'entry,t2,t3'
  let outcome: AttackOutcome
  let attackSeconds = 0

  it('the attack: 400 traces from 40 fresh keys on 2 hosts through t1 while the operator traces', async function () {
    const entry = peers[0]
    const honestTarget = lab.addr('t5', 4)
    const operatorCopy = join(scratch, 'operator')
    cpSync(join(entry.dataDir, 'operator'), operatorCopy, { recursive: true })
    const honestPaths = new Map(['t1', 't2', 't3'].map(host => [host, lab.path(host, 't5', 4)]))

    let running = false
    /** One operator trace, alternately from t1 itself (a fresh key, same host) and from t2 with the operator key. */
    const operatorTrace = async (): Promise<void> => {
      const [from, extra]: [string, string[]] = honest.length % 2 === 0 ? ['t1', []] : ['t2', ['--identity', operatorCopy]]
      const startedDuring = running
      const run = await runTrace(lab, from, entry, honestTarget, { timeoutS: HONEST_TIMEOUT_S, extraArgs: extra })
      assert.equal(run.code, 0, run.stderr)
      const { results, summary } = parseTraceJson(run.stdout)
      honest.push({
        from,
        during: startedDuring && running,
        names: results.map(r => r.name).sort(),
        pathsRight: results.every(r => JSON.stringify(r.hops.map(h => h.addr)) === JSON.stringify(honestPaths.get(r.name === 'entry' ? 't1' : r.name))),
        answered: summary.answered,
        failed: summary.failed.map(f => `${f.name ?? f.peer}: ${f.reason}`)
      })
    }
    for (let i = 0; i < OPERATOR_BEFORE; i++) await operatorTrace()

    const attacks = ATTACKER_HOSTS.map(host => {
      const attack = lab.spawn(host, [process.execPath, '--input-type=module', '-e', ATTACKER, JSON.stringify({
        entry: `/ip4/${entry.addr}/tcp/${entry.port}`, target: lab.addr('src', 4), keys: KEYS / ATTACKER_HOSTS.length,
        perKey: TRACES_PER_KEY, sessionsAtOnce: SESSIONS_AT_ONCE / ATTACKER_HOSTS.length, tracesAtOnce: TRACES_AT_ONCE
      })], { stdio: ['ignore', 'pipe', 'pipe'] })
      const output = { stdout: '', stderr: '' }
      attack.stdout?.setEncoding('utf8').on('data', (chunk: string) => { output.stdout += chunk })
      attack.stderr?.setEncoding('utf8').on('data', (chunk: string) => { output.stderr += chunk })
      const exited = new Promise<number | null>((resolve) => { attack.once('exit', (code) => { resolve(code) }) })
      return { attack, output, exited }
    })
    running = true
    const attackStart = performance.now()
    const done = Promise.all(attacks.map(async a => await a.exited)).then((codes) => {
      running = false
      attackSeconds = (performance.now() - attackStart) / 1000
      return codes
    })
    const timer = setTimeout(() => { for (const a of attacks) a.attack.kill('SIGKILL') }, ATTACK_TIMEOUT_MS)
    try {
      while (running && honest.filter(h => h.during).length < MAX_HONEST_DURING) await operatorTrace()
    } finally {
      const codes = await done
      clearTimeout(timer)
      attacks.forEach((a, i) => { assert.equal(codes[i], 0, `the attacker in ${ATTACKER_HOSTS[i]}: ${a.output.stderr}`) })
    }
    const outcomes = attacks.map(a => JSON.parse(a.output.stdout) as AttackOutcome)
    outcome = {
      ids: outcomes.flatMap(o => o.ids),
      answered: outcomes.reduce((sum, o) => sum + o.answered, 0),
      connectFailed: outcomes.reduce((sum, o) => sum + o.connectFailed, 0),
      refused: {}
    }
    for (const o of outcomes) for (const [why, n] of Object.entries(o.refused)) outcome.refused[why] = (outcome.refused[why] ?? 0) + n
    assert.equal(outcome.ids.length, KEYS)
    assert.ok(honest.some(h => h.during), 'an operator trace ran while the attack did')
    for (let i = 0; i < OPERATOR_AFTER; i++) await operatorTrace()
  })

  it('keeps every operator trace in the history, and the others within their quota (100 traces, 16 MiB)', async function () {
    const entry = peers[0]
    const attackers = new Set(outcome.ids)

    // The entry's own line per trace it was the entry of: which were the attacker's (admitted), which the operator's.
    const traced = [...entry.log.matchAll(/^\S+ trace ([0-9a-f]{32}) from (\S+) to /gm)].map(m => ({ id: m[1], origin: m[2] }))
    const admitted = traced.filter(t => attackers.has(t.origin))
    const operatorIds = traced.filter(t => !attackers.has(t.origin)).map(t => t.id)
    assert.equal(operatorIds.length, honest.length, 'one log line per operator trace')

    const listing = await lab.exec('t1', [process.execPath, PEERTRACE_CLI, 'history', '--peer', entry.address, '--json', '--limit', '1000'])
    assert.equal(listing.code, 0, listing.stderr)
    const listed = listing.stdout.split('\n').filter(l => l !== '').map(l => JSON.parse(l) as ListedTrace)
    const listedIds = new Set(listed.map(t => t.id))
    const othersListed = listed.filter(t => !operatorIds.includes(t.id))
    assert.deepEqual(operatorIds.filter(id => !listedIds.has(id)), [], 'every operator trace is still in the history')
    assert.ok(othersListed.every(t => admitted.some(a => a.id === t.id)), 'the others listed are the attacker\'s')

    const db = new Database(join(entry.dataDir, HISTORY_FILE), { readonly: true, fileMustExist: true })
    const usage = db.prepare('SELECT own, count(*) AS traces, coalesce(sum(bytes), 0) AS bytes FROM traces GROUP BY own ORDER BY own')
      .all() as Array<{ own: number, traces: number, bytes: number }>
    db.close()
    const others = usage.find(u => u.own === 0) ?? { traces: 0, bytes: 0 }
    const own = usage.find(u => u.own === 1) ?? { traces: 0, bytes: 0 }
    console.log(`      attack: ${SENT} traces sent from ${KEYS} fresh keys on ${ATTACKER_HOSTS.length} hosts in ${attackSeconds.toFixed(1)} s, ${outcome.answered} answered; refused: ${JSON.stringify(outcome.refused)}`)
    console.log(`      entry admitted ${admitted.length} of them; history keeps others ${others.traces} (${others.bytes} B), operator ${own.traces} (${own.bytes} B)`)
    console.log(`      operator traces: ${honest.length}, all still listed`)
    assert.equal(own.traces, honest.length)
    assert.equal(othersListed.length, others.traces)
    assert.ok(others.traces <= DEFAULT_HISTORY_MAX_OTHER_TRACES, `others kept: ${others.traces}`)
    assert.ok(others.bytes <= DEFAULT_HISTORY_MAX_OTHER_BYTES, `others' bytes: ${others.bytes}`)
    // The attack is one the quota had to act on: more junk was admitted than the others' quota keeps.
    assert.ok(admitted.length > DEFAULT_HISTORY_MAX_OTHER_TRACES, `admitted: ${admitted.length}`)
    assert.equal(others.traces, DEFAULT_HISTORY_MAX_OTHER_TRACES)
  })

  it('every operator trace, before, during and after the attack, is answered by every peer within its deadline', function () {
    const during = honest.filter(h => h.during)
    console.log(`      operator traces answered by all ${ALL_PEERS} peers: ${honest.filter(full).length}/${honest.length}` +
      ` (of those that ran during the attack ${during.filter(full).length}/${during.length})`)
    for (const h of honest.filter(h => !full(h))) console.log(`        from ${h.from}${h.during ? ' during the attack' : ''}: answered ${h.answered}; ${h.failed.join('; ')}`)
    assert.deepEqual(honest.filter(h => !full(h)), [])
  })
})
