// What this node says about itself besides its operator's labels: the address families it can probe (those it
// holds a non-loopback address of), its software version, and the AS and country an IP-to-ASN database gives its
// own addresses (`node --asn-db`), for an operator who does not state them.

import { networkInterfaces } from 'node:os'
import type { AddressFamily } from '../../model/vantage-description.js'

/** The package's version, as `--version` prints it. */
export const SOFTWARE_VERSION = '0.1.0'

/** The families this host has a non-internal address of; IPv4 when it has none at all (a lab's loopback overlay). */
export function probeFamilies (): AddressFamily[] {
  const addresses = Object.values(networkInterfaces()).flat().filter((a) => a !== undefined && !a.internal)
  const families: AddressFamily[] = []
  if (addresses.some((a) => a?.family === 'IPv4')) families.push('ipv4')
  if (addresses.some((a) => a?.family === 'IPv6' && !(a.address.startsWith('fe80')))) families.push('ipv6')
  return families.length > 0 ? families : ['ipv4']
}

/** What an IP-to-ASN database says of an address (src/annotate/asn-db.ts is one). */
export interface AsnLookup {
  lookup: (addr: string) => { asn: number, country?: string } | undefined
}

/**
 * The addresses this node is reached and probes from, most telling first: the listen address when it is one, else
 * the host's own non-internal addresses (IPv4 first; link-local IPv6 left out: no database routes it).
 */
export function ownAddresses (listenHost: string): string[] {
  if (listenHost !== '0.0.0.0' && listenHost !== '::' && listenHost !== '') return [listenHost]
  const all = Object.values(networkInterfaces()).flat().filter((a) => a !== undefined && !a.internal)
  const v4 = all.filter((a) => a?.family === 'IPv4').map((a) => a?.address ?? '')
  const v6 = all.filter((a) => a?.family === 'IPv6' && !(a.address.startsWith('fe80'))).map((a) => a?.address ?? '')
  return [...v4, ...v6]
}

/** The AS and country of the first address the database routes; what the operator stated wins, field by field. */
export function labelsFromAsn (db: AsnLookup, addresses: readonly string[], stated: { asn?: number, country?: string }): { asn?: number, country?: string } {
  const found = addresses.map((addr) => db.lookup(addr)).find((entry) => entry !== undefined)
  const labels: { asn?: number, country?: string } = {}
  const asn = stated.asn ?? found?.asn
  const country = stated.country ?? found?.country
  if (asn !== undefined) labels.asn = asn
  if (country !== undefined) labels.country = country
  return labels
}
