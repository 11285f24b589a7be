// The JSON line of one vantage point (NDJSON `--format json`, the web API's result events): the trace's fields
// flattened next to the peer's, null where an error (or a peer that predates the field) left them unknown. Each
// hop keeps `addr` and `rtts` and lists in `probes` every probe sent, answered or lost. What the requester knows of
// an address (its name, its AS) follows it, in the hop for its `addr` and in each probe for the probe's.

import type { AddressAnnotation, Annotations } from './annotation.js'
import type { Hop, Probe, StopReason } from './trace.js'
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
  hops: RowHop[]
  error?: PeerError
}

/** A hop of the row: the trace's hop, with what is known of its address; likewise each probe. */
type RowHop = Omit<Hop, 'probes'> & AddressAnnotation & { probes?: Array<Probe & AddressAnnotation> }

export function vantageRow (v: VantageView, annotations?: Annotations): VantageRow {
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
    hops: annotations === undefined || annotations.size === 0 ? t?.hops ?? [] : (t?.hops ?? []).map(hop => annotatedHop(hop, annotations))
  }
  if (v.error !== undefined) row.error = v.error
  return row
}

function annotatedHop (hop: Hop, annotations: Annotations): RowHop {
  const row: RowHop = withAnnotation({ ...hop }, hop.addr, annotations)
  if (hop.probes !== undefined) row.probes = hop.probes.map(p => withAnnotation({ ...p }, p.addr, annotations))
  return row
}

function withAnnotation<T extends object> (into: T, addr: string | null, annotations: Annotations): T & AddressAnnotation {
  const known = addr === null ? undefined : annotations.get(addr)
  const out: T & AddressAnnotation = into
  if (known?.name !== undefined) out.name = known.name
  if (known?.asn !== undefined) out.asn = known.asn
  if (known?.asName !== undefined) out.asName = known.asName
  return out
}

/** What the rows' hops and probes say of their addresses: the annotations the page's formats and map take. */
export function annotationsFromRow (row: VantageRow, into = new Map<string, AddressAnnotation>()): Map<string, AddressAnnotation> {
  const note = (addr: string | null, a: AddressAnnotation): void => {
    if (addr === null || (a.name === undefined && a.asn === undefined)) return
    const known: AddressAnnotation = {}
    if (a.name !== undefined) known.name = a.name
    if (a.asn !== undefined) known.asn = a.asn
    if (a.asName !== undefined) known.asName = a.asName
    into.set(addr, known)
  }
  for (const hop of row.hops) {
    note(hop.addr, hop)
    for (const probe of hop.probes ?? []) note(probe.addr, probe)
  }
  return into
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
      // The hops without what the requester added: the trace as the vantage point measured it.
      hops: row.hops.map(plainHop)
    }
    if (row.stop != null) view.trace.stop = row.stop
    if (row.startedAt != null) view.trace.startedAt = row.startedAt
    if (row.srcAddr != null) view.trace.srcAddr = row.srcAddr
    if (row.probeSize != null) view.trace.probeSize = row.probeSize
  }
  return view
}

function plainHop ({ name: _name, asn: _asn, asName: _asName, probes, ...hop }: RowHop): Hop {
  const plain: Hop = hop
  if (probes !== undefined) plain.probes = probes.map(({ name: _n, asn: _a, asName: _s, ...probe }) => probe)
  return plain
}
