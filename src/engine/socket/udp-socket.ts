// One Paris UDP flow: a kernel UDP socket bound to its own source port, sending to one destination port, so the
// 5-tuple stays constant for the whole trace. Probes differ only in their payload length, which routers do not
// hash on, and which every ICMP error quotes (the UDP length field). The payload starts with a per-trace nonce, so
// a late answer to an earlier trace that used the same port is not taken for ours.

import type { Family } from '../trace.js'
import { nativeBinding, type SocketBinding } from './binding.js'
import { NativeSocket } from './native-socket.js'

/** Payload bytes of the probe with key 0; key k has k more. */
export const UDP_BASE_PAYLOAD = 12
/** The nonce at the start of every payload. */
const NONCE_BYTES = 4
/** UDP header length. */
const UDP_HEADER = 8

export class UdpProbeSocket {
  readonly family: Family
  readonly dst: string
  readonly dstPort: number
  readonly localPort: number
  private readonly socket: NativeSocket
  private readonly nonce: Buffer

  private constructor (family: Family, dst: string, dstPort: number, socket: NativeSocket, nonce: number) {
    this.family = family
    this.dst = dst
    this.dstPort = dstPort
    this.socket = socket
    this.localPort = socket.localPort
    this.nonce = Buffer.alloc(NONCE_BYTES)
    this.nonce.writeUInt32BE(nonce >>> 0)
  }

  /**
   * Opens the flow's socket (bound to a free port). ICMP errors its probes cause are read from the raw socket: an
   * unconnected UDP socket gets none. `binding` is the native layer unless a test fakes it.
   */
  static async open (family: Family, dst: string, dstPort: number, nonce = 0,
    binding: SocketBinding = nativeBinding()): Promise<UdpProbeSocket> {
    return new UdpProbeSocket(family, dst, dstPort, NativeSocket.udp(binding, family), nonce)
  }

  /** False only when the router quoted enough of the payload to show another trace's nonce. */
  quotedPayloadMatches (payload: Uint8Array | undefined): boolean {
    if (payload === undefined || payload.length < NONCE_BYTES) return true
    return this.nonce.equals(payload.subarray(0, NONCE_BYTES))
  }

  /** The UDP length field of the probe with this key, as routers quote it. */
  static udpLength (key: number): number {
    return UDP_HEADER + UDP_BASE_PAYLOAD + key
  }

  static keyOfLength (udpLength: number): number {
    return udpLength - UDP_HEADER - UDP_BASE_PAYLOAD
  }

  /** Sends one probe: the hop limit and the send are one native call, so concurrent sends never mix TTLs. */
  send (ttl: number, key: number, done: (err: Error | null, at: number) => void): void {
    const payload = Buffer.alloc(UDP_BASE_PAYLOAD + key, 0x50)
    this.nonce.copy(payload)
    this.socket.send(payload, this.dst, this.dstPort, ttl, done)
  }

  close (): void {
    this.socket.close()
  }
}
