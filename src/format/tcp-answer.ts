// The target's answer to a TCP probe, as Debian's `traceroute -T -O info` prints it after the hop: `<syn,ack>` (the
// port is open), `<rst,ack>` (closed). The engine keeps the flags in Atlas's letters ('SA', 'RA') on each probe.

import type { Hop } from '../model/index.js'

/** Atlas's flag letters as traceroute names them. */
const TCP_FLAG_NAMES: Record<string, string> = { F: 'fin', S: 'syn', R: 'rst', P: 'psh', A: 'ack', U: 'urg' }

/** `<syn,ack>` for the first TCP answer among the hop's probes; undefined when none is a TCP answer. */
export function tcpAnswer (hop: Pick<Hop, 'probes'>): string | undefined {
  const flags = hop.probes?.find(p => p.tcpFlags !== undefined)?.tcpFlags
  return flags === undefined ? undefined : `<${[...flags].map(letter => TCP_FLAG_NAMES[letter] ?? letter).join(',')}>`
}
