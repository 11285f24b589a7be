// What the requester learns about a hop address besides the trace itself: its reverse-DNS name and its autonomous
// system. Looked up on the requester's side (src/annotate/), never measured by a vantage point, and handed to the
// formats as data: an address's annotation, or nothing known about it.

import type { MeasuredTrace } from './trace.js'

export interface AddressAnnotation {
  /** The name the requester's system resolver gives the address (getnameinfo), when it gave one in time. */
  name?: string
  /** The AS the address is routed in, from the operator's IP-to-ASN database. */
  asn?: number
  /** That AS's name, where the database has one. */
  asName?: string
}

/** Annotations by address; an address missing from it (or with an empty annotation) has nothing known. */
export type Annotations = ReadonlyMap<string, AddressAnnotation>

/** No annotation: what a format prints when the requester looked nothing up. */
export const NO_ANNOTATIONS: Annotations = new Map()

/** Every address that answered in a trace (each hop's, its other addresses', each probe's), once each, in TTL order. */
export function traceAddresses (trace: MeasuredTrace | undefined): string[] {
  const seen = new Set<string>()
  for (const hop of trace?.hops ?? []) {
    if (hop.addr !== null) seen.add(hop.addr)
    for (const addr of hop.addrs ?? []) seen.add(addr)
    for (const probe of hop.probes ?? []) if (probe.addr !== null) seen.add(probe.addr)
  }
  return [...seen]
}

/** `name (addr)` when a name is known, else `addr`: traceroute's way of showing both. */
export function hostLabel (addr: string, annotations: Annotations): string {
  const name = annotations.get(addr)?.name
  return name === undefined ? addr : `${name} (${addr})`
}

/** `[AS64500]` as traceroute -A prints it, or '' when the AS is not known. */
function asLabel (addr: string, annotations: Annotations): string {
  const asn = annotations.get(addr)?.asn
  return asn === undefined ? '' : `[AS${asn}]`
}

/** The address as every human format shows it: `name (addr) [AS64500]`, each part only when known. */
export function annotatedAddress (addr: string, annotations: Annotations): string {
  const as = asLabel(addr, annotations)
  return as === '' ? hostLabel(addr, annotations) : `${hostLabel(addr, annotations)} ${as}`
}
