// Trace history with real processes on an emulated network: three `peertrace node`s (v1, v2, v3 of the trio
// topology); traces issued with the real CLI through v1 are recorded by v1, listed by `history`, printed by `show`
// byte for byte as `trace` printed them live, kept across a restart, cut to the retention limit, and shown only to
// v1's operator (its own host, or the operator key from elsewhere).

import assert from 'node:assert/strict'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLab, requireRoot, trio, type ExecResult, type Lab } from '../harness/index.js'
import { PEERTRACE_CLI, startPeer, type PeerProcess } from '../harness/peer-process.js'
import { parseTraceJson, runTrace } from '../overlay/trace-client-runner.js'

const VANTAGES = ['v1', 'v2', 'v3']
const FORMATION_TIMEOUT_MS = 60_000

interface ListedTrace { id: string, startedAt: number, target: string, answered: number, failed: number }

describe('trace history: recorded by the entry peer, listed and shown to its operator', function () {
  this.timeout(240_000)
  let lab: Lab
  let target: string
  let other: string
  const peers = new Map<string, PeerProcess>()
  const started: PeerProcess[] = []
  const scratch = mkdtempSync(join(tmpdir(), 'peertrace-history-test-'))
  /** What `trace` printed live, by format, oldest first. */
  const live: Array<{ format: 'lines' | 'json' | 'tree', target: string, stdout: string }> = []

  const peer = (host: string): PeerProcess => {
    const p = peers.get(host)
    if (p === undefined) throw new Error(`no peer on ${host}`)
    return p
  }

  const start = async (host: string, options: { bootstrap?: PeerProcess, dataDir?: string, extraArgs?: string[] } = {}): Promise<PeerProcess> => {
    const p = await startPeer(lab, host, {
      name: host,
      bootstrap: options.bootstrap === undefined ? [] : [options.bootstrap.address],
      dataDir: options.dataDir,
      extraArgs: options.extraArgs
    })
    started.push(p)
    peers.set(host, p)
    await p.until('its history', () => p.log.includes('history in '))
    return p
  }

  const cli = async (host: string, args: string[]): Promise<ExecResult> =>
    await lab.exec(host, [process.execPath, PEERTRACE_CLI, ...args], { timeoutMs: 60_000 })

  const listed = async (host: string, args: string[] = []): Promise<ListedTrace[]> => {
    const run = await cli(host, ['history', '--peer', peer('v1').address, '--json', ...args])
    assert.equal(run.code, 0, run.stderr)
    return run.stdout.split('\n').filter(l => l !== '').map(l => JSON.parse(l) as ListedTrace)
  }

  before(async function () {
    requireRoot(this)
    lab = await createLab(trio())
    target = lab.addr('tgt', 4)
    other = lab.addr('r3', 4)
    const first = await start('v1')
    await start('v2', { bootstrap: first })
    await start('v3', { bootstrap: first })
    await Promise.all([...peers.values()].map(async p => {
      await p.until('2 neighbours', () => p.neighbours >= 2, FORMATION_TIMEOUT_MS)
    }))
  })

  after(async function () {
    await Promise.allSettled(started.map(async p => { await p.shutdown() }))
    await lab?.destroy()
    rmSync(scratch, { recursive: true, force: true })
  })

  it('records every trace it entered; history lists them newest first with exactly the NDJSON fields', async () => {
    for (const [format, to] of [['lines', target], ['json', target], ['tree', target], ['lines', other]] as const) {
      const run = await runTrace(lab, 'v1', peer('v1'), to, { format })
      assert.equal(run.code, 0, run.stderr)
      live.push({ format, target: to, stdout: run.stdout })
    }
    const { results } = parseTraceJson(live[1].stdout)
    assert.deepEqual(results.map(r => r.name).sort(), VANTAGES)
    for (const r of results) assert.deepEqual(r.hops.map(h => h.addr), lab.path(r.name, 'tgt', 4), r.name)

    const entries = await listed('v1')
    assert.equal(entries.length, 4)
    assert.deepEqual(entries.map(e => e.target), [other, target, target, target])
    for (const e of entries) {
      assert.deepEqual(Object.keys(e), ['id', 'startedAt', 'target', 'answered', 'failed'])
      assert.match(e.id, /^[0-9a-f]{32}$/)
      assert.equal(e.answered, 3)
      assert.equal(e.failed, 0)
    }
    assert.ok(entries.every((e, i) => i === 0 || entries[i - 1].startedAt >= e.startedAt), 'newest first')
    // Only the entry peer records: v2 and v3 relayed these floods and keep no history of them.
    for (const host of ['v2', 'v3']) {
      const run = await cli(host, ['history', '--peer', peer(host).address, '--json'])
      assert.equal(run.code, 0, run.stderr)
      assert.equal(run.stdout, '')
    }
  })

  it('filters by target and limits; the text listing has one line per trace', async () => {
    const all = await listed('v1')
    assert.deepEqual((await listed('v1', ['--target', target])).map(e => e.id), all.slice(1).map(e => e.id))
    assert.deepEqual((await listed('v1', ['--target', other])).map(e => e.id), [all[0].id])
    assert.deepEqual((await listed('v1', ['--limit', '2'])).map(e => e.id), all.slice(0, 2).map(e => e.id))
    const text = await cli('v1', ['history', '--peer', peer('v1').address])
    assert.equal(text.code, 0, text.stderr)
    const lines = text.stdout.trimEnd().split('\n')
    assert.equal(lines.length, 4)
    assert.match(lines[0], new RegExp(`^${all[0].id}  \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ  ${other.replace(/\./g, '\\.')}  answered 3/3$`))
  })

  it('show prints each stored trace exactly as trace printed it live, in its format', async () => {
    const ids = (await listed('v1')).map(e => e.id).reverse()
    for (const [i, run] of live.entries()) {
      const shown = await cli('v1', ['show', ids[i], '--peer', peer('v1').address, '--format', run.format])
      assert.equal(shown.code, 0, shown.stderr)
      assert.equal(shown.stdout, run.stdout, `trace ${i} (${run.format})`)
    }
    // A unique prefix is enough, and --map draws it.
    const map = join(scratch, 'shown.svg')
    const shown = await cli('v1', ['show', ids[1].slice(0, 10), '--peer', peer('v1').address, '--format', 'json', '--map', map])
    assert.equal(shown.code, 0, shown.stderr)
    assert.equal(shown.stdout, live[1].stdout)
    const svg = readFileSync(map, 'utf8')
    for (const host of VANTAGES) {
      for (const addr of lab.path(host, 'tgt', 4)) assert.ok(svg.includes(`>${addr}<`), `${addr} on the map`)
    }
  })

  it('answers a bad id with exit 2 and an unknown one with exit 1, one line each', async () => {
    const bad = await cli('v1', ['show', 'xyz', '--peer', peer('v1').address])
    assert.equal(bad.code, 2)
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr)
    assert.match(bad.stderr, /not a trace id/)
    const unknown = await cli('v1', ['show', 'ffffffffffff', '--peer', peer('v1').address])
    assert.equal(unknown.code, 1)
    assert.match(unknown.stderr.trim(), /^peertrace: no trace ffffffffffff in this node's history$/)
  })

  it('refuses a client on another host, and serves one that holds the operator key', async () => {
    for (const args of [['history'], ['show', (await listed('v1'))[0].id]]) {
      const refused = await cli('v2', [...args, '--peer', peer('v1').address])
      assert.equal(refused.code, 1)
      assert.equal(refused.stdout, '')
      assert.match(refused.stderr.trim(), /^peertrace: this node shows its history only to its operator: /)
    }
    const operatorCopy = join(scratch, 'operator')
    cpSync(join(peer('v1').dataDir, 'operator'), operatorCopy, { recursive: true })
    const allowed = await cli('v2', ['history', '--peer', peer('v1').address, '--json', '--identity', operatorCopy])
    assert.equal(allowed.code, 0, allowed.stderr)
    assert.deepEqual(allowed.stdout.split('\n').filter(l => l !== '').map(l => (JSON.parse(l) as ListedTrace).id),
      (await listed('v1')).map(e => e.id))
    const missing = await cli('v2', ['history', '--peer', peer('v1').address, '--identity', join(scratch, 'nothing')])
    assert.equal(missing.code, 2)
    assert.match(missing.stderr, /no key in/)
  })

  it('keeps the history across a restart, and a lower retention limit cuts it to the newest', async () => {
    const before = await listed('v1')
    const old = peer('v1')
    await old.shutdown({ keepDataDir: true })
    assert.ok(existsSync(join(old.dataDir, 'history.sqlite')))
    const again = await start('v1', { bootstrap: peer('v2'), dataDir: old.dataDir, extraArgs: ['--history-max-traces', '2'] })
    assert.match(again.log, /history in .*history\.sqlite \(2 traces\)/)
    assert.deepEqual(await listed('v1'), before.slice(0, 2))
    const shown = await cli('v1', ['show', before[1].id, '--peer', again.address, '--format', live[2].format])
    assert.equal(shown.code, 0, shown.stderr)
    assert.equal(shown.stdout, live[2].stdout)
    // A new trace pushes the oldest kept one out.
    await again.until('a neighbour', () => again.neighbours >= 1, FORMATION_TIMEOUT_MS)
    const run = await runTrace(lab, 'v1', again, target, { format: 'lines' })
    assert.equal(run.code, 0, run.stderr)
    const after = await listed('v1')
    assert.equal(after.length, 2)
    assert.equal(after[1].id, before[0].id)
    assert.equal(after[0].target, target)
  })
})
