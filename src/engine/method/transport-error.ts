// What an ICMP error quoting one of our UDP or TCP probes means, once the quote has been matched to a probe key: a
// hop on the way (time exceeded), the destination (port unreachable from the target, as traceroute counts it), or
// a router or the target refusing (any other unreachable, with traceroute's flag).

import { isAddress } from '../packet/address.js'
import type { IcmpAnswer } from '../packet/icmp-parse.js'
import { isPortUnreachable, unreachableFlag } from '../packet/unreachable-flag.js'
import type { Classified } from './probe-flow.js'

export function transportErrorAnswer (a: IcmpAnswer, key: number, dstBytes: Uint8Array): Classified {
  if (a.kind === 'time-exceeded') return { key, answer: { from: a.from, cls: 'hop' } }
  if (isPortUnreachable(a.family, a.code) && isAddress(a.from, dstBytes)) {
    return { key, answer: { from: a.from, cls: 'dest' } }
  }
  return { key, answer: { from: a.from, cls: 'stop', flag: unreachableFlag(a.family, a.code) } }
}
