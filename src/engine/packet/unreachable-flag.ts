// Maps ICMP/ICMPv6 destination-unreachable codes to traceroute's flags (!H, !N, !P, !X, …), and tells which
// codes mean "the destination itself answered" (port unreachable for UDP probes).

const ICMP4_FLAGS: Record<number, string> = {
  0: '!N', 1: '!H', 2: '!P', 4: '!F', 5: '!S', 6: '!N', 7: '!H', 8: '!S', 9: '!A', 10: '!A', 11: '!N', 12: '!H',
  13: '!X', 14: '!V', 15: '!C'
}

const ICMP6_FLAGS: Record<number, string> = {
  0: '!N', 1: '!A', 2: '!S', 3: '!H', 5: '!X', 6: '!X', 7: '!S'
}

export const ICMP4_PORT_UNREACH = 3
export const ICMP6_PORT_UNREACH = 4

/** The flag for an unreachable code; unknown codes print as !<code>, as traceroute does. */
export function unreachableFlag (family: 4 | 6, code: number): string {
  const table = family === 4 ? ICMP4_FLAGS : ICMP6_FLAGS
  return table[code] ?? `!${code}`
}

export function isPortUnreachable (family: 4 | 6, code: number): boolean {
  return code === (family === 4 ? ICMP4_PORT_UNREACH : ICMP6_PORT_UNREACH)
}
