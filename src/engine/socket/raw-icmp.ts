// One raw ICMP (IPv4) or ICMPv6 socket: sends probes with a per-send TTL / hop limit and emits every ICMP answer
// it receives, parsed. The engine shares one per family among all concurrent traces.

import { EventEmitter } from 'node:events'
import { createRequire } from 'node:module'
import type * as RawSocketModule from '@neuralegion/raw-socket'
import { RAW_SOCKET_RCVBUF } from '../constants.js'
import { NoPrivilegeError, SendError } from '../errors.js'
import { parseIcmp4, parseIcmp6, type IcmpAnswer } from '../packet/icmp-parse.js'
import type { Family } from '../trace.js'

const require = createRequire(import.meta.url)
let raw: typeof RawSocketModule | undefined

/** Loads the native module lazily, so commands that never probe do not pay for it. */
function rawSocket (): typeof RawSocketModule {
  raw ??= require('@neuralegion/raw-socket') as typeof RawSocketModule
  return raw
}

// Linux values (the module's own table lacks IPV6_UNICAST_HOPS on some builds).
const IPPROTO_IP = 0
const IPPROTO_IPV6 = 41
const IP_TTL = 2
const IPV6_UNICAST_HOPS = 16
const SOL_SOCKET = 1
const SO_RCVBUF = 8

export interface RawIcmpEvents {
  answer: [IcmpAnswer, number]
  error: [Error]
}

export class RawIcmpSocket extends EventEmitter<RawIcmpEvents> {
  readonly family: Family
  private readonly socket: RawSocketModule.Socket

  constructor (family: Family) {
    super()
    this.family = family
    const mod = rawSocket()
    try {
      this.socket = mod.createSocket({
        protocol: family === 4 ? mod.Protocol.ICMP : mod.Protocol.ICMPv6,
        addressFamily: family === 4 ? mod.AddressFamily.IPv4 : mod.AddressFamily.IPv6,
        bufferSize: 65535
      })
    } catch (err) {
      if (/EPERM|EACCES|not permitted/i.test(String((err as Error).message))) throw new NoPrivilegeError()
      throw err
    }
    try {
      this.socket.setOption(SOL_SOCKET, SO_RCVBUF, RAW_SOCKET_RCVBUF)
    } catch {
      // A smaller buffer still works; it only drops answers sooner under a burst.
    }
    const parse = family === 4 ? parseIcmp4 : parseIcmp6
    this.socket.on('message', (buf: Buffer, source: string) => {
      const at = performance.now()
      const answer = parse(buf, source)
      if (answer !== null) this.emit('answer', answer, at)
    })
    this.socket.on('error', (err: Error) => { this.emit('error', err) })
  }

  /** Sends `packet` to `addr` with the given TTL; `done` gets the monotonic time the kernel took it. */
  send (packet: Buffer, addr: string, ttl: number, done: (err: Error | null, at: number) => void): void {
    let at = NaN
    this.socket.send(packet, 0, packet.length, addr, () => {
      if (this.family === 4) this.socket.setOption(IPPROTO_IP, IP_TTL, ttl)
      else this.socket.setOption(IPPROTO_IPV6, IPV6_UNICAST_HOPS, ttl)
      at = performance.now()
    }, (err: Error | null) => {
      if (err != null) done(new SendError(`cannot send to ${addr}: ${err.message}`), at)
      else done(null, at)
    })
  }

  close (): void {
    this.socket.close()
  }
}
