// The Paris UDP method: a UdpProbeSocket (constant 5-tuple, probe key in the length) whose answers are ICMP errors
// quoting our source port; a port unreachable from the target means the destination was reached.

import { PROTO_UDP, type IcmpAnswer } from '../packet/icmp-parse.js'
import { sameBytes } from '../packet/address.js'
import { UdpProbeSocket } from '../socket/udp-socket.js'
import { MAX_PROBES_PER_TRACE } from '../constants.js'
import type { Classified, ProbeFlow } from './probe-flow.js'
import { transportErrorAnswer } from './transport-error.js'

export class ParisUdpFlow implements ProbeFlow {
  readonly keySpace = MAX_PROBES_PER_TRACE
  readonly flowKey: string
  readonly probeSize = UdpProbeSocket.udpLength(0)
  private readonly flow: UdpProbeSocket
  private readonly dstBytes: Uint8Array

  constructor (flow: UdpProbeSocket, dstBytes: Uint8Array) {
    this.flow = flow
    this.dstBytes = dstBytes
    this.flowKey = ParisUdpFlow.flowKeyOf(flow.family, flow.localPort)
  }

  static flowKeyOf (family: 4 | 6, localPort: number): string {
    return `udp${family}/${localPort}`
  }

  send (ttl: number, key: number, done: (err: Error | null, at: number) => void): void {
    this.flow.send(ttl, key, done)
  }

  classify (a: IcmpAnswer): Classified | null {
    const q = a.quoted
    if (q === undefined || q.protocol !== PROTO_UDP || q.udpLength === undefined) return null
    if (q.srcPort !== this.flow.localPort || q.dstPort !== this.flow.dstPort || !sameBytes(q.dst, this.dstBytes)) {
      return null
    }
    const key = UdpProbeSocket.keyOfLength(q.udpLength)
    if (key < 0 || key >= this.keySpace || !this.flow.quotedPayloadMatches(q.payload)) return null
    return transportErrorAnswer(a, key, this.dstBytes)
  }

  close (): void {
    this.flow.close()
  }
}
