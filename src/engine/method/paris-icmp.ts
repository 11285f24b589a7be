// The Paris ICMP echo method: probes from packet/icmp-echo.ts on the shared raw socket; answers are echo replies
// from the target (the destination) or errors quoting our identifier, sequence number and nonce.

import { buildEcho, ECHO_PROBE_BYTES, isOurEchoPayload, quotedEchoPayloadMatches } from '../packet/icmp-echo.js'
import { PROTO_ICMP, PROTO_ICMP6, type IcmpAnswer } from '../packet/icmp-parse.js'
import { isAddress, sameBytes } from '../packet/address.js'
import { unreachableFlag } from '../packet/unreachable-flag.js'
import type { RawIcmpSocket } from '../socket/raw-icmp.js'
import type { Classified, ProbeFlow } from './probe-flow.js'

export class IcmpEchoFlow implements ProbeFlow {
  readonly keySpace = 65536
  readonly flowKey: string
  readonly probeSize = ECHO_PROBE_BYTES
  private readonly socket: RawIcmpSocket
  private readonly dst: string
  private readonly dstBytes: Uint8Array
  private readonly identifier: number
  private readonly nonce: number

  constructor (socket: RawIcmpSocket, dst: string, dstBytes: Uint8Array, identifier: number, nonce: number) {
    this.socket = socket
    this.dst = dst
    this.dstBytes = dstBytes
    this.identifier = identifier
    this.nonce = nonce
    this.flowKey = IcmpEchoFlow.flowKeyOf(socket.family, identifier)
  }

  static flowKeyOf (family: 4 | 6, identifier: number): string {
    return `icmp${family}/${identifier}`
  }

  send (ttl: number, key: number, done: (err: Error | null, at: number) => void): void {
    this.socket.send(buildEcho(this.socket.family, this.identifier, key, this.nonce), this.dst, ttl, done)
  }

  classify (a: IcmpAnswer): Classified | null {
    if (a.kind === 'echo-reply') {
      if (a.echoId !== this.identifier || a.echoSeq === undefined) return null
      if (a.echoPayload === undefined || !isOurEchoPayload(a.echoPayload, this.nonce)) return null
      // Only the target can reach us with an echo reply to our probe; anything else is a forgery or a mix-up.
      if (!isAddress(a.from, this.dstBytes)) return null
      return { key: a.echoSeq, answer: { from: a.from, cls: 'dest' } }
    }
    const q = a.quoted
    if (q === undefined || (q.protocol !== PROTO_ICMP && q.protocol !== PROTO_ICMP6)) return null
    if (q.icmpId !== this.identifier || q.icmpSeq === undefined || !sameBytes(q.dst, this.dstBytes)) return null
    if (!quotedEchoPayloadMatches(q.payload, this.nonce)) return null
    if (a.kind === 'time-exceeded') return { key: q.icmpSeq, answer: { from: a.from, cls: 'hop' } }
    return { key: q.icmpSeq, answer: { from: a.from, cls: 'stop', flag: unreachableFlag(a.family, a.code) } }
  }

  close (): void {}
}
