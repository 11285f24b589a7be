// Why a listener did not start, as a ListenError with a one-line message. libp2p 3 reports a failed listen address
// as one UnsupportedListenAddressesError whose message holds each address's error as text (with a stack and advice
// about its own options), so the errno is read from that text; node:net errors carry it as `code`.

import { ListenError, type ListenErrorCode } from './errors.js'
import { errnoOf, systemErrorReason } from './system-error.js'

const BY_ERRNO: Record<string, { code: ListenErrorCode, hint?: string }> = {
  EADDRINUSE: { code: 'ERR_PORT_IN_USE' },
  EADDRNOTAVAIL: { code: 'ERR_ADDRESS_NOT_AVAILABLE' },
  EACCES: { code: 'ERR_LISTEN_DENIED', hint: 'a port below 1024 needs root or CAP_NET_BIND_SERVICE' }
}

/** Node's listen error text: `listen EADDRINUSE: address already in use 127.0.0.1:4001`. */
const LISTEN_ERRNO = /\blisten (E[A-Z0-9]+)\b/

/** `what` says which listener (`peers`, `the web view`); `address` is host:port. */
export function listenError (what: string, address: string, err: unknown): ListenError {
  const errno = errnoOf(err) ?? LISTEN_ERRNO.exec(err instanceof Error ? err.message : '')?.[1]
  const known = errno === undefined ? undefined : BY_ERRNO[errno]
  const reason = errno === undefined ? firstErrorLine(err) : systemErrorReason({ code: errno, message: firstErrorLine(err) })
  return new ListenError(known?.code ?? 'ERR_LISTEN_FAILED',
    `cannot listen on ${address} for ${what}: ${reason}${known?.hint === undefined ? '' : `: ${known.hint}`}`, { cause: err })
}

/** Whether `err` is libp2p's "could not listen" error (its class is not exported). */
export function isLibp2pListenError (err: unknown): boolean {
  return (err as Error | undefined)?.name === 'UnsupportedListenAddressesError'
}

/** host:port of a TCP multiaddr (`[v6]:port` for IPv6); the multiaddr itself if it is not one. */
export function tcpHostPort (addr: string): string {
  const match = /^\/ip([46])\/([^/]+)\/tcp\/(\d+)/.exec(addr)
  if (match === null) return addr
  return match[1] === '6' ? `[${match[2]}]:${match[3]}` : `${match[2]}:${match[3]}`
}

/** libp2p's text lists `  /ip4/…/tcp/…: Error: …` per address: the first such error, without its stack. */
function firstErrorLine (err: unknown): string {
  const text = err instanceof Error ? err.message : String(err)
  const line = /:\s+(?:Error: )?(.+)$/m.exec(text.split('\n').find(l => /^\s+\//.test(l)) ?? '')?.[1]
  return (line ?? text.split('\n')[0]).trim()
}
