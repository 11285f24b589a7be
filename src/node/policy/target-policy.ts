// What this peer agrees to probe, decided by its operator, never by the requester. By default only global unicast
// (special-purpose.ts, after the IANA registries); an IPv6 form carrying an IPv4 address is judged by that address
// too. --deny-target wins over everything; --allow-target opens a range (labs, the demo).

import { isIP } from 'node:net'
import ipaddr from 'ipaddr.js'
import { UsageError } from '../errors.js'
import { classifyAddress } from './special-purpose.js'

export type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number]

export interface TargetPolicyInit {
  allow?: string[]
  deny?: string[]
}

export type PolicyVerdict = { allowed: true } | { allowed: false, reason: string }

export class TargetPolicy {
  private readonly allow: Cidr[]
  private readonly deny: Cidr[]

  constructor (init: TargetPolicyInit = {}) {
    this.allow = (init.allow ?? []).map(parseCidr)
    this.deny = (init.deny ?? []).map(parseCidr)
  }

  check (address: string): PolicyVerdict {
    const addr = parseAddress(address)
    if (addr === undefined) return { allowed: false, reason: `target policy refused ${address}: not an IP address` }
    const text = addr.toString()
    const refused = (why: string): PolicyVerdict => ({ allowed: false, reason: `target policy refused ${text}: ${why}` })
    const verdict = classifyAddress(addr)
    const carried = verdict.kind === 'embedded' ? verdict.ipv4 : undefined
    if (this.denied(addr) || (carried !== undefined && this.denied(carried))) return refused("denied by this peer's operator")
    if (this.allow.some(cidr => inCidr(addr, cidr))) return { allowed: true }
    if (verdict.kind === 'special') return refused(`${verdict.range} range`)
    if (verdict.kind === 'embedded') {
      // The allow list opens ranges as written, never an IPv4 range through a translated form of it.
      const inner = classifyAddress(verdict.ipv4)
      if (inner.kind !== 'global') return refused(`${verdict.form} form of ${verdict.ipv4.toString()}, a refused address`)
    }
    return { allowed: true }
  }

  private denied (addr: ipaddr.IPv4 | ipaddr.IPv6): boolean {
    return this.deny.some(cidr => inCidr(addr, cidr))
  }
}

/**
 * The address as it will be probed. IPv6 text is read through the URL parser first: ipaddr.js reads '::127.0.0.1'
 * (the IPv4-compatible ::7f00:1, which is what gets probed) as the mapped ::ffff:127.0.0.1. A mapped address is
 * judged as its IPv4 address.
 */
function parseAddress (address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const [bare, zone] = address.split('%', 2) as [string, string | undefined]
  const family = isIP(bare)
  try {
    if (family === 4 && zone === undefined) return ipaddr.IPv4.parse(bare)
    if (family !== 6) return undefined
    const canonical = new URL(`http://[${bare}]/`).hostname.slice(1, -1)
    const addr = ipaddr.IPv6.parse(zone === undefined ? canonical : `${canonical}%${zone}`)
    return addr.isIPv4MappedAddress() ? addr.toIPv4Address() : addr
  } catch {
    return undefined
  }
}

export function parseCidr (text: string): Cidr {
  let cidr: Cidr
  try {
    cidr = text.includes('/') ? ipaddr.parseCIDR(text) : hostCidr(ipaddr.parse(text))
  } catch {
    throw new UsageError(`'${text}' is not a CIDR (like 198.51.100.0/24 or 2001:db8::/32)`)
  }
  const [addr, bits] = cidr
  // ipaddr.js also reads '10' as 0.0.0.10 and hex or octal parts: '10/8' would silently mean 0.0.0.0/8.
  if (addr.kind() === 'ipv4' && !ipaddr.IPv4.isValidFourPartDecimal(text.split('/')[0] ?? '')) {
    throw new UsageError(`'${text}' is not a CIDR: write IPv4 in four decimal parts (like 10.0.0.0/8)`)
  }
  // Targets are checked in IPv4 form when IPv4-mapped, so a mapped range becomes its IPv4 range: its prefix
  // counts the 96 bits of ::ffff:0:0/96 too.
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    if (bits < 96) throw new UsageError(`'${text}': an IPv4-mapped range needs a prefix of /96 or longer`)
    return [(addr as ipaddr.IPv6).toIPv4Address(), bits - 96]
  }
  return cidr
}

function hostCidr (addr: ipaddr.IPv4 | ipaddr.IPv6): Cidr {
  return [addr, addr.kind() === 'ipv4' ? 32 : 128]
}

function inCidr (addr: ipaddr.IPv4 | ipaddr.IPv6, cidr: Cidr): boolean {
  return addr.kind() === cidr[0].kind() && addr.match(cidr as [ipaddr.IPv4, number])
}
