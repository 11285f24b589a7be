// The trace history on disk: one SQLite database in the node's data dir (better-sqlite3, synchronous, so a
// record is written before the flood moves on). The operator's own traces and other requesters' are kept apart:
// each within its own quota by count and by bytes, all by age, enforced when the store opens and whenever a trace
// starts or ends; one trace keeps at most maxTraceBytes of results. A trace left unfinished when the node stopped is
// marked interrupted when the store next opens.

import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { systemClock, type Clock } from '../time/clock.js'
import { failedCount, listingAtMost, type SummaryView, type TraceRequest, type VantageResult } from '../model/index.js'
import { SummaryTally } from '../overlay/summary.js'
import {
  DAY_MS, DEFAULT_HISTORY_LIST, DISK_FULL_WARNING_INTERVAL_MS, DEFAULT_HISTORY_MAX_AGE_DAYS, DEFAULT_HISTORY_MAX_BYTES, DEFAULT_HISTORY_MAX_OTHER_BYTES,
  DEFAULT_HISTORY_MAX_OTHER_TRACES, DEFAULT_HISTORY_MAX_TRACE_BYTES, DEFAULT_HISTORY_MAX_TRACES, HISTORY_FILE,
  MAX_HISTORY_LIST, MIN_ID_PREFIX
} from './constants.js'
import { HistoryError } from './errors.js'
import { requestFromWire, requestToWire, resultFromWire, resultToWire } from './wire-form.js'
import type { HistoryEntry, HistoryQuery, HistoryReader, StoredTrace } from './types.js'

