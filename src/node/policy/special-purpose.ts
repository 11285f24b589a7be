// Which addresses are global unicast, after the IANA special-purpose address registries (iana-ipv4-special-registry,
// iana-ipv6-special-registry; multicast, 240/4 and broadcast from the IPv4 address-space registry). IPv6 is global
// only inside 2000::/3; IPv6 forms that carry an IPv4 address (6to4, NAT64) are judged by the address they carry.

import ipaddr from 'ipaddr.js'

type Range = [string, number]

/** What an address is: global unicast, a special-purpose range (named), or an IPv6 form carrying an IPv4 address. */
export type AddressClass =
  | { kind: 'global' }
  | { kind: 'special', range: string }
  | { kind: 'embedded', form: string, ipv4: ipaddr.IPv4 }

/** IPv4 ranges that are not globally reachable, first match wins. */
const IPV4_SPECIAL: Array<[string, Range[]]> = [
  ['unspecified', [['0.0.0.0', 8]]], // "this network", RFC 791
  ['private', [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16]]], // RFC 1918
  ['carrierGradeNat', [['100.64.0.0', 10]]], // shared address space, RFC 6598
  ['loopback', [['127.0.0.0', 8]]],
  ['linkLocal', [['169.254.0.0', 16]]],
  // IETF protocol assignments (its two anycast exceptions have nothing to trace), TEST-NET-1/2/3, benchmarking,
  // the deprecated 6to4 relay anycast (RFC 7526).
  ['reserved', [['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['198.18.0.0', 15],
    ['198.51.100.0', 24], ['203.0.113.0', 24]]],
  ['multicast', [['224.0.0.0', 4]]],
  ['broadcast', [['255.255.255.255', 32]]],
  ['reserved', [['240.0.0.0', 4]]]
]

/** IPv6 ranges inside 2000::/3 that the registry marks globally reachable although a wider refused range holds them. */
const IPV6_GLOBAL_EXCEPTIONS: Range[] = [
  ['2001:1::1', 128], ['2001:1::2', 128], ['2001:1::3', 128], // PCP, TURN, DNS-SD anycast
  ['2001:3::', 32], // AMT
  ['2001:4:112::', 48], // AS112-v6
  ['2001:20::', 28], // ORCHIDv2
  ['2001:30::', 28] // drone remote ID entity tags
]

/** IPv6 ranges that are not globally reachable, first match wins (after the exceptions above). */
const IPV6_SPECIAL: Array<[string, Range[]]> = [
  ['unspecified', [['::', 128]]],
  ['loopback', [['::1', 128]]],
  // Deprecated (RFC 4291 2.5.5.1): refused whatever it carries, as the kernel may route it as the IPv4 address.
  ['ipv4Compatible', [['::', 96]]],
  ['nat64LocalUse', [['64:ff9b:1::', 48]]], // RFC 8215
  ['ipv4Translated', [['::ffff:0:0:0', 96]]], // RFC 6145
  ['discard', [['100::', 64]]], // RFC 6666
  ['teredo', [['2001::', 32]]], // carries IPv4 addresses, obfuscated: refused whole
  ['benchmarking', [['2001:2::', 48]]],
  ['deprecatedOrchid', [['2001:10::', 28]]],
  ['reserved', [['2001::', 23], ['2001:db8::', 32], ['3fff::', 20]]], // IETF protocol assignments, documentation
  ['uniqueLocal', [['fc00::', 7]]],
  ['linkLocal', [['fe80::', 10]]],
  ['deprecatedSiteLocal', [['fec0::', 10]]],
  ['multicast', [['ff00::', 8]]],
  ['segmentRouting', [['5f00::', 16]]] // RFC 9602
]

const GLOBAL_UNICAST_V6: Range = ['2000::', 3]
const NAT64: Range = ['64:ff9b::', 96] // RFC 6052: globally reachable, the IPv4 address in the last 32 bits
const SIX_TO_FOUR: Range = ['2002::', 16] // RFC 3056: the IPv4 address in bits 16..47

type Parsed<T> = Array<[string, Array<[T, number]>]>

const v4Special: Parsed<ipaddr.IPv4> = IPV4_SPECIAL.map(([name, ranges]) => [name, ranges.map(([a, bits]) => [ipaddr.IPv4.parse(a), bits])])
const v6Special: Parsed<ipaddr.IPv6> = IPV6_SPECIAL.map(([name, ranges]) => [name, ranges.map(([a, bits]) => [ipaddr.IPv6.parse(a), bits])])
const v6Exceptions = IPV6_GLOBAL_EXCEPTIONS.map(([a, bits]): [ipaddr.IPv6, number] => [ipaddr.IPv6.parse(a), bits])
const v6 = (range: Range): [ipaddr.IPv6, number] => [ipaddr.IPv6.parse(range[0]), range[1]]
const globalUnicast = v6(GLOBAL_UNICAST_V6)
const nat64 = v6(NAT64)
const sixToFour = v6(SIX_TO_FOUR)

/** Classifies an address; an IPv4-mapped IPv6 address must be given as its IPv4 address. */
export function classifyAddress (addr: ipaddr.IPv4 | ipaddr.IPv6): AddressClass {
  if (addr.kind() === 'ipv4') {
    const range = firstMatch(v4Special, addr as ipaddr.IPv4)
    return range === undefined ? { kind: 'global' } : { kind: 'special', range }
  }
  const a = addr as ipaddr.IPv6
  if (a.match(nat64)) return { kind: 'embedded', form: 'NAT64', ipv4: ipv4From(a, 12) }
  if (a.match(sixToFour)) return { kind: 'embedded', form: '6to4', ipv4: ipv4From(a, 2) }
  if (v6Exceptions.some(range => a.match(range))) return { kind: 'global' }
  const range = firstMatch(v6Special, a)
  if (range !== undefined) return { kind: 'special', range }
  if (!a.match(globalUnicast)) return { kind: 'special', range: 'non-global (outside 2000::/3)' }
  return { kind: 'global' }
}

function firstMatch<T extends ipaddr.IPv4 | ipaddr.IPv6> (table: Parsed<T>, addr: T): string | undefined {
  for (const [name, ranges] of table) {
    if (ranges.some(range => addr.match(range as [ipaddr.IPv4 & ipaddr.IPv6, number]))) return name
  }
  return undefined
}

function ipv4From (addr: ipaddr.IPv6, byteOffset: number): ipaddr.IPv4 {
  const bytes = addr.toByteArray()
  return new ipaddr.IPv4(bytes.slice(byteOffset, byteOffset + 4))
}
