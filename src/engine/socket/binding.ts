// The native socket layer's interface (native/socket.c, built by node-gyp at `npm install` into build/Release), and
// its loader. Times it returns are CLOCK_MONOTONIC milliseconds; kernel-time.ts puts them on performance.now().

import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { logger } from '@libp2p/logger'
import { NativeLayerMissingError } from '../errors.js'
import type { Family } from '../trace.js'

const log = logger('peertrace:socket')

/** A native socket as JS holds it: opaque, passed back to the binding's functions. */
export type NativeHandle = object

/**
 * Every datagram one read of the socket's queue found, in arrival order: the bytes (for IPv4 with the IP header),
 * the source address and the kernel's receive time. `err` is set, and the lists empty, when reading failed.
 */
export type DatagramsListener = (err: Error | null, datagrams: Buffer[], sources: string[], times: number[]) => void

export interface SocketBinding {
  /** A raw ICMP (4) or ICMPv6 (6) socket, read on every readable event; only `passTypes` get through. */
  openIcmp: (family: Family, rcvbuf: number, sndbuf: number, passTypes: readonly number[],
    onDatagrams: DatagramsListener, onWritable: () => void) => NativeHandle
  /** A UDP socket bound to a free port of its own; never read. */
  openUdp: (family: Family, sndbuf: number, onWritable: () => void) => NativeHandle
  /**
   * A Paris TCP flow's raw TCP socket, bound to `source` and read like the ICMP ones, letting through only segments
   * from `remotePort` to the source port it holds (localPort) for the socket's life.
   */
  openTcp: (family: Family, source: string, remotePort: number, rcvbuf: number, sndbuf: number,
    onDatagrams: DatagramsListener, onWritable: () => void) => NativeHandle
  localPort: (socket: NativeHandle) => number
  /**
   * Sets the hop limit and sends, in one call: the time just before the kernel took the datagram, or undefined when
   * the socket has no room now (then awaitWritable). Throws an errno error (`code` 'ENETUNREACH', …) otherwise.
   */
  send: (socket: NativeHandle, data: Uint8Array, addr: string, port: number, ttl: number) => number | undefined
  /** Calls the socket's onWritable once, when it can take a datagram again. */
  awaitWritable: (socket: NativeHandle) => void
  /** Idempotent; no callback runs after it. */
  close: (socket: NativeHandle) => void
}

/** Where node-gyp puts the module: the package root's build/Release, four levels up from dist/src/engine/socket/. */
const MODULE_PATH = fileURLToPath(new URL('../../../../build/Release/peertrace_socket.node', import.meta.url))

let loaded: SocketBinding | undefined

/** Loads the module on first use, so that commands that never probe do not load it. */
export function nativeBinding (): SocketBinding {
  if (loaded !== undefined) return loaded
  try {
    loaded = createRequire(import.meta.url)(MODULE_PATH) as SocketBinding
  } catch (err) {
    throw new NativeLayerMissingError(`the native socket layer could not be loaded from ${MODULE_PATH} ` +
      `(${(err as Error).message.split('\n')[0]}): build it with \`npm run install\` in the peertrace directory ` +
      '(needs python3, make and g++)')
  }
  log('native socket layer loaded from %s', MODULE_PATH)
  return loaded
}
