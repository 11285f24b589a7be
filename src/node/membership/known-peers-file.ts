// Remembered peers on disk: one small SQLite database (peers.sqlite) in the node's data dir, rewritten whole from
// the in-memory table (at most --max-known-peers rows) now and then and on stop, and read back on start, so a
// restarted node can rejoin through any peer it knew, not only its bootstrap list. docs/overlay.md says why SQLite.

import { join } from 'node:path'
import Database from 'better-sqlite3'
import { KNOWN_PEERS_FILE } from './constants.js'
import type { KnownPeerRecord } from './known-peers.js'

/** Where membership keeps what it must remember (a test passes none, or one in memory). */
export interface KnownPeerStore {
  load: () => KnownPeerRecord[]
  save: (records: KnownPeerRecord[]) => void
  close: () => void
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS known_peers (
  id TEXT PRIMARY KEY,
  addrs TEXT NOT NULL,
  last_seen INTEGER NOT NULL,
  last_connected INTEGER
);
`

interface Row {
  id: string
  addrs: string
  last_seen: number
  last_connected: number | null
}

export class KnownPeersFile implements KnownPeerStore {
  readonly file: string
  private readonly db: Database.Database
  private readonly replace: (records: KnownPeerRecord[]) => void

  /** Opens (creating) peers.sqlite in `dataDir`; `maxRows` bounds what is read back. */
  constructor (dataDir: string, private readonly maxRows: number) {
    this.file = join(dataDir, KNOWN_PEERS_FILE)
    this.db = new Database(this.file)
    this.db.pragma('journal_mode = WAL')
    this.db.exec(SCHEMA)
    const clear = this.db.prepare('DELETE FROM known_peers')
    const insert = this.db.prepare('INSERT INTO known_peers (id, addrs, last_seen, last_connected) VALUES (?, ?, ?, ?)')
    this.replace = this.db.transaction((records: KnownPeerRecord[]) => {
      clear.run()
      for (const r of records) insert.run(r.id, JSON.stringify(r.addrs), r.lastSeen, r.lastConnected ?? null)
    })
  }

  load (): KnownPeerRecord[] {
    const rows = this.db.prepare('SELECT id, addrs, last_seen, last_connected FROM known_peers ORDER BY last_seen DESC LIMIT ?')
      .all(this.maxRows) as Row[]
    return rows.flatMap(row => {
      let addrs: unknown
      try { addrs = JSON.parse(row.addrs) } catch { return [] }
      if (!Array.isArray(addrs) || !addrs.every(a => typeof a === 'string')) return []
      return [{ id: row.id, addrs, lastSeen: row.last_seen, lastConnected: row.last_connected ?? undefined }]
    })
  }

  save (records: KnownPeerRecord[]): void {
    this.replace(records)
  }

  close (): void {
    this.db.close()
  }
}
