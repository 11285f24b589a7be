// One Paris UDP flow: a kernel UDP socket bound to its own source port, sending to one destination port, so the
// 5-tuple stays constant for the whole trace. Probes differ only in their payload length, which routers do not
// hash on, and which every ICMP error quotes (the UDP length field). The payload starts with a per-trace nonce, so
// a late answer to an earlier trace that used the same port is not taken for ours.

import { createSocket, type Socket } from 'node:dgram'
import { SendError } from '../errors.js'
import type { Family } from '../trace.js'

/** Payload bytes of the probe with key 0; key k has k more. */
export const UDP_BASE_PAYLOAD = 12
/** The nonce at the start of every payload. */
const NONCE_BYTES = 4
/** UDP header length. */
const UDP_HEADER = 8

interface Pending { ttl: number, length: number, done: (err: Error | null, at: number) => void }

export class UdpFlow {
  readonly family: Family
  readonly dst: string
  readonly dstPort: number
  readonly localPort: number
  private readonly socket: Socket
  private readonly queue: Pending[] = []
  private readonly nonce: Buffer
  private closed = false

  private constructor (family: Family, dst: string, dstPort: number, socket: Socket, nonce: number) {
    this.family = family
    this.dst = dst
    this.dstPort = dstPort
    this.socket = socket
    this.localPort = socket.address().port
    this.nonce = Buffer.alloc(NONCE_BYTES)
    this.nonce.writeUInt32BE(nonce >>> 0)
  }

  static async open (family: Family, dst: string, dstPort: number, nonce = 0): Promise<UdpFlow> {
    // The destination is an IP literal: a synchronous lookup lets send() reach the kernel in the same tick.
    const lookup = (address: string, _opts: unknown, cb: (err: Error | null, addr: string, fam: number) => void): void => {
      cb(null, address, family)
    }
    const socket = createSocket({ type: family === 4 ? 'udp4' : 'udp6', lookup: lookup as never })
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject)
      socket.bind(0, () => { socket.off('error', reject); resolve() })
    })
    // ICMP errors are read from the raw socket; an unconnected UDP socket gets none, but be safe.
    socket.on('error', () => {})
    return new UdpFlow(family, dst, dstPort, socket, nonce)
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

  /**
   * Sends one probe. The TTL is a socket option: with a synchronous lookup, Node sends at once (uv_udp_try_send)
   * with the TTL just set. When the kernel cannot take a datagram at once, libuv queues it, and the next TTL is
   * set only after that queue has drained.
   */
  send (ttl: number, key: number, done: (err: Error | null, at: number) => void): void {
    this.queue.push({ ttl, length: UDP_BASE_PAYLOAD + key, done })
    this.drain()
  }

  private drain (): void {
    while (!this.closed && this.queue.length > 0 && this.socket.getSendQueueCount() === 0) {
      const next = this.queue.shift() as Pending
      let at = NaN
      try {
        this.socket.setTTL(next.ttl)
        at = performance.now()
        const payload = Buffer.alloc(next.length, 0x50)
        this.nonce.copy(payload)
        this.socket.send(payload, this.dstPort, this.dst, (err) => {
          next.done(err == null ? null : new SendError(`cannot send to ${this.dst}: ${err.message}`), at)
          this.drain()
        })
      } catch (err) {
        next.done(new SendError(`cannot send to ${this.dst}: ${(err as Error).message}`), at)
      }
    }
  }

  close (): void {
    if (this.closed) return
    this.closed = true
    for (const pending of this.queue.splice(0)) pending.done(null, performance.now())
    this.socket.close()
  }
}
