// The history store on a real SQLite file in a temporary data dir: what goes in comes out (in order, in wire
// form), listing is newest first and filtered, ids resolve by unique prefix, retention by count and by age holds,
// the requester's duration is taken from the requester only, and all of it survives closing and reopening. Time is
// a ManualClock's: every start, finish and duration is an exact value.

import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import Database from 'better-sqlite3'
import { historyRecorder } from '../../src/history/recorder.js'
import { HistoryStore } from '../../src/history/store.js'
import { DAY_MS, HISTORY_FILE } from '../../src/history/constants.js'
import type { TraceRequest, VantageResult } from '../../src/overlay/types.js'
import { KeyAuthenticator } from '../../src/protocol/index.js'
import { ManualClock } from '../time/manual-clock.js'

const PROBE = { method: 'icmp' as const, maxHops: 30, firstHop: 1, queries: 3, waitMs: 3500 }

describe('history store', function () {
  let dir: string
  let clock: ManualClock
  let origin: KeyAuthenticator
  let vantage: KeyAuthenticator
  const stores: HistoryStore[] = []

  const open = (init: { maxTraces?: number, maxAgeDays?: number } = {}): HistoryStore => {
    const store = new HistoryStore({ dataDir: dir, clock, ...init })
    stores.push(store)
    return store
  }

  let serial = 0
  const request = async (target: string, timestamp = clock.now()): Promise<TraceRequest> => await origin.signRequest({
    id: (++serial).toString(16).padStart(32, 'a'),
    origin: origin.self,
    target,
    probe: PROBE,
    initialHopBudget: 4,
    hopBudget: 4,
    deadline: timestamp + 10_000,
    timestamp,
    entry: vantage.self
  })

  const result = async (req: TraceRequest, name: string, error?: string): Promise<VantageResult> => await vantage.signResult({
    requestId: req.id,
    peer: `${vantage.self}`,
    name,
    ...(error === undefined
      ? { trace: { target: req.target, addr: '198.18.0.9', method: 'icmp', reached: true, durationMs: 4, probesSent: 6, hops: [{ ttl: 1, addr: '198.18.0.1', rtts: [0.12, 0.1] }, { ttl: 2, addr: '198.18.0.9', rtts: [0.2] }] } }
      : { error: { code: 'ERR_POLICY', message: error } })
  })

  before(async () => {
    origin = new KeyAuthenticator(await generateKeyPair('Ed25519'))
    vantage = new KeyAuthenticator(await generateKeyPair('Ed25519'))
  })

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'peertrace-history-'))
    clock = new ManualClock()
  })

  afterEach(() => {
    for (const store of stores.splice(0)) store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps the request, the results in landing order and the summary, and gives them back after a reopen', async () => {
    const store = open()
    const req = await request('198.18.0.9')
    const startedAt = clock.now()
    const record = historyRecorder(store, clock)(req)
    const first = await result(req, 'site1')
    const second = await result(req, 'site2', 'target not allowed')
    clock.advance(700)
    record.result(first)
    clock.advance(800)
    record.result(second)
    record.end([{ peer: 'gone-peer', reason: 'stream reset' }, { peer: vantage.self, reason: 'answered elsewhere' }])
    store.close()

    const again = open()
    const trace = again.get(req.id)
    assert.ok(trace !== undefined)
    assert.equal(trace.id, req.id)
    assert.equal(trace.origin, origin.self)
    assert.equal(trace.target, '198.18.0.9')
    assert.deepEqual(trace.request, req)
    assert.deepEqual(trace.results, [first, second])
    assert.equal(await vantage.verifyResult(trace.results[0]), true, 'a stored result still carries a valid signature')
    assert.ok(trace.finishedAt !== undefined && trace.finishedAt >= trace.startedAt)
    assert.equal(trace.startedAt, startedAt)
    assert.equal(trace.finishedAt, startedAt + 1500)
    assert.equal(trace.summary.durationMs, 1500)
    assert.equal(trace.summary.answered, 1)
    // The error result, then the failure of a peer that never answered; the one that answered is not failed.
    assert.deepEqual(trace.summary.failed, [
      { peer: vantage.self, name: 'site2', reason: 'ERR_POLICY: target not allowed' },
      { peer: 'gone-peer', reason: 'stream reset' }
    ])
    assert.deepEqual(again.list(), [{ id: req.id, startedAt: trace.startedAt, target: '198.18.0.9', answered: 1, failed: 2 }])
  })

  it('lists newest first, filters by target, limits, and resolves a unique id prefix', async () => {
    const store = open()
    const ids: string[] = []
    for (const target of ['198.18.0.1', '198.18.0.2', '198.18.0.1']) {
      const req = await request(target)
      store.begin(req)
      clock.advance(1)
      ids.push(req.id)
    }
    assert.deepEqual(store.list().map(e => e.id), [...ids].reverse())
    assert.deepEqual(store.list({ target: '198.18.0.1' }).map(e => e.id), [ids[2], ids[0]])
    assert.deepEqual(store.list({ limit: 1 }).map(e => e.id), [ids[2]])
    assert.deepEqual(store.list({ target: '198.18.0.3' }), [])
    assert.equal(store.get(ids[1].slice(0, 32))?.id, ids[1])
    assert.equal(store.get(ids[1].toUpperCase())?.id, ids[1])
    // All three ids start with 'aaaaaa': a prefix must be unique.
    assert.throws(() => store.get('aaaaaa'), { code: 'ERR_AMBIGUOUS_ID' })
    assert.throws(() => store.get('abc'), { code: 'ERR_BAD_ID' })
    assert.throws(() => store.get("aaaaaa' OR 1=1 --"), { code: 'ERR_BAD_ID' })
    assert.equal(store.get('ffffffffffff'), undefined)
  })

  it('keeps at most maxTraces, dropping the oldest with their results', async () => {
    const store = open({ maxTraces: 2 })
    const reqs: TraceRequest[] = []
    for (let i = 0; i < 3; i++) {
      const req = await request(`198.18.1.${i}`)
      const record = historyRecorder(store, clock)(req)
      clock.advance(1000)
      record.result(await result(req, 'site1'))
      record.end([])
      reqs.push(req)
    }
    assert.equal(store.count(), 2)
    assert.equal(store.get(reqs[0].id), undefined)
    assert.deepEqual(store.list().map(e => e.target), ['198.18.1.2', '198.18.1.1'])
    const db = new Database(store.file, { readonly: true })
    try {
      assert.deepEqual(db.prepare('SELECT trace_id FROM results ORDER BY trace_id').all().map(r => (r as { trace_id: string }).trace_id),
        [reqs[1].id, reqs[2].id], 'the dropped trace\'s results went with it')
    } finally {
      db.close()
    }
  })

  it('drops traces older than maxAgeDays, on open and as new ones start', async () => {
    const store = open({ maxAgeDays: 2 })
    const old = await request('198.18.2.1')
    store.begin(old)
    clock.advance(DAY_MS)
    const newer = await request('198.18.2.2')
    store.begin(newer)
    clock.advance(DAY_MS + 1)
    const newest = await request('198.18.2.3')
    store.begin(newest)
    assert.deepEqual(store.list().map(e => e.id), [newest.id, newer.id])
    store.close()
    clock.advance(DAY_MS)
    const reopened = open({ maxAgeDays: 2 })
    assert.deepEqual(reopened.list().map(e => e.id), [newest.id])
  })

  it('takes the requester\'s duration from the trace\'s origin only, once the trace has ended', async () => {
    const store = open()
    const req = await request('198.18.3.1')
    const record = historyRecorder(store, clock)(req)
    assert.equal(store.setRequesterDuration(req.id, origin.self, 1234), false, 'not before the end')
    clock.advance(250)
    record.end([])
    assert.equal(store.setRequesterDuration(req.id, vantage.self, 1), false, 'not from another peer')
    assert.equal(store.get(req.id)?.summary.durationMs !== 1, true)
    assert.equal(store.get(req.id)?.summary.durationMs, 250, 'still the duration measured here')
    assert.equal(store.setRequesterDuration(req.id, origin.self, 1234), true)
    assert.equal(store.get(req.id)?.summary.durationMs, 1234)
  })

  it('shows a trace the node stopped in the middle of with what its results add up to', async () => {
    const store = open()
    const req = await request('198.18.4.1')
    const record = historyRecorder(store, clock)(req)
    record.result(await result(req, 'site1'))
    store.close()
    const trace = open().get(req.id)
    assert.equal(trace?.finishedAt, undefined)
    assert.deepEqual(trace?.summary, { target: '198.18.4.1', answered: 1, failed: [], unverified: 0, durationMs: 0, interrupted: true })
  })

  it('says which file it cannot open', () => {
    // A file where the data dir should be.
    rmSync(dir, { recursive: true })
    writeFileSync(dir, 'not a dir')
    assert.throws(() => open(), (err: Error & { code?: string }) =>
      err.code === 'ERR_HISTORY_UNAVAILABLE' && err.message.includes(join(dir, HISTORY_FILE)))
  })
})
