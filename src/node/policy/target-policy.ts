// What this peer agrees to probe, decided by its operator, never by the requester. By default only global unicast
// addresses: loopback, link-local, multicast, broadcast, private, shared (CGN), reserved and documentation ranges of
// IPv4 and IPv6 are refused. --deny-target wins over everything; --allow-target opens a range (labs, the demo).

import ipaddr from 'ipaddr.js'
import { UsageError } from '../errors.js'

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
    let addr: ipaddr.IPv4 | ipaddr.IPv6
    try {
      addr = ipaddr.process(address)
    } catch {
      return { allowed: false, reason: `target policy refused ${address}: not an IP address` }
    }
    const text = addr.toString()
    if (this.deny.some(cidr => inCidr(addr, cidr))) {
      return { allowed: false, reason: `target policy refused ${text}: denied by this peer's operator` }
    }
    if (this.allow.some(cidr => inCidr(addr, cidr))) return { allowed: true }
    const range = addr.range()
    if (range === 'unicast') return { allowed: true }
    return { allowed: false, reason: `target policy refused ${text}: ${range} range` }
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
