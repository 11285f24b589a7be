// The ICMP destination-unreachable codes the lab's endings produce, and the flag traceroute prints for each: the
// ground truth's own table, written from the lab's observations and never taken from the engine under test.
//
// Checked with traceroute 2.1.2 (`-n`, UDP and `-I`) and scamper 20211212 in generated labs: every REJECT type at a
// router (FORWARD) and at the target (INPUT), and the unreachable/prohibit routes, print the flags below. Port
// unreachable is the one code traceroute never flags: it takes it for the destination, from whichever address it
// comes; the truth flags it `!<3>` / `!<4>` (traceroute's form for a code without a letter) when it is not the
// method's own answer, i.e. from a router, or from the target to an ICMP echo request.

import type { Family, PrefixKind, Reject4Type, Reject6Type } from './spec.js'

export const PORT_UNREACHABLE: Readonly<Record<Family, number>> = { 4: 3, 6: 4 }

export const REJECT4_CODES: Readonly<Record<Reject4Type, number>> = {
  'icmp-net-unreachable': 0,
  'icmp-host-unreachable': 1,
  'icmp-proto-unreachable': 2,
  'icmp-port-unreachable': 3,
  'icmp-net-prohibited': 9,
  'icmp-host-prohibited': 10,
  'icmp-admin-prohibited': 13
}

export const REJECT6_CODES: Readonly<Record<Reject6Type, number>> = {
  'icmp6-no-route': 0,
  'icmp6-adm-prohibited': 1,
  'icmp6-addr-unreachable': 3,
  'icmp6-port-unreachable': 4
}

export const REJECT4_TYPES = Object.keys(REJECT4_CODES) as Reject4Type[]
export const REJECT6_TYPES = Object.keys(REJECT6_CODES) as Reject6Type[]

/**
 * The code a refusing route sends (`ip route add unreachable|prohibit`): IPv4 host unreachable / communication
 * administratively prohibited, IPv6 no route / administratively prohibited. A blackhole sends nothing.
 */
const ROUTE_CODES: Readonly<Record<'unreachable' | 'prohibit', Record<Family, number>>> = {
  unreachable: { 4: 1, 6: 0 },
  prohibit: { 4: 13, 6: 1 }
}

export function routeCode (kind: PrefixKind, family: Family): number | undefined {
  return kind === 'unreachable' || kind === 'prohibit' ? ROUTE_CODES[kind][family] : undefined
}

/** Linux traceroute's flags (traceroute.c, parse_icmp_res): IPv4 codes 0-15, IPv6 codes 0-3. */
const FLAGS: Readonly<Record<Family, Readonly<Record<number, string>>>> = {
  4: {
    0: '!N', 1: '!H', 2: '!P', 4: '!F', 5: '!S', 6: '!N', 7: '!H', 8: '!N', 9: '!X', 10: '!X', 11: '!N', 12: '!H',
    13: '!X', 14: '!V', 15: '!C'
  },
  6: { 0: '!N', 1: '!X', 2: '!H', 3: '!H' }
}

/** The flag of an unreachable code; a code without a letter prints as traceroute prints it, `!<code>`. */
export function tracerouteFlag (family: Family, code: number): string {
  return FLAGS[family][code] ?? `!<${code}>`
}
