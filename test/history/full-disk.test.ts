// Issue 14, item 5, "a full disk: no warning, nothing recorded", with real node processes: v1's --data-dir is on a
// tmpfs of 4 MiB (test/history/small-disk). With the disk filled to the last page, history.sqlite cannot grow:
// the traces through v1 are still answered by both peers (the flood goes on unrecorded), v1's stderr says the
// documented warning once for all of them (once per DISK_FULL_WARNING_INTERVAL_MS, not once per trace), and once
// the disk has room again the next trace is recorded. Before the warning (1673621^) a full disk was said only in a
// debug log: the warning is never printed.

import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DISK_FULL_WARNING_INTERVAL_MS, HISTORY_FILE } from '../../src/history/constants.js'
import { createLab, requireRoot, trio, type Lab } from '../harness/index.js'
import { PEERTRACE_CLI, startPeer, type PeerProcess } from '../harness/peer-process.js'
import { parseTraceJson } from '../overlay/trace-client-runner.js'
import { SmallDisk } from './small-disk.js'
import { TRIO_PEERS as PEERS, traceAnsweredByBoth } from './trio-trace.js'

const DISK_BYTES = 4 * 1024 * 1024
/** Traces while the disk is full: more than one, so that a warning per trace would show. */
const TRACES_WHILE_FULL = 3
const FORMATION_TIMEOUT_MS = 60_000
const LOG_TIMEOUT_MS = 10_000

interface ListedTrace { id: string, target: string, answered: number, failed: number }

describe('history on a full disk, real node processes (issue 14, item 5)', function () {
  this.timeout(180_000)
  let lab: Lab | undefined
  let disk: SmallDisk | undefined
  const started: PeerProcess[] = []
  let entry: PeerProcess
  let target = ''

  before(async function () {
    requireRoot(this)
    disk = await SmallDisk.mount(DISK_BYTES)
    lab = await createLab(trio())
    target = lab.addr('tgt', 4)
    const dataDir = join(disk.dir, 'node')
    mkdirSync(dataDir, { mode: 0o700 })
    entry = await startPeer(lab, 'v1', { dataDir })
    started.push(entry)
    const other = await startPeer(lab, 'v2', { bootstrap: [entry.address] })
    started.push(other)
    await Promise.all(started.map(async p => { await p.until('a neighbour', () => p.neighbours >= 1, FORMATION_TIMEOUT_MS) }))
    await entry.until('its history', () => entry.log.includes(`history in ${disk!.dir}/node/${HISTORY_FILE}`))
  })

  after(async function () {
    // Every step runs whatever failed before it: the peers stop by pid, then the disk and the lab go.
    await Promise.allSettled(started.map(async p => { await p.shutdown() }))
    const removed = await Promise.allSettled([disk?.remove(), lab?.destroy()])
    const failed = removed.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
    if (failed !== undefined) throw failed.reason
  })

  const warnings = (): string[] => entry.log.split('\n').filter(line =>
    /^\d{4}-\d\d-\d\dT[\d:.]+Z warning: the history \S+ cannot grow \(disk full\): traces are not recorded until there is room$/.test(line))

  const listed = async (): Promise<ListedTrace[]> => {
    const run = await lab!.exec('v1', [process.execPath, PEERTRACE_CLI, 'history', '--peer', entry.address, '--json'], { timeoutMs: 60_000 })
    assert.equal(run.code, 0, run.stderr)
    return run.stdout.split('\n').filter(l => l !== '').map(l => JSON.parse(l) as ListedTrace)
  }

  /** A trace from v1's host through v1, answered by both peers along the true path; its id, from v1's log line. */
  const traceAnswered = async (): Promise<string> => {
    const before = new Set(tracesLogged())
    await traceAnsweredByBoth(lab!, entry, target)
    // The entry's line for the trace is written when its flood closes, after the history was (or was not) written.
    let id: string | undefined
    await entry.until('its log line of the trace', () => {
      id = tracesLogged().find(logged => !before.has(logged))
      return id !== undefined
    }, LOG_TIMEOUT_MS)
    return id!
  }

  const tracesLogged = (): string[] =>
    [...entry.log.matchAll(new RegExp(`^\\S+ trace ([0-9a-f]{32}) from \\S+ to ${target.replaceAll('.', '\\.')}:`, 'gm'))].map(m => m[1])

  it('records a trace while there is room', async () => {
    const id = await traceAnswered()
    assert.deepEqual((await listed()).map(e => [e.id, e.answered, e.failed]), [[id, 2, 0]])
    assert.deepEqual(warnings(), [])
  })

  it(`with the disk full, ${TRACES_WHILE_FULL} traces are answered by both peers, none recorded, and the warning said once`, async () => {
    const recorded = (await listed()).map(e => e.id)
    const filled = disk!.fill()
    assert.ok(filled > 0 && filled <= DISK_BYTES, `the filler took ${filled} bytes`)
    const ids: string[] = []
    for (let i = 0; i < TRACES_WHILE_FULL; i++) {
      ids.push(await traceAnswered())
      await entry.until('the disk-full warning', () => warnings().length >= 1, LOG_TIMEOUT_MS)
    }
    assert.equal(new Set(ids).size, TRACES_WHILE_FULL)
    // Reading needs no room: the listing is what it was.
    assert.deepEqual((await listed()).map(e => e.id), recorded)
    assert.ok(entry.alive)
    // All within one interval (10 minutes; these traces take seconds): one warning, naming the file on the small disk.
    assert.ok(DISK_FULL_WARNING_INTERVAL_MS >= 60_000)
    assert.equal(warnings().length, 1, entry.log)
    assert.ok(warnings()[0].includes(`${disk!.dir}/node/${HISTORY_FILE}`), warnings()[0])
  })

  it('with room again, the next trace is recorded, and no other warning was said', async () => {
    const recorded = (await listed()).map(e => e.id)
    disk!.free()
    const id = await traceAnswered()
    const entries = await listed()
    assert.deepEqual(entries.map(e => e.id), [id, ...recorded])
    assert.deepEqual([entries[0].target, entries[0].answered, entries[0].failed], [target, 2, 0])
    const shown = await lab!.exec('v1', [process.execPath, PEERTRACE_CLI, 'show', id, '--peer', entry.address, '--format', 'json'], { timeoutMs: 60_000 })
    assert.equal(shown.code, 0, shown.stderr)
    assert.deepEqual(parseTraceJson(shown.stdout).results.map(r => r.name).sort(), PEERS)
    assert.equal(warnings().length, 1, entry.log)
  })
})
