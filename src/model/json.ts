// The JSON line of one vantage point (NDJSON `--format json`, the web API's result events): the trace's fields
// flattened next to the peer's, null where an error (or a peer that predates the field) left them unknown. Each
// hop keeps `addr` and `rtts` and lists in `probes` every probe sent, answered or lost.

import type { Hop, StopReason } from './trace.js'
import type { PeerError, VantageView } from './vantage.js'

export interface VantageRow {
  peer: string
  name: string
  target: string | null
  addr: string | null
  method: string | null
  /** When the trace started, Unix ms. */
  startedAt: number | null
  /** The address the vantage point's probes left from. */
  srcAddr: string | null
  probeSize: number | null
  reached: boolean
  /** Null for an error, or a trace from a peer that predates it. */
  stop: StopReason | null
  durationMs: number | null
  hops: Hop[]
  error?: PeerError
}

export function vantageRow (v: VantageView): VantageRow {
  const t = v.trace
  const row: VantageRow = {
    peer: v.peer,
    name: v.name,
    target: t?.target ?? null,
    addr: t?.addr ?? null,
    method: t?.method ?? null,
    startedAt: t?.startedAt ?? null,
    srcAddr: t?.srcAddr ?? null,
    probeSize: t?.probeSize ?? null,
    reached: t?.reached ?? false,
    stop: t?.stop ?? null,
    durationMs: t?.durationMs ?? null,
    hops: t?.hops ?? []
  }
  if (v.error !== undefined) row.error = v.error
  return row
}

/** Back from the row to the view the formats take (what a row does not carry stays empty). */
export function vantageFromRow (row: VantageRow): VantageView {
  const view: VantageView = { peer: row.peer, name: row.name }
  if (row.error !== undefined) view.error = row.error
  if (row.addr !== null && row.target !== null) {
    view.trace = {
      target: row.target,
      addr: row.addr,
      method: row.method ?? '',
      reached: row.reached,
      durationMs: row.durationMs ?? 0,
      probesSent: 0,
      hops: row.hops
    }
    if (row.stop != null) view.trace.stop = row.stop
    if (row.startedAt != null) view.trace.startedAt = row.startedAt
    if (row.srcAddr != null) view.trace.srcAddr = row.srcAddr
    if (row.probeSize != null) view.trace.probeSize = row.probeSize
  }
  return view
}
