// NDJSON: one object per vantage point (the engine's trace fields, plus peer and name), then one summary object.

import type { SummaryView, VantageView } from './vantage.js'

export function vantageJson (v: VantageView): string {
  const t = v.trace
  const obj: Record<string, unknown> = {
    peer: v.peer,
    name: v.name,
    target: t?.target ?? null,
    addr: t?.addr ?? null,
    reached: t?.reached ?? false,
    durationMs: t?.durationMs ?? null,
    hops: t?.hops ?? []
  }
  if (v.error !== undefined) obj.error = v.error
  return JSON.stringify(obj)
}

export function summaryJson (s: SummaryView): string {
  return JSON.stringify({ summary: s })
}
