// The listing of stored traces: one line per trace (id, start time in UTC, target, answered/total, failed), or one
// NDJSON object per trace.

import type { HistoryEntry } from '../model/index.js'

export function historyLine (e: HistoryEntry): string {
  const started = new Date(e.startedAt).toISOString().replace(/\.\d{3}Z$/, 'Z')
  return `${e.id}  ${started}  ${e.target}  answered ${e.answered}/${e.answered + e.failed}` +
    (e.failed > 0 ? `  failed ${e.failed}` : '')
}

export function historyJson (e: HistoryEntry): string {
  return JSON.stringify({ id: e.id, startedAt: e.startedAt, target: e.target, answered: e.answered, failed: e.failed })
}
