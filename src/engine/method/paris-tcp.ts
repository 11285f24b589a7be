// The Paris TCP method (traceroute -T, scamper's tcp trace): SYN probes with one 5-tuple for the whole trace, told
// apart by their sequence number (the trace's nonce plus the probe key). Routers answer with ICMP errors quoting
// the ports and the sequence number; the target with a SYN-ACK (port open) or a RST (port closed), whose
// acknowledgment number is the probe's sequence number plus one: either means the destination was reached.

import { PROTO_TCP, type IcmpAnswer } from '../packet/icmp-parse.js'
import { isAddress, sameBytes } from '../packet/address.js'
import { SYN_PROBE_BYTES, type TcpReply } from '../packet/tcp-segment.js'
import type { TcpProbeSocket } from '../socket/tcp-socket.js'
import { MAX_PROBES_PER_TRACE } from '../constants.js'
import type { Classified, ProbeFlow } from './probe-flow.js'
import { transportErrorAnswer } from './transport-error.js'

export class ParisTcpFlow implements ProbeFlow {
  readonly keySpace = MAX_PROBES_PER_TRACE
  readonly flowKey: string
  readonly probeSize = SYN_PROBE_BYTES
  private readonly flow: TcpProbeSocket
  private readonly dstBytes: Uint8Array
  private readonly nonce: number

  constructor (flow: TcpProbeSocket, dstBytes: Uint8Array, nonce: number) {
    this.flow = flow
    this.dstBytes = dstBytes
    this.nonce = nonce >>> 0
    this.flowKey = ParisTcpFlow.flowKeyOf(flow.family, flow.localPort)
  }

  static flowKeyOf (family: 4 | 6, localPort: number): string {
    return `tcp${family}/${localPort}`
  }

  send (ttl: number, key: number, done: (err: Error | null, at: number) => void): void {
    this.flow.send(ttl, (this.nonce + key) >>> 0, done)
  }

  classify (a: IcmpAnswer): Classified | null {
    const q = a.quoted
    if (q === undefined || q.protocol !== PROTO_TCP || q.tcpSeq === undefined) return null
    if (q.srcPort !== this.flow.localPort || q.dstPort !== this.flow.dstPort || !sameBytes(q.dst, this.dstBytes)) {
      return null
    }
    const key = this.keyOf(q.tcpSeq)
    return key === undefined ? null : transportErrorAnswer(a, key, this.dstBytes)
  }

  /** The target's answer to a probe: a SYN-ACK (the port is open) or a RST (closed); null when not to our probes. */
  classifyReply (r: TcpReply): Classified | null {
    if (r.srcPort !== this.flow.dstPort || r.dstPort !== this.flow.localPort || !isAddress(r.from, this.dstBytes)) {
      return null
    }
    if (!r.hasAck || !(r.rst || r.syn)) return null
    const key = this.keyOf((r.ack - 1) >>> 0)
    if (key === undefined) return null
    return { key, answer: { from: r.from, cls: 'dest', tcpFlags: r.flags, replyTtl: r.replyTtl, size: r.size } }
  }

  private keyOf (seq: number): number | undefined {
    const key = (seq - this.nonce) >>> 0
    return key < this.keySpace ? key : undefined
  }

  close (): void {
    this.flow.close()
  }
}
