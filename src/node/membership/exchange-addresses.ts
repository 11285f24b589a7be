// Which addresses of a peer are worth passing on: peer exchange hands out, and degree maintenance dials, only
// addresses someone has evidence that they can be dialled; loopback addresses go only to a peer that is itself on
// loopback (an overlay on one machine). docs/overlay.md, "Peers behind NAT", gives the rules and why.

import type { Connection } from '@libp2p/interface'
import { getNetConfig, isLoopback, isPrivate } from '@libp2p/utils'
import type { Multiaddr } from '@multiformats/multiaddr'

/** A relayed address (`…/p2p/<relay>/p2p-circuit/…`): dialled through the relay, never directly. */
export function isCircuit (addr: Multiaddr): boolean {
  return addr.getComponents().some(c => c.name === 'p2p-circuit')
}

/** The addresses to dial directly: relayed ones are for a new connection nothing else can make (a rejoin). */
export function directAddresses (addrs: Multiaddr[]): Multiaddr[] {
  return addrs.filter(addr => !isCircuit(addr))
}

/**
 * Of the listen addresses a peer announced (identify) on `connection`, those with evidence that they can be dialled:
 * - the address we dialled to open this connection;
 * - on a connection the peer opened, its addresses on the host it came from: identify's observed address on our
 *   side, and no address translation between us (a NAT'd peer comes from its router's address instead);
 * - public addresses: libp2p announces a public address only once AutoNAT has had peers dial it back;
 * - relayed addresses: the peer announces one only while the relay holds a reservation for it.
 * Nothing is learnt over a relayed connection but its relayed addresses (its remote address is the relay's).
 */
export function vouchedAddresses (announced: Multiaddr[], connection: Pick<Connection, 'direction' | 'remoteAddr' | 'limits'>): Multiaddr[] {
  const relayed = isCircuit(connection.remoteAddr)
  const seen = relayed ? undefined : hostPort(connection.remoteAddr)
  return announced.filter(addr => {
    if (isCircuit(addr)) return true
    const own = hostPort(addr)
    if (own === undefined) return false
    if (!isPrivate(addr) && !isLoopback(addr)) return true
    if (seen === undefined) return false
    if (connection.direction === 'outbound') return own.host === seen.host && own.port === seen.port
    return own.host === seen.host
  })
}

/**
 * What to hand a peer who asks over a connection from `askerAddr`: no loopback address (nor one relayed through a
 * loopback address) unless the asker itself is on loopback: elsewhere a loopback address names the asker's own host.
 */
export function addressesForAsker (addrs: Multiaddr[], askerAddr: Multiaddr): Multiaddr[] {
  if (onLoopback(askerAddr)) return addrs
  return addrs.filter(addr => !onLoopback(addr))
}

/**
 * Of the addresses a neighbour suggested (peer exchange) over a connection from `neighbourAddr`, those this node may
 * dial: no loopback address unless the neighbour is itself on loopback (an overlay on one machine), no private one
 * unless the neighbour is itself on a private or loopback address (an overlay on one network); elsewhere such an
 * address names a host of this node's own network, which a stranger must not make it dial.
 */
export function addressesFromNeighbour (addrs: Multiaddr[], neighbourAddr: Multiaddr): Multiaddr[] {
  const loopback = onLoopback(neighbourAddr)
  const local = loopback || isPrivate(neighbourAddr)
  return addrs.filter(addr => {
    // IP addresses only: a DNS name could resolve to anything, loopback included, after this check.
    const first = addr.getComponents()[0]?.name
    if ((first !== 'ip4' && first !== 'ip6') || hostPort(addr) === undefined) return false
    if (onLoopback(addr)) return loopback
    if (isPrivate(addr)) return local
    return true
  })
}

/** `host:port` of a direct address, the key that several peer ids may not share (KnownPeers' per-address bound). */
export function addressKey (addr: Multiaddr): string | undefined {
  if (isCircuit(addr)) return undefined
  const found = hostPort(addr)
  return found === undefined ? undefined : `${found.host}:${found.port ?? ''}`
}

/**
 * The addresses an entry peer stamps into the requests it forwards, for orphans to rejoin it by a new connection:
 * relayed ones always; direct ones unless peers see this node through a NAT; loopback ones only in an overlay
 * that is all on loopback (every listen address of this node is loopback).
 */
export function stampableAddresses (own: Multiaddr[], behindNat: boolean): Multiaddr[] {
  const allLoopback = own.filter(a => !isCircuit(a)).every(onLoopback)
  return own.filter(addr => {
    if (isCircuit(addr)) return allLoopback || !onLoopback(addr)
    if (behindNat) return false
    return allLoopback || !onLoopback(addr)
  })
}

/** Whether the address (for a relayed one: the relay's) is a loopback address. */
function onLoopback (addr: Multiaddr): boolean {
  return isLoopback(addr)
}

function hostPort (addr: Multiaddr): { host: string, port?: number } | undefined {
  try {
    const config = getNetConfig(addr)
    return { host: config.host, port: 'port' in config ? config.port : undefined }
  } catch {
    return undefined
  }
}

/** Peer exchange was asked by a peer that is not an overlay member (a client, or not yet identified): its stream is reset. */
export class ExchangeRefusedError extends Error {
  readonly code = 'ERR_NOT_OVERLAY_MEMBER'

  constructor (peer: string) {
    super(`${peer} is not an overlay member`)
    this.name = 'ExchangeRefusedError'
  }
}
