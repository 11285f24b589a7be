// What the address the web server is bound to implies: whether only this machine can reach it (loopback), the URL
// to print for it, and the Host header values a loopback-bound server answers to (its DNS-rebinding defence).

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
 * The Host header values (lower case, `host:port`) a loopback-bound server accepts: its own address and
 * `localhost`, on its port. A page that a rebound DNS name points at 127.0.0.1 still sends its own name as Host,
 * so it is refused. Null when the server is not bound to loopback: then it cannot know the names it is reached by.
 */
export function acceptedHosts (boundHost: string, actualAddress: string, port: number): Set<string> | null {
  if (!isLoopbackHost(boundHost)) return null
  const names = new Set(['localhost', normalizeIp(actualAddress)])
  if (boundHost.toLowerCase() !== 'localhost') names.add(normalizeIp(boundHost))
  return new Set([...names].map(name => hostPort(name, port)))
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
