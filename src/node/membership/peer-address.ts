// Parses the ways a user names a peer: `host:port`, `[v6]:port`, or a multiaddr, with or without /p2p/<id>.
// Joining needs nothing but where one peer listens.

import { isIP } from 'node:net'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { UsageError } from '../errors.js'

export function parsePeerAddress (text: string): Multiaddr {
  const value = text.trim()
  if (value.startsWith('/')) {
    try {
      return multiaddr(value)
    } catch (err) {
      throw new UsageError(`'${text}' is not a valid multiaddr: ${(err as Error).message}`)
    }
  }
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(value) ?? /^([^:]+):(\d+)$/.exec(value)
  if (match === null) throw new UsageError(`'${text}' is not host:port or a multiaddr`)
  const [, host, portText] = match
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`'${text}' has no valid port`)
  const family = isIP(host)
  const proto = family === 4 ? 'ip4' : family === 6 ? 'ip6' : 'dns'
  return multiaddr(`/${proto}/${host}/tcp/${port}`)
}

/** The listen multiaddr for --host and --port. */
export function listenAddress (host: string, port: number): string {
  const family = isIP(host)
  if (family === 0) throw new UsageError(`--host must be an IP address, not '${host}'`)
  return `/${family === 4 ? 'ip4' : 'ip6'}/${host}/tcp/${port}`
}
