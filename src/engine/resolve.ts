// Turns a target (IP literal or host name) into the one address a trace probes, honouring a forced family.

import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { ResolveError } from './errors.js'
import { canonicalAddress } from './packet/address.js'
import type { Family } from './trace.js'

export interface ResolvedTarget {
  addr: string
  family: Family
}

/** Host names are what DNS allows: letters, digits, hyphens, dots; anything else is junk, refused before lookup. */
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i

export async function resolveTarget (target: string, family?: Family): Promise<ResolvedTarget> {
  const literal = isIP(target)
  if (literal !== 0) {
    if (family !== undefined && family !== literal) {
      throw new ResolveError(`${target} is an IPv${literal} address, but IPv${family} was asked for`)
    }
    return { addr: canonicalAddress(target), family: literal as Family }
  }
  if (!HOSTNAME.test(target) || /^[0-9.]+$/.test(target)) {
    throw new ResolveError(`'${target}' is not an IP address or a host name`)
  }
  try {
    const found = await lookup(target, { family: family ?? 0, verbatim: true })
    return { addr: canonicalAddress(found.address), family: found.family as Family }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'lookup failed'
    throw new ResolveError(`cannot resolve '${target}' (${code})`)
  }
}
