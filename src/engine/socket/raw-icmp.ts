// One raw ICMP (IPv4) or ICMPv6 socket: sends probes with a per-send TTL / hop limit and emits every ICMP answer
// it receives, parsed, with its kernel receive time. The engine shares one per family among all concurrent traces.

import { EventEmitter } from 'node:events'
import { RAW_SOCKET_RCVBUF } from '../constants.js'
import { ANSWER_TYPES, parseIcmp4, parseIcmp6, type IcmpAnswer } from '../packet/icmp-parse.js'
import type { Family } from '../trace.js'
import { nativeBinding, type SocketBinding } from './binding.js'
import { NativeSocket } from './native-socket.js'

export interface RawIcmpEvents {
  /** An answer, and when the kernel received it (performance.now() timeline). */
  answer: [IcmpAnswer, number]
  error: [Error]
}

export class RawIcmpSocket extends EventEmitter<RawIcmpEvents> {
  readonly family: Family
  private readonly socket: NativeSocket

  /** Throws NoPrivilegeError without root or CAP_NET_RAW. `binding` is the native layer unless a test fakes it. */
  constructor (family: Family, binding: SocketBinding = nativeBinding()) {
    super()
    this.family = family
    const parse = family === 4 ? parseIcmp4 : parseIcmp6
    this.socket = NativeSocket.icmp(binding, family, RAW_SOCKET_RCVBUF, ANSWER_TYPES[family], {
      datagram: (data, source, at) => {
        const answer = parse(data, source)
        if (answer !== null) this.emit('answer', answer, at)
      },
      error: (err) => { this.emit('error', err) }
    })
  }

  /** Sends `packet` to `addr` with the given TTL; `done` gets the monotonic time the kernel took it. */
  send (packet: Buffer, addr: string, ttl: number, done: (err: Error | null, at: number) => void): void {
    this.socket.send(packet, addr, 0, ttl, done)
  }

  close (): void {
    this.socket.close()
  }
}
