// The history's retention against the attacks of issue 14 (item 5), on a real SQLite file: junk traces from many
// fresh keys cannot evict the operator's own traces (others are kept apart, within a smaller quota), retention
// counts bytes as well as traces, one trace keeps a bounded number of result bytes (the rest are counted, not kept),
// a trace the node stopped in the middle of is marked interrupted, and a database an older version made is upgraded
// in place. Requests here are unsigned: the store keeps what the flood verified, it does not verify.

import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { DISK_FULL_WARNING_INTERVAL_MS, HISTORY_FILE } from '../../src/history/constants.js'
import { historyRecorder } from '../../src/history/recorder.js'
import { HistoryStore, type HistoryStoreInit } from '../../src/history/store.js'
import { requestToWire, resultToWire } from '../../src/history/wire-form.js'
import type { TraceRequest, VantageResult } from '../../src/overlay/types.js'
import { ManualClock } from '../time/manual-clock.js'

const OPERATOR = 'operator-key'
const PROBE = { method: 'icmp' as const, maxHops: 30, firstHop: 1, queries: 3, waitMs: 3500 }

describe('history retention', function () {
  let dir: string
  let clock: ManualClock
  const stores: HistoryStore[] = []
  let serial = 0

  const open = (init: Partial<HistoryStoreInit> = {}): HistoryStore => {
    const store = new HistoryStore({ dataDir: dir, clock, operatorId: OPERATOR, ...init })
    stores.push(store)
    return store
  }
  const request = (origin: string): TraceRequest => ({
    id: (++serial).toString(16).padStart(32, '0'),
    origin,
    target: `198.18.0.${serial % 250}`,
    probe: PROBE,
    initialHopBudget: 4,
    hopBudget: 4,
    deadline: clock.now() + 10_000,
    timestamp: clock.now(),
    signature: new Uint8Array(64).fill(7)
  })
  /** A failure (size 0), or a path of `hops` hops, each answered by 16 addresses (ECMP): the bulkiest result. */
  const result = (req: TraceRequest, peer: string, hops = 0): VantageResult => hops === 0
    ? { requestId: req.id, peer, name: peer, signature: new Uint8Array(64).fill(9), error: { code: 'ERR_X', message: 'refused' } }
    : {
        requestId: req.id, peer, name: peer, signature: new Uint8Array(64).fill(9),
        trace: {
          target: req.target, addr: req.target, method: 'icmp', reached: false, durationMs: 1, probesSent: hops,
          hops: Array.from({ length: hops }, (_, t) => {
            const addrs = Array.from({ length: 16 }, (_, i) => `2001:db8:${t.toString(16)}::${(i + 1).toString(16)}`)
            return { ttl: t + 1, addr: addrs[0], addrs, rtts: [1, 2, 3] }
          })
        }
      }
  /** One whole trace: begun, `results` landed, ended; a second apart from the previous. */
  const run = (store: HistoryStore, origin: string, results = 1, size = 0): TraceRequest => {
    const req = request(origin)
    const record = historyRecorder(store, clock)(req)
    for (let i = 0; i < results; i++) record.result(result(req, `peer${String(i).padStart(4, '0')}`, size))
    record.end([])
    clock.advance(1000)
    return req
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'peertrace-retention-'))
    clock = new ManualClock()
    serial = 0
  })
  afterEach(() => {
    for (const store of stores.splice(0)) store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('1,000 junk traces from 40 fresh keys keep within the others\' quota and evict none of the operator\'s', () => {
    const store = open({ maxTraces: 50, maxOtherTraces: 10 })
    const mine = [run(store, OPERATOR), run(store, OPERATOR)]
    for (let i = 0; i < 1000; i++) run(store, `stranger-${i % 40}`)
    const latest = run(store, OPERATOR)
    assert.deepEqual(store.usage().own.traces, 3)
    assert.deepEqual(store.usage().others.traces, 10)
    for (const req of [...mine, latest]) assert.equal(store.get(req.id)?.origin, OPERATOR, req.id)
    // The operator's own traces have their own count limit.
    for (let i = 0; i < 60; i++) run(store, OPERATOR)
    assert.deepEqual([store.usage().own.traces, store.usage().others.traces], [50, 10])
    assert.equal(store.get(mine[0].id), undefined, 'the operator\'s oldest went for its own newer ones')
  })

  it('counts a trace requested from the node\'s own host with a fresh key as the operator\'s, also after a reopen', () => {
    const store = open({ maxTraces: 50, maxOtherTraces: 10 })
    const cli = request('fresh-key-on-this-host')
    historyRecorder(store, clock)(cli, true).end([])
    clock.advance(1000)
    const elsewhere = run(store, 'fresh-key-elsewhere')
    for (let i = 0; i < 100; i++) run(store, `stranger-${i % 40}`)
    assert.deepEqual([store.usage().own.traces, store.usage().others.traces], [1, 10])
    assert.equal(store.get(cli.id)?.origin, 'fresh-key-on-this-host')
    assert.equal(store.get(elsewhere.id), undefined, 'a fresh key from elsewhere is another requester\'s')
    store.close()
    const reopened = open({ maxTraces: 50, maxOtherTraces: 10 })
    assert.deepEqual([reopened.usage().own.traces, reopened.usage().others.traces], [1, 10])
  })

  it('keeps at most maxTraceBytes of results per trace: the rest are counted, not kept', () => {
    const store = open({ maxTraceBytes: 100_000 })
    const size = resultToWire(result(request('x'), 'peer0000', 30)).length
    const req = run(store, 'stranger', 1500, 30)
    const kept = Math.floor(100_000 / size)
    assert.ok(kept > 1 && kept < 100, `${kept} results of ${size} bytes`)
    const trace = store.get(req.id)
    assert.equal(trace?.results.length, kept)
    assert.equal(trace?.summary.answered, 1500, 'every result is counted')
    assert.deepEqual(store.list().map(e => e.answered), [1500])
    assert.deepEqual(store.usage(), {
      own: { traces: 0, bytes: 0 }, others: { traces: 1, bytes: requestToWire(req).length + kept * size }, droppedResults: 1500 - kept
    })
  })

  it('keeps others\' traces within maxOtherBytes and the operator\'s within maxBytes, oldest first', () => {
    const store = open({ maxBytes: 200_000, maxOtherBytes: 50_000 })
    const mine = run(store, OPERATOR, 5, 30)
    const others = Array.from({ length: 8 }, () => run(store, 'stranger', 2, 30))
    const usage = store.usage()
    const perOther = requestToWire(others[0]).length + 2 * resultToWire(result(others[0], 'peer0000', 30)).length
    assert.equal(usage.others.traces, Math.floor(50_000 / perOther))
    assert.equal(usage.others.bytes, usage.others.traces * perOther)
    assert.deepEqual(store.list({ limit: 100 }).map(e => e.id).slice(0, usage.others.traces),
      others.slice(-usage.others.traces).reverse().map(r => r.id), 'the newest were kept')
    assert.equal(store.get(mine.id)?.results.length, 5)
    for (let i = 0; i < 30; i++) run(store, OPERATOR, 5, 30)
    assert.ok(store.usage().own.bytes <= 200_000, String(store.usage().own.bytes))
    assert.equal(store.get(mine.id), undefined)
  })

  it('marks a trace the node stopped in the middle of as interrupted, and only that one', () => {
    const store = open()
    const done = run(store, OPERATOR)
    const cut = request(OPERATOR)
    historyRecorder(store, clock)(cut).result(result(cut, 'peer0'))
    store.close()
    const reopened = open()
    assert.equal(reopened.get(cut.id)?.interrupted, true)
    assert.equal(reopened.get(cut.id)?.finishedAt, undefined)
    assert.equal(reopened.get(done.id)?.interrupted, undefined)
  })

  it('upgrades a database an older version made: its traces stay, counted in bytes, judged by origin', () => {
    const old = request(OPERATOR)
    const stranger = request('stranger')
    const wire = resultToWire(result(old, 'peer0'))
    const db = new Database(join(dir, HISTORY_FILE))
    db.exec(`CREATE TABLE traces (id TEXT PRIMARY KEY, origin TEXT NOT NULL, target TEXT NOT NULL, started_at INTEGER NOT NULL,
      finished_at INTEGER, request BLOB NOT NULL, summary TEXT, answered INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE results (trace_id TEXT NOT NULL REFERENCES traces (id) ON DELETE CASCADE, seq INTEGER NOT NULL, result BLOB NOT NULL,
      PRIMARY KEY (trace_id, seq));`)
    const insert = db.prepare('INSERT INTO traces (id, origin, target, started_at, request) VALUES (?, ?, ?, ?, ?)')
    insert.run(old.id, old.origin, old.target, clock.now(), requestToWire(old))
    insert.run(stranger.id, stranger.origin, stranger.target, clock.now(), requestToWire(stranger))
    db.prepare('INSERT INTO results (trace_id, seq, result) VALUES (?, 0, ?)').run(old.id, wire)
    db.close()
    const store = open()
    assert.deepEqual(store.usage(), {
      own: { traces: 1, bytes: requestToWire(old).length + wire.length }, others: { traces: 1, bytes: requestToWire(stranger).length }, droppedResults: 0
    })
    assert.equal(store.get(old.id)?.results.length, 1)
    assert.equal(store.get(old.id)?.interrupted, true, 'it never ended')
  })

  it('says when the disk is full (nothing recorded, the flood goes on), once per DISK_FULL_WARNING_INTERVAL_MS', () => {
    const said: string[] = []
    const store = open({ onFull: (message) => { said.push(message) } })
    // The database's page limit stands in for a full disk: SQLite answers SQLITE_FULL either way.
    const db = (store as unknown as { db: Database.Database }).db
    const limit = (pages: number): void => { db.pragma(`max_page_count = ${pages}`) }
    limit(db.pragma('page_count', { simple: true }) as number)
    const failures: string[] = []
    for (let i = 0; i < 5; i++) {
      try {
        run(store, OPERATOR, 4, 30)
      } catch (err) {
        failures.push((err as { code?: string }).code ?? String(err))
      }
    }
    assert.deepEqual(failures, ['SQLITE_FULL', 'SQLITE_FULL', 'SQLITE_FULL', 'SQLITE_FULL', 'SQLITE_FULL'])
    const message = `the history ${store.file} cannot grow (disk full): traces are not recorded until there is room`
    assert.deepEqual(said, [message])
    // A failing run() leaves the clock where it was: the first failure was said at this very instant.
    clock.advance(DISK_FULL_WARNING_INTERVAL_MS - 1)
    assert.throws(() => run(store, OPERATOR, 4, 30), { code: 'SQLITE_FULL' })
    assert.deepEqual(said, [message], 'not again within the interval')
    clock.advance(1)
    assert.throws(() => run(store, OPERATOR, 4, 30), { code: 'SQLITE_FULL' })
    assert.deepEqual(said, [message, message])
  })
})
