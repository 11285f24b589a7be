// A stand-in for the native socket layer (src/engine/socket/binding.ts): records every open, send and close, and
// lets a test deliver datagrams, refuse sends for want of room, and say when room is back. Times are whatever the
// test says they are, on the binding's CLOCK_MONOTONIC timeline.

import type { DatagramsListener, NativeHandle, SocketBinding } from '../../src/engine/socket/binding.js'
import type { Family } from '../../src/engine/trace.js'

interface FakeSend { data: Buffer, addr: string, port: number, ttl: number }

export interface FakeSocket extends NativeHandle {
  kind: 'icmp' | 'udp' | 'tcp'
  family: Family
  rcvbuf?: number
  sndbuf: number
  passTypes?: readonly number[]
  port: number
  /** A TCP flow's source address and the target's port. */
  source?: string
  remotePort?: number
  sends: FakeSend[]
  awaitingWritable: boolean
  closed: number
  onDatagrams?: DatagramsListener
  onWritable: () => void
}

/** The first UDP or TCP port the fake hands out; each new UDP or TCP socket gets the next. */
const FIRST_PORT = 40_000

export class FakeSocketBinding implements SocketBinding {
  readonly sockets: FakeSocket[] = []
  /** Thrown by the next open, then cleared. */
  openError: Error | undefined
  /** Each send takes the next time from here (monotonic ms); when empty the send returns undefined (no room). */
  sendTimes: Array<number | Error> = []
  private nextPort = FIRST_PORT

  openIcmp (family: Family, rcvbuf: number, sndbuf: number, passTypes: readonly number[],
    onDatagrams: DatagramsListener, onWritable: () => void): FakeSocket {
    return this.open({ kind: 'icmp', family, rcvbuf, sndbuf, passTypes, port: 0, onDatagrams, onWritable })
  }

  openUdp (family: Family, sndbuf: number, onWritable: () => void): FakeSocket {
    return this.open({ kind: 'udp', family, sndbuf, port: this.nextPort++, onWritable })
  }

  openTcp (family: Family, source: string, remotePort: number, rcvbuf: number, sndbuf: number,
    onDatagrams: DatagramsListener, onWritable: () => void): FakeSocket {
    return this.open({ kind: 'tcp', family, source, remotePort, rcvbuf, sndbuf, port: this.nextPort++, onDatagrams, onWritable })
  }

  localPort (socket: NativeHandle): number {
    return (socket as FakeSocket).port
  }

  send (socket: NativeHandle, data: Uint8Array, addr: string, port: number, ttl: number): number | undefined {
    const fake = socket as FakeSocket
    if (fake.closed > 0) throw Object.assign(new Error('sendto: Bad file descriptor'), { code: 'EBADF' })
    const next = this.sendTimes.shift()
    if (next === undefined) return undefined
    if (next instanceof Error) throw next
    fake.sends.push({ data: Buffer.from(data), addr, port, ttl })
    return next
  }

  awaitWritable (socket: NativeHandle): void {
    (socket as FakeSocket).awaitingWritable = true
  }

  close (socket: NativeHandle): void {
    (socket as FakeSocket).closed++
  }

  /** The socket has room again: what the native layer does on a writable event it was asked to wait for. */
  writable (socket: FakeSocket): void {
    if (!socket.awaitingWritable || socket.closed > 0) return
    socket.awaitingWritable = false
    socket.onWritable()
  }

  /** One read of the socket's queue: these datagrams, from these sources, received at these monotonic times. */
  deliver (socket: FakeSocket, datagrams: Buffer[], sources: string[], times: number[]): void {
    socket.onDatagrams?.(null, datagrams, sources, times)
  }

  fail (socket: FakeSocket, err: Error): void {
    socket.onDatagrams?.(err, [], [], [])
  }

  private open (fields: Omit<FakeSocket, 'sends' | 'awaitingWritable' | 'closed'>): FakeSocket {
    const err = this.openError
    if (err !== undefined) {
      this.openError = undefined
      throw err
    }
    const socket: FakeSocket = { ...fields, sends: [], awaitingWritable: false, closed: 0 }
    this.sockets.push(socket)
    return socket
  }
}

/** An errno error as the native layer throws it. */
export function errnoError (code: string, message: string): Error {
  return Object.assign(new Error(message), { code })
}