export interface HistoryStoreInit {
  /** The node's data dir: the database is `history.sqlite` in it. */
  dataDir: string
  /** The operator key's peer id: traces it signed are the operator's own, every other origin's are others'. */
  operatorId?: string
  /** The operator's own traces kept at most. */
  maxTraces?: number
  /** Other requesters' traces kept at most. */
  maxOtherTraces?: number
  /** Bytes (requests and results) of the operator's traces kept at most, and of the others'. */
  maxBytes?: number
  maxOtherBytes?: number
  /** Bytes of results one trace keeps; past it results are counted, not kept. */
  maxTraceBytes?: number
  maxAgeDays?: number
  /**
   * Told when a write fails because the disk (or the database's page limit) is full, at most once per
   * DISK_FULL_WARNING_INTERVAL_MS: the flood goes on without its record, so the operator must hear of it.
   */
  onFull?: (message: string) => void
  /** Where start and finish times and the age limit are read from (default: the system clock). */
  clock?: Clock
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS traces (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  target TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  request BLOB NOT NULL,
  summary TEXT,
  answered INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  own INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  dropped INTEGER NOT NULL DEFAULT 0,
  interrupted INTEGER NOT NULL DEFAULT 0,
  same_host INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS traces_by_time ON traces (started_at);
CREATE INDEX IF NOT EXISTS traces_by_target ON traces (target, started_at);
CREATE TABLE IF NOT EXISTS results (
  trace_id TEXT NOT NULL REFERENCES traces (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  result BLOB NOT NULL,
  PRIMARY KEY (trace_id, seq)
);
`

interface TraceRow {
  id: string
  origin: string
  target: string
  started_at: number
  finished_at: number | null
  request: Buffer
  summary: string | null
  interrupted: number
}

/** Columns added since the first schema, for a database an older peertrace made (SQLite adds them in place). */
const ADDED_COLUMNS = ['own', 'bytes', 'dropped', 'interrupted', 'same_host']

export class HistoryStore implements HistoryReader {
  readonly file: string
  private readonly db: Database.Database
  private readonly operatorId: string | undefined
  private readonly maxTraces: number
  private readonly maxOtherTraces: number
  private readonly maxBytes: number
  private readonly maxOtherBytes: number
  private readonly maxTraceBytes: number
  private readonly maxAgeMs: number
  private readonly clock: Clock
  /** The statements every trace runs (each result on the relay's path), compiled once. */
  private readonly write: ReturnType<typeof writeStatements>
  private readonly addResultTx: (id: string, seq: number, result: VantageResult) => void
  private readonly pruneTx: () => void
  private readonly onFull: (message: string) => void
  private fullSaidAt: number | undefined

  constructor (init: HistoryStoreInit) {
    this.operatorId = init.operatorId
    this.onFull = init.onFull ?? (() => {})
    this.maxTraces = init.maxTraces ?? DEFAULT_HISTORY_MAX_TRACES
    this.maxOtherTraces = Math.min(init.maxOtherTraces ?? DEFAULT_HISTORY_MAX_OTHER_TRACES, this.maxTraces)
    this.maxBytes = init.maxBytes ?? DEFAULT_HISTORY_MAX_BYTES
    this.maxOtherBytes = Math.min(init.maxOtherBytes ?? DEFAULT_HISTORY_MAX_OTHER_BYTES, this.maxBytes)
    this.maxTraceBytes = init.maxTraceBytes ?? DEFAULT_HISTORY_MAX_TRACE_BYTES
    this.maxAgeMs = (init.maxAgeDays ?? DEFAULT_HISTORY_MAX_AGE_DAYS) * DAY_MS
    this.clock = init.clock ?? systemClock
    this.file = join(init.dataDir, HISTORY_FILE)
    try {
      mkdirSync(init.dataDir, { recursive: true, mode: 0o700 })
      this.db = new Database(this.file)
      this.db.pragma('journal_mode = WAL')
      this.db.pragma('foreign_keys = ON')
      this.db.exec(SCHEMA)
      migrate(this.db)
      // Whose traces are whose follows the operator key this node runs with now; an unfinished trace is one the
      // node stopped in the middle of (the store opens before any trace starts).
      this.db.prepare('UPDATE traces SET own = (origin IS ? OR same_host = 1)').run(this.operatorId ?? null)
      this.db.prepare('UPDATE traces SET interrupted = 1 WHERE finished_at IS NULL').run()
    } catch (err) {
      throw new HistoryError('ERR_HISTORY_UNAVAILABLE', `cannot open the history ${this.file}: ${(err as Error).message}`, { cause: err })
    }
    const write = this.write = writeStatements(this.db)
    this.addResultTx = this.db.transaction((id: string, seq: number, result: VantageResult) => {
      const counted = result.error === undefined ? write.countAnswered.run(id) : write.countFailed.run(id)
      if (counted.changes === 0) return
      const wire = resultToWire(result)
      if (write.keepResult.run(wire.length, id, this.maxTraceBytes - wire.length).changes > 0) {
        write.insertResult.run(id, seq, wire)
      } else {
        write.countDropped.run(id)
      }
    })
    this.pruneTx = this.db.transaction(() => {
      write.deleteOlder.run(this.clock.now() - this.maxAgeMs)
      for (const [own, maxTraces, maxBytes] of [[1, this.maxTraces, this.maxBytes], [0, this.maxOtherTraces, this.maxOtherBytes]]) {
        write.deleteBeyond.run(own, own, maxTraces)
        write.deleteBeyondBytes.run(own, maxBytes)
      }
    })
    this.prune()
  }

  /**
   * A new trace; the oldest go if the store is full. It is the operator's own when the operator key signed it, or
   * when `sameHost`: the requester's connection came from this node's own host (the rule that lets it read the
   * history), as a CLI trace with a fresh key does.
   */
  begin (request: TraceRequest, startedAt = this.clock.now(), sameHost = false): void {
    const wire = requestToWire(request)
    const own = request.origin === this.operatorId || sameHost ? 1 : 0
    this.writing(() => {
      this.write.insertTrace.run(request.id, request.origin, request.target, startedAt, wire, own, wire.length, sameHost ? 1 : 0)
      this.prune()
    })
  }

  /** One verified result, in landing order. */
  addResult (id: string, seq: number, result: VantageResult): void {
    this.writing(() => { this.addResultTx(id, seq, result) })
  }

  /** The summary is kept with at most MAX_FAILED_LISTED failed peers listed (the rest counted): `show` sends it whole. */
  finish (id: string, summary: SummaryView, finishedAt = this.clock.now()): void {
    this.writing(() => {
      this.write.finishTrace.run(finishedAt, JSON.stringify(listingAtMost(summary)), summary.answered, failedCount(summary), id)
      this.prune()
    })
  }

  /** Runs a write; a full disk is said (onFull, not too often) and rethrown, as any failure is. */
  private writing (write: () => void): void {
    try {
      write()
    } catch (err) {
      const now = this.clock.now()
      if ((err as { code?: unknown }).code === 'SQLITE_FULL' &&
        (this.fullSaidAt === undefined || now - this.fullSaidAt >= DISK_FULL_WARNING_INTERVAL_MS)) {
        this.fullSaidAt = now
        this.onFull(`the history ${this.file} cannot grow (disk full): traces are not recorded until there is room`)
      }
      throw err
    }
  }

  /**
   * The requester's own measure of how long its trace took (what it printed), which replaces this node's.
   * Only the trace's origin may set it: false if `origin` is not, or the trace is unknown or not finished.
   */
  setRequesterDuration (id: string, origin: string, durationMs: number): boolean {
    const row = this.db.prepare('SELECT summary FROM traces WHERE id = ? AND origin = ?').get(id, origin) as { summary: string | null } | undefined
    if (row?.summary == null) return false
    const summary = JSON.parse(row.summary) as SummaryView
    summary.durationMs = durationMs
    this.db.prepare('UPDATE traces SET summary = ? WHERE id = ?').run(JSON.stringify(summary), id)
    return true
  }

  list (query: HistoryQuery = {}): HistoryEntry[] {
    const limit = Math.min(Math.max(query.limit ?? DEFAULT_HISTORY_LIST, 0), MAX_HISTORY_LIST)
    const where = query.target === undefined ? '' : 'WHERE target = ?'
    const args: unknown[] = query.target === undefined ? [limit] : [query.target, limit]
    const rows = this.db.prepare(`SELECT id, started_at, target, answered, failed FROM traces ${where}
      ORDER BY started_at DESC, rowid DESC LIMIT ?`).all(...args) as Array<{ id: string, started_at: number, target: string, answered: number, failed: number }>
    return rows.map((r) => ({ id: r.id, startedAt: r.started_at, target: r.target, answered: r.answered, failed: r.failed }))
  }

  get (idOrPrefix: string): StoredTrace | undefined {
    const id = idOrPrefix.toLowerCase()
    if (!/^[0-9a-f]+$/.test(id) || id.length < MIN_ID_PREFIX) {
      throw new HistoryError('ERR_BAD_ID', `not a trace id: ${JSON.stringify(idOrPrefix.slice(0, 80))} (${MIN_ID_PREFIX} or more hex digits)`)
    }
    const rows = this.db.prepare('SELECT id, origin, target, started_at, finished_at, request, summary, interrupted FROM traces WHERE id LIKE ? LIMIT 2')
      .all(`${id}%`) as TraceRow[]
    if (rows.length > 1) throw new HistoryError('ERR_AMBIGUOUS_ID', `${id} is the start of several trace ids: give more of it`)
    const row = rows[0]
    if (row === undefined) return undefined
    const results = (this.db.prepare('SELECT result FROM results WHERE trace_id = ? ORDER BY seq').all(row.id) as Array<{ result: Buffer }>)
      .map((r) => resultFromWire(r.result))
    const summary = row.summary === null ? unfinishedSummary(row.target, results, row.interrupted === 1) : JSON.parse(row.summary) as SummaryView
    return {
      id: row.id,
      origin: row.origin,
      target: row.target,
      startedAt: row.started_at,
      ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
      ...(row.interrupted === 1 ? { interrupted: true } : {}),
      request: requestFromWire(row.request),
      results,
      summary
    }
  }

  /** Traces stored now. */
  count (): number {
    return (this.db.prepare('SELECT count(*) AS n FROM traces').get() as { n: number }).n
  }

  /** What the retention counts: traces and bytes, the operator's own and the others', and results not kept. */
  usage (): { own: { traces: number, bytes: number }, others: { traces: number, bytes: number }, droppedResults: number } {
    const rows = this.db.prepare('SELECT own, count(*) AS traces, coalesce(sum(bytes), 0) AS bytes, coalesce(sum(dropped), 0) AS dropped FROM traces GROUP BY own')
      .all() as Array<{ own: number, traces: number, bytes: number, dropped: number }>
    const of = (own: number): { traces: number, bytes: number } => {
      const row = rows.find(r => r.own === own)
      return { traces: row?.traces ?? 0, bytes: row?.bytes ?? 0 }
    }
    return { own: of(1), others: of(0), droppedResults: rows.reduce((n, r) => n + r.dropped, 0) }
  }

  /** Drops traces past the age limit, then the oldest beyond the count limit. */
  prune (): void {
    this.pruneTx()
  }

  close (): void {
    if (this.db.open) this.db.close()
  }
}

function writeStatements (db: Database.Database) {
  return {
    insertTrace: db.prepare('INSERT OR IGNORE INTO traces (id, origin, target, started_at, request, own, bytes, same_host) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    // Adds a result's bytes to its trace only while the trace's results stay within the per-trace bound.
    keepResult: db.prepare('UPDATE traces SET bytes = bytes + ? WHERE id = ? AND bytes - length(request) <= ?'),
    countDropped: db.prepare('UPDATE traces SET dropped = dropped + 1 WHERE id = ?'),
    countAnswered: db.prepare('UPDATE traces SET answered = answered + 1 WHERE id = ?'),
    countFailed: db.prepare('UPDATE traces SET failed = failed + 1 WHERE id = ?'),
    insertResult: db.prepare('INSERT INTO results (trace_id, seq, result) VALUES (?, ?, ?)'),
    finishTrace: db.prepare('UPDATE traces SET finished_at = ?, summary = ?, answered = ?, failed = ? WHERE id = ?'),
    deleteOlder: db.prepare('DELETE FROM traces WHERE started_at < ?'),
    deleteBeyond: db.prepare('DELETE FROM traces WHERE own = ? AND id NOT IN (SELECT id FROM traces WHERE own = ? ORDER BY started_at DESC, rowid DESC LIMIT ?)'),
    deleteBeyondBytes: db.prepare(`DELETE FROM traces WHERE id IN (SELECT id FROM (SELECT id, sum(bytes) OVER
      (ORDER BY started_at DESC, rowid DESC) AS kept FROM traces WHERE own = ?) WHERE kept > ?)`)
  }
}

/** Adds the columns a database made by an older peertrace lacks, and counts the bytes it already holds. */
function migrate (db: Database.Database): void {
  const have = new Set((db.prepare('PRAGMA table_info(traces)').all() as Array<{ name: string }>).map(c => c.name))
  const missing = ADDED_COLUMNS.filter(name => !have.has(name))
  if (missing.length === 0) return
  for (const name of missing) db.exec(`ALTER TABLE traces ADD COLUMN ${name} INTEGER NOT NULL DEFAULT 0`)
  db.exec(`UPDATE traces SET bytes = length(request) +
    coalesce((SELECT sum(length(result)) FROM results WHERE trace_id = traces.id), 0)`)
}

/** A trace the node stopped in the middle of: what its stored results add up to. */
function unfinishedSummary (target: string, results: VantageResult[], interrupted: boolean): SummaryView {
  const tally = new SummaryTally()
  for (const result of results) tally.add(result)
  const summary: SummaryView = { target, answered: tally.answered, failed: tally.failed([], () => true), unverified: 0, durationMs: 0 }
  if (interrupted) summary.interrupted = true
  return summary
}
