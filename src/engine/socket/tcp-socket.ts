// One Paris TCP flow's socket: a raw TCP socket bound to the source address, holding its own source port, that sends
// SYN probes to one destination port with a per-send TTL and emits, parsed, the target's segments to that port (its
// SYN-ACK or RST) with their kernel receive times. The ICMP errors its probes cause arrive on the raw ICMP socket.

import { EventEmitter } from 'node:events'
import { logger } from '@libp2p/logger'
import { TCP_SOCKET_RCVBUF } from '../constants.js'
import { EngineError, SendError } from '../errors.js'
import { addressBytes } from '../packet/address.js'
import { buildSyn, parseTcpReply, type TcpReply } from '../packet/tcp-segment.js'
import type { Family } from '../trace.js'
import { nativeBinding, type SocketBinding } from './binding.js'
import { NativeSocket } from './native-socket.js'

const log = logger('peertrace:socket')

export interface TcpProbeEvents {
  /** A segment from the target's port to ours, and when the kernel received it (performance.now() timeline). */
  reply: [TcpReply, number]
}

export class TcpProbeSocket extends EventEmitter<TcpProbeEvents> {
  readonly family: Family
  readonly dst: string
  readonly dstPort: number
  readonly localPort: number
  private readonly srcBytes: Uint8Array
  private readonly dstBytes: Uint8Array
  private readonly socket: NativeSocket

  /**
   * Opens the flow's socket, bound to `src` (the kernel's source address towards `dst`, which the checksum covers).
   * Throws NoPrivilegeError without root or CAP_NET_RAW. `binding` is the native layer unless a test fakes it.
   */
  constructor (family: Family, src: string, dst: string, dstPort: number, binding: SocketBinding = nativeBinding()) {
    super()
    this.family = family
    this.dst = dst
    this.dstPort = dstPort
    this.srcBytes = addressBytes(src)
    this.dstBytes = addressBytes(dst)
    try {
      this.socket = NativeSocket.tcp(binding, family, src, dstPort, TCP_SOCKET_RCVBUF, {
        datagram: (data, source, at) => {
          const reply = parseTcpReply(family, data, source)
          if (reply !== null) this.emit('reply', reply, at)
        },
        // Nothing is fatal to the flow here: the trace goes on with its ICMP answers and its own deadlines.
        error: (err) => { log.error('raw TCP socket (IPv%d) error: %s', family, err.message) }
      })
    } catch (err) {
      if (err instanceof EngineError) throw err
      // A source address the kernel will not bind (an IPv6 link-local one, say): this trace cannot be sent.
      throw new SendError(`cannot open a TCP probe socket from ${src} to ${dst}: ${(err as Error).message}`)
    }
    this.localPort = this.socket.localPort
  }

  /** Sends the SYN with sequence number `seq` at this TTL; the hop limit and the send are one native call. */
  send (ttl: number, seq: number, done: (err: Error | null, at: number) => void): void {
    const syn = buildSyn({ src: this.srcBytes, dst: this.dstBytes, srcPort: this.localPort, dstPort: this.dstPort, seq })
    this.socket.send(syn, this.dst, 0, ttl, done)
  }

  close (): void {
    this.socket.close()
  }
}
