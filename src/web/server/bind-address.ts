// What the address the web server is bound to implies: whether only this machine can reach it (loopback), the URL
// to print for it, and the Host header values the server answers to (its DNS-rebinding defence).

import { isIP } from 'node:net'
import ipaddr from 'ipaddr.js'

/** True for `localhost` and for IP literals in 127.0.0.0/8 or ::1 (IPv4-mapped forms included). */
export function isLoopbackHost (host: string): boolean {
  const bare = unbracket(host).toLowerCase()
  if (bare === 'localhost') return true
  return ipaddr.isValid(bare) && ipaddr.process(bare).range() === 'loopback'
}

/** True for 0.0.0.0 and :: (every address of the machine). */
function isUnspecifiedHost (host: string): boolean {
  const bare = unbracket(host)
  return ipaddr.isValid(bare) && ipaddr.process(bare).range() === 'unspecified'
}

/**
 * The URL a browser on this machine opens for a server listening at `address`:`port` (as the socket reports
 * them). An unspecified address is not a place to connect to, so its loopback counterpart stands in for it.
 */
export function serverUrl (address: string, port: number): string {
  let host = address
  if (isUnspecifiedHost(address)) host = address.includes(':') ? '::1' : '127.0.0.1'
  return `http://${hostPort(host, port)}/`
}

/** `host:port`, with an IPv6 literal in brackets, the way a Host header and a URL write it. */
export function hostPort (host: string, port: number): string {
  const bare = unbracket(host)
  return `${bare.includes(':') ? `[${bare}]` : bare}:${port}`
}

/**
 * The Host header values (lower case, `host:port`) the server accepts, always: its own address and `localhost`,
 * on its port, plus the names the operator allowed (--http-allowed-host). A page that a rebound DNS name points at
 * this server still sends its own name as Host, so it is refused. A server bound elsewhere than loopback answers
 * to the loopback names too (a browser on this machine) and to its own IP literal (no name to rebind).
 */
export function acceptedHosts (boundHost: string, actualAddress: string, port: number, allowed: readonly string[] = []): Set<string> {
  const names = new Set(['localhost', ...allowed.map(allowedHostName)])
  if (isUnspecifiedHost(actualAddress)) {
    names.add('127.0.0.1')
    if (actualAddress.includes(':')) names.add('::1')
  } else {
    names.add(normalizeIp(actualAddress))
  }
  if (isIp(boundHost) && !isUnspecifiedHost(boundHost)) names.add(normalizeIp(boundHost))
  return new Set([...names].map(name => hostPort(name, port)))
}

/**
 * An --http-allowed-host value as the host part of a Host header (lower case, an IP literal normalised), or throws
 * a TypeError: a plain host name or IP literal, with no port (the server's own port is the one accepted).
 */
function allowedHostName (value: string): string {
  const bare = unbracket(value)
  if (isIP(bare) !== 0) return normalizeIp(bare)
  // Digits and dots that are not four decimal parts ('10', '127.1') a URL parser would read as another address.
  const ok = !/^[0-9.]+$/.test(bare) && /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(bare)
  if (!ok) throw new TypeError(`'${value}' is not a host name or IP address (give the name only, without a port)`)
  return bare.toLowerCase()
}

/**
 * Why the web view may not start bound to `host` with these allowed host names, or undefined if it may: off
 * loopback it needs at least one name (--http-allowed-host), and each must be a plain name or IP literal.
 */
export function allowedHostsRefusal (host: string, allowed: readonly string[]): string | undefined {
  for (const name of allowed) {
    try {
      allowedHostName(name)
    } catch (err) {
      return `--http-allowed-host ${(err as Error).message}`
    }
  }
  if (allowed.length === 0 && !isLoopbackHost(host)) {
    return `the web view on ${unbracket(host)} needs --http-allowed-host NAME (the names browsers reach it by; ` +
      'any other Host is refused against DNS rebinding)'
  }
  return undefined
}

/** A Host header value as `host:port` (lower case, default port 80), or undefined if it is not a plain authority. */
export function normalizeHostHeader (value: string): string | undefined {
  // Only the characters of a name, an IP literal and a port: no user info, path or anything a URL parser would
  // read past (e.g. `evil@127.0.0.1:8080`, whose hostname a URL parser reports as 127.0.0.1).
  if (!/^[A-Za-z0-9.\-:[\]]{1,300}$/.test(value)) return undefined
  let url: URL
  try {
    url = new URL(`http://${value}`)
  } catch {
    return undefined
  }
  if (url.username !== '' || url.password !== '' || url.pathname !== '/') return undefined
  const port = url.port === '' ? 80 : Number(url.port)
  return hostPort(isIp(url.hostname) ? normalizeIp(url.hostname) : url.hostname.toLowerCase(), port)
}

function normalizeIp (address: string): string {
  const bare = unbracket(address)
  return ipaddr.isValid(bare) ? ipaddr.process(bare).toString() : bare.toLowerCase()
}

function isIp (host: string): boolean {
  return ipaddr.isValid(unbracket(host))
}

function unbracket (host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
}
