// Maps ICMP/ICMPv6 destination-unreachable codes to traceroute's flags (!H, !N, !P, !X, …), and tells which
// codes mean "the destination itself answered" (port unreachable for UDP probes).

// Linux traceroute's table: network (0, 6, 8 isolated, 11 for TOS) !N, host (1, 7, 12 for TOS) !H, protocol !P,
// fragmentation needed !F, source route failed !S, administratively prohibited (9 net, 10 host, 13 filtered) !X,
// host precedence violation !V, precedence cut-off !C. ICMPv6: no route !N, administratively prohibited !X,
// beyond scope and address unreachable !H.
const ICMP4_FLAGS: Record<number, string> = {
  0: '!N', 1: '!H', 2: '!P', 4: '!F', 5: '!S', 6: '!N', 7: '!H', 8: '!N', 9: '!X', 10: '!X', 11: '!N', 12: '!H',
  13: '!X', 14: '!V', 15: '!C'
}

const ICMP6_FLAGS: Record<number, string> = {
  0: '!N', 1: '!X', 2: '!H', 3: '!H'
}

const ICMP4_PORT_UNREACH = 3
const ICMP6_PORT_UNREACH = 4

/** The flag for an unreachable code; other codes print as !<code>, as traceroute does. */
export function unreachableFlag (family: 4 | 6, code: number): string {
  const table = family === 4 ? ICMP4_FLAGS : ICMP6_FLAGS
  return table[code] ?? `!<${code}>`
}

export function isPortUnreachable (family: 4 | 6, code: number): boolean {
  return code === (family === 4 ? ICMP4_PORT_UNREACH : ICMP6_PORT_UNREACH)
}
