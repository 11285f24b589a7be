// NDJSON: one object per vantage point (the engine's trace fields, plus peer and name), then one summary object.
// `stop` says why a trace ended (README); null for an error, or a trace from a peer that predates it.

import type { SummaryView, VantageView } from './vantage.js'

export function vantageJson (v: VantageView): string {
  const t = v.trace
  const obj: Record<string, unknown> = {
    peer: v.peer,
    name: v.name,
    target: t?.target ?? null,
    addr: t?.addr ?? null,
    reached: t?.reached ?? false,
    stop: t?.stop ?? null,
    durationMs: t?.durationMs ?? null,
    hops: t?.hops ?? []
  }
  if (v.error !== undefined) obj.error = v.error
  return JSON.stringify(obj)
}

export function summaryJson (s: SummaryView): string {
  return JSON.stringify({ summary: s })
}
