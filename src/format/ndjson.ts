// NDJSON: one object per vantage point (the engine's trace fields, plus peer and name), then one summary object.
// `stop` says why a trace ended (README); null for an error, or a trace from a peer that predates it.

import { vantageRow, type SummaryView, type VantageView } from '../model/index.js'

export function vantageJson (v: VantageView): string {
  return JSON.stringify(vantageRow(v))
}

export function summaryJson (s: SummaryView): string {
  return JSON.stringify({ summary: s })
}
