// One socket of the native layer, as the raw ICMP socket and the UDP and TCP flows use it: sends go to the kernel at
// once, in order, and wait (in order) only when the socket has no room; answers arrive with their kernel receive
// times, already on the engine's clock.

import { logger } from '@libp2p/logger'
import { SOCKET_SNDBUF } from '../constants.js'
import { NoPrivilegeError, SendError } from '../errors.js'
import type { Family } from '../trace.js'
import type { DatagramsListener, NativeHandle, SocketBinding } from './binding.js'
import { performanceTime } from './kernel-time.js'

const log = logger('peertrace:socket')

/** Gets the time the kernel took the probe (performance.now() timeline), or the reason it did not. */
export type SendDone = (err: Error | null, at: number) => void

export interface DatagramHandlers {
  /** One datagram, its source, and its kernel receive time on the performance.now() timeline. */
  datagram: (data: Buffer, source: string, at: number) => void
  error: (err: Error) => void
}

interface QueuedSend {
  data: Uint8Array
  addr: string
  port: number
  ttl: number
  done: SendDone
}

const NO_PRIVILEGE = new Set(['EPERM', 'EACCES'])

export class NativeSocket {
  private readonly binding: SocketBinding
  private readonly handle: NativeHandle
  /** Sends not yet taken by the kernel: only ever non-empty while the socket has no room. */
  private readonly queue: QueuedSend[] = []
  private closed = false

  private constructor (binding: SocketBinding, open: (onWritable: () => void) => NativeHandle) {
    this.binding = binding
    try {
      this.handle = open(() => { this.flush() })
    } catch (err) {
      if (NO_PRIVILEGE.has(String((err as { code?: unknown }).code))) throw new NoPrivilegeError()
      throw err
    }
  }

  /** A raw ICMP (4) or ICMPv6 (6) socket that hands every datagram of the given ICMP types to `handlers`. */
  static icmp (binding: SocketBinding, family: Family, rcvbuf: number, passTypes: readonly number[],
    handlers: DatagramHandlers): NativeSocket {
    return NativeSocket.read(binding, handlers, (onDatagrams, onWritable) =>
      binding.openIcmp(family, rcvbuf, SOCKET_SNDBUF, passTypes, onDatagrams, onWritable))
  }

  /** A Paris TCP flow's raw TCP socket (bound to `source`, holding its source port) that hands segments to `handlers`. */
  static tcp (binding: SocketBinding, family: Family, source: string, remotePort: number, rcvbuf: number,
    handlers: DatagramHandlers): NativeSocket {
    return NativeSocket.read(binding, handlers, (onDatagrams, onWritable) =>
      binding.openTcp(family, source, remotePort, rcvbuf, SOCKET_SNDBUF, onDatagrams, onWritable))
  }

  private static read (binding: SocketBinding, handlers: DatagramHandlers,
    open: (onDatagrams: DatagramsListener, onWritable: () => void) => NativeHandle): NativeSocket {
    let socket: NativeSocket | undefined
    const onDatagrams = (err: Error | null, datagrams: Buffer[], sources: string[], times: number[]): void => {
      if (err !== null) {
        handlers.error(err)
        return
      }
      for (let i = 0; i < datagrams.length && socket?.closed === false; i++) {
        handlers.datagram(datagrams[i], sources[i], performanceTime(times[i]))
      }
    }
    socket = new NativeSocket(binding, onWritable => open(onDatagrams, onWritable))
    return socket
  }

  /** A UDP socket bound to a free port of its own (localPort). */
  static udp (binding: SocketBinding, family: Family): NativeSocket {
    return new NativeSocket(binding, onWritable => binding.openUdp(family, SOCKET_SNDBUF, onWritable))
  }

  get localPort (): number {
    return this.binding.localPort(this.handle)
  }

  /** Sends `data` to addr:port (port 0 for raw ICMP) with this TTL / hop limit; `done` may run before this returns. */
  send (data: Uint8Array, addr: string, port: number, ttl: number, done: SendDone): void {
    if (this.closed) {
      done(new SendError(`cannot send to ${addr}: the socket is closed`), NaN)
      return
    }
    this.queue.push({ data, addr, port, ttl, done })
    if (this.queue.length === 1) this.flush()
  }

  /** Sends from the head of the queue until it is empty or the socket has no room. Re-entrant (done may send). */
  private flush (): void {
    while (!this.closed && this.queue.length > 0) {
      const next = this.queue[0]
      let at: number | undefined
      try {
        at = this.binding.send(this.handle, next.data, next.addr, next.port, next.ttl)
      } catch (err) {
        this.queue.shift()
        next.done(new SendError(`cannot send to ${next.addr}: ${(err as Error).message}`), NaN)
        continue
      }
      if (at === undefined) {
        log('socket full, %d send(s) wait for room', this.queue.length)
        this.binding.awaitWritable(this.handle)
        return
      }
      this.queue.shift()
      next.done(null, performanceTime(at))
    }
  }

  close (): void {
    if (this.closed) return
    this.closed = true
    this.binding.close(this.handle)
    // The trace these belonged to has ended; its driver only needs its callbacks answered.
    for (const pending of this.queue.splice(0)) pending.done(null, performance.now())
  }
}
