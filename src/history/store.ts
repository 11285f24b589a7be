// The trace history on disk: one SQLite database in the node's data dir (better-sqlite3, synchronous, so a
// record is written before the flood moves on). Retention is bounded by count and by age; both are enforced when
// the store opens and whenever a trace starts.

import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { systemClock, type Clock } from '../time/clock.js'
import type { SummaryView, TraceRequest, VantageResult } from '../model/index.js'
import { SummaryTally } from '../overlay/summary.js'
import {
  DAY_MS, DEFAULT_HISTORY_LIST, DEFAULT_HISTORY_MAX_AGE_DAYS, DEFAULT_HISTORY_MAX_TRACES, HISTORY_FILE,
  MAX_HISTORY_LIST, MIN_ID_PREFIX
} from './constants.js'
import { HistoryError } from './errors.js'
import { requestFromWire, requestToWire, resultFromWire, resultToWire } from './wire-form.js'
import type { HistoryEntry, HistoryQuery, HistoryReader, StoredTrace } from './types.js'

export interface HistoryStoreInit {
  /** The node's data dir: the database is `history.sqlite` in it. */
  dataDir: string
  maxTraces?: number
  maxAgeDays?: number
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
  failed INTEGER NOT NULL DEFAULT 0
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
}

export class HistoryStore implements HistoryReader {
  readonly file: string
  private readonly db: Database.Database
  private readonly maxTraces: number
  private readonly maxAgeMs: number
  private readonly clock: Clock
  /** The statements every trace runs (each result on the relay's path), compiled once. */
  private readonly write: ReturnType<typeof writeStatements>
  private readonly addResultTx: (id: string, seq: number, result: VantageResult) => void
  private readonly pruneTx: () => void

  constructor (init: HistoryStoreInit) {
    this.maxTraces = init.maxTraces ?? DEFAULT_HISTORY_MAX_TRACES
    this.maxAgeMs = (init.maxAgeDays ?? DEFAULT_HISTORY_MAX_AGE_DAYS) * DAY_MS
    this.clock = init.clock ?? systemClock
    this.file = join(init.dataDir, HISTORY_FILE)
    try {
      mkdirSync(init.dataDir, { recursive: true, mode: 0o700 })
      this.db = new Database(this.file)
      this.db.pragma('journal_mode = WAL')
      this.db.pragma('foreign_keys = ON')
      this.db.exec(SCHEMA)
    } catch (err) {
      throw new HistoryError('ERR_HISTORY_UNAVAILABLE', `cannot open the history ${this.file}: ${(err as Error).message}`, { cause: err })
    }
    const write = this.write = writeStatements(this.db)
    this.addResultTx = this.db.transaction((id: string, seq: number, result: VantageResult) => {
      const counted = result.error === undefined ? write.countAnswered.run(id) : write.countFailed.run(id)
      if (counted.changes > 0) write.insertResult.run(id, seq, resultToWire(result))
    })
    this.pruneTx = this.db.transaction(() => {
      write.deleteOlder.run(this.clock.now() - this.maxAgeMs)
      write.deleteBeyond.run(this.maxTraces)
    })
    this.prune()
  }

  /** A new trace; the oldest go if the store is full. */
  begin (request: TraceRequest, startedAt = this.clock.now()): void {
    this.write.insertTrace.run(request.id, request.origin, request.target, startedAt, requestToWire(request))
    this.prune()
  }

  /** One verified result, in landing order. */
  addResult (id: string, seq: number, result: VantageResult): void {
    this.addResultTx(id, seq, result)
  }

  finish (id: string, summary: SummaryView, finishedAt = this.clock.now()): void {
    this.write.finishTrace.run(finishedAt, JSON.stringify(summary), summary.answered, summary.failed.length, id)
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
    const rows = this.db.prepare('SELECT id, origin, target, started_at, finished_at, request, summary FROM traces WHERE id LIKE ? LIMIT 2')
      .all(`${id}%`) as TraceRow[]
    if (rows.length > 1) throw new HistoryError('ERR_AMBIGUOUS_ID', `${id} is the start of several trace ids: give more of it`)
    const row = rows[0]
    if (row === undefined) return undefined
    const results = (this.db.prepare('SELECT result FROM results WHERE trace_id = ? ORDER BY seq').all(row.id) as Array<{ result: Buffer }>)
      .map((r) => resultFromWire(r.result))
    const summary = row.summary === null ? unfinishedSummary(row.target, results) : JSON.parse(row.summary) as SummaryView
    return {
      id: row.id,
      origin: row.origin,
      target: row.target,
      startedAt: row.started_at,
      ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
      request: requestFromWire(row.request),
      results,
      summary
    }
  }

  /** Traces stored now. */
  count (): number {
    return (this.db.prepare('SELECT count(*) AS n FROM traces').get() as { n: number }).n
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
    insertTrace: db.prepare('INSERT OR IGNORE INTO traces (id, origin, target, started_at, request) VALUES (?, ?, ?, ?, ?)'),
    countAnswered: db.prepare('UPDATE traces SET answered = answered + 1 WHERE id = ?'),
    countFailed: db.prepare('UPDATE traces SET failed = failed + 1 WHERE id = ?'),
    insertResult: db.prepare('INSERT INTO results (trace_id, seq, result) VALUES (?, ?, ?)'),
    finishTrace: db.prepare('UPDATE traces SET finished_at = ?, summary = ?, answered = ?, failed = ? WHERE id = ?'),
    deleteOlder: db.prepare('DELETE FROM traces WHERE started_at < ?'),
    deleteBeyond: db.prepare('DELETE FROM traces WHERE id NOT IN (SELECT id FROM traces ORDER BY started_at DESC, rowid DESC LIMIT ?)')
  }
}

/** A trace the node stopped in the middle of: what its stored results add up to. */
function unfinishedSummary (target: string, results: VantageResult[]): SummaryView {
  const tally = new SummaryTally()
  for (const result of results) tally.add(result)
  return { target, answered: tally.answered, failed: tally.failed([], () => true), unverified: 0, durationMs: 0 }
}
