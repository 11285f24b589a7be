// Issue 14, item 5, "traces interrupted by a kill show as answered 0/0 in 0.00 s", with real node processes: v1 is
// killed (SIGKILL, by its pid) while a trace it is the entry of is still probing (mtr mode, ROUNDS rounds: tens of
// seconds), then restarted on the same data dir. `history show` prints the trace as interrupted, with no duration,
// in every format; the restarted node serves and records the next trace as usual. Before the mark (ae3382c^) the
// stored trace read as a finished one: "answered 0/0, 0.00 s".

import assert from 'node:assert/strict'
import { HISTORY_FILE } from '../../src/history/constants.js'
import { createLab, requireRoot, trio, type ExecResult, type Lab } from '../harness/index.js'
import { PEERTRACE_CLI, startPeer, type PeerProcess } from '../harness/peer-process.js'
import { parseTraceJson, runTrace } from '../overlay/trace-client-runner.js'
import { TRIO_PEERS as PEERS, traceAnsweredByBoth } from './trio-trace.js'

/** mtr rounds of the trace that is interrupted: one a second, so it probes for ~ROUNDS s (the kill comes at once). */
const ROUNDS = 20
const CLIENT_TIMEOUT_S = 60
const FORMATION_TIMEOUT_MS = 60_000
const LOG_TIMEOUT_MS = 20_000
const INTERRUPTED = 'answered 0/0, interrupted: the node stopped before the trace ended'

describe('a trace interrupted by killing its entry node, real node processes (issue 14, item 5)', function () {
  this.timeout(180_000)
  let lab: Lab | undefined
  const started: PeerProcess[] = []
  let entry: PeerProcess
  let other: PeerProcess
  let target = ''
  let interruptedId = ''

  const cli = async (args: string[]): Promise<ExecResult> =>
    await lab!.exec('v1', [process.execPath, PEERTRACE_CLI, ...args], { timeoutMs: 60_000 })

  const listedIds = async (): Promise<string[]> => {
    const run = await cli(['history', '--peer', entry.address, '--json'])
    assert.equal(run.code, 0, run.stderr)
    return run.stdout.split('\n').filter(l => l !== '').map(l => (JSON.parse(l) as { id: string }).id)
  }

  before(async function () {
    requireRoot(this)
    lab = await createLab(trio())
    target = lab.addr('tgt', 4)
    entry = await startPeer(lab, 'v1')
    started.push(entry)
    other = await startPeer(lab, 'v2', { bootstrap: [entry.address] })
    started.push(other)
    await Promise.all(started.map(async p => { await p.until('a neighbour', () => p.neighbours >= 1, FORMATION_TIMEOUT_MS) }))
  })

  after(async function () {
    await Promise.allSettled(started.map(async p => { await p.shutdown() }))
    await lab?.destroy()
  })

  it('the node killed mid-trace: after a restart on the same data dir, show says interrupted and no duration', async () => {
    const serving = new RegExp(`^\\S+ serving trace ([0-9a-f]{32}) from \\S+ to ${target.replaceAll('.', '\\.')}, sent by `, 'm')
    // A deadline that covers the rounds, so that no peer cuts the trace short on its own.
    const client = runTrace(lab!, 'v1', entry, target, { format: 'lines', timeoutS: CLIENT_TIMEOUT_S, extraArgs: ['--rounds', String(ROUNDS)] })
    // v2 serves the flood only once v1 has accepted it, and v1 records a trace when it accepts it: it is stored, and
    // probing (ROUNDS rounds) has only started.
    await other.until('the flood from v1', () => serving.test(other.log), LOG_TIMEOUT_MS)
    interruptedId = serving.exec(other.log)![1]
    const killedPid = entry.child.pid
    await entry.stop('SIGKILL', { keepDataDir: true })
    assert.equal(entry.child.signalCode, 'SIGKILL')
    // The client loses its entry: whatever it prints, it does not succeed.
    const run = await client
    assert.notEqual(run.code, 0, JSON.stringify(run))

    entry = await startPeer(lab!, 'v1', { dataDir: entry.dataDir, bootstrap: [other.address] })
    started.push(entry)
    assert.match(entry.log, new RegExp(`took over the lock of pid ${killedPid}, which no longer runs`))
    await entry.until('its history', () => new RegExp(`history in \\S+/${HISTORY_FILE} \\(1 traces\\)`).test(entry.log))
    assert.deepEqual(await listedIds(), [interruptedId])

    const lines = await cli(['show', interruptedId, '--peer', entry.address, '--format', 'lines'])
    assert.equal(lines.code, 0, lines.stderr)
    const printed = lines.stdout.trimEnd().split('\n')
    assert.equal(printed.at(-1), INTERRUPTED, lines.stdout)
    assert.doesNotMatch(lines.stdout, /\d\.\d\d s/, 'no duration')
    const json = await cli(['show', interruptedId, '--peer', entry.address, '--format', 'json'])
    assert.equal(json.code, 0, json.stderr)
    const { results, summary } = parseTraceJson(json.stdout)
    assert.deepEqual(results, [])
    assert.equal(summary.interrupted, true)
    assert.equal(summary.answered, 0)
    assert.deepEqual(summary.failed, [])
  })

  it('the restarted node answers the next trace with both peers and records it as finished', async () => {
    await entry.until('a neighbour', () => entry.neighbours >= 1, FORMATION_TIMEOUT_MS)
    await traceAnsweredByBoth(lab!, entry, target)
    const ids = await listedIds()
    assert.equal(ids.length, 2)
    assert.equal(ids[1], interruptedId)
    const shown = await cli(['show', ids[0], '--peer', entry.address, '--format', 'json'])
    assert.equal(shown.code, 0, shown.stderr)
    const stored = parseTraceJson(shown.stdout).summary
    assert.equal(stored.interrupted, undefined)
    assert.equal(stored.answered, PEERS.length)
  })
})
