// NDJSON: one object per vantage point (the engine's trace fields, plus peer and name), then one summary object.
// `stop` says why a trace ended (README); null for an error, or a trace from a peer that predates it.

import { vantageRow, type Annotations, type SummaryView, type VantageView } from '../model/index.js'

/** With `annotations`, each hop and probe carries its address's `name`, `asn` and `asName` where known. */
export function vantageJson (v: VantageView, annotations?: Annotations): string {
  return JSON.stringify(vantageRow(v, annotations))
}

export function summaryJson (s: SummaryView): string {
  return JSON.stringify({ summary: s })
}
