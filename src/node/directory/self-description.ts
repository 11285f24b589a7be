// What this node says about itself besides its operator's labels: the address families it can probe (those it
// holds a non-loopback address of) and its software version.

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
