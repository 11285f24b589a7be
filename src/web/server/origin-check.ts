// Refuses requests that do not come from this server's own page: a Host this server does not answer to
// (a DNS-rebinding page), an Origin that is not ours, or a browser saying the request comes from another site.
// The page is the node's control panel (it starts traces from this node), so no other site may drive it.

import type { IncomingMessage } from 'node:http'
import { normalizeHostHeader } from './bind-address.js'
import { HttpError } from './errors.js'

/**
 * Checks the request's Host, Origin and Sec-Fetch-Site headers; throws an HttpError (421 or 403) if any of them
 * names someone else. `accepted` is the set of `host:port` values the server answers to.
 */
export function checkOrigin (req: IncomingMessage, accepted: Set<string>): void {
  const hostHeader = req.headers.host ?? ''
  if (hostHeader === '') throw new HttpError(400, 'no Host header')
  const host = normalizeHostHeader(hostHeader)
  if (host === undefined) throw new HttpError(400, `bad Host header: ${shown(hostHeader)}`)
  if (!accepted.has(host)) {
    throw new HttpError(421, `request for another host refused: ${shown(hostHeader)} (this server answers to ${[...accepted].join(', ')})`)
  }

  // Our origin is the one the client addressed; browsers send Origin on every POST and cross-origin fetch.
  const origin = req.headers.origin
  if (origin !== undefined && !sameOrigin(origin, host)) {
    throw new HttpError(403, `cross-origin request refused: ${shown(origin)}`)
  }
  // Browsers that omit Origin (a GET from an <img> or <script> on another site) still say where it came from.
  // Navigating to the page is fine (following a link to a trace only shows it), never to the API: its routes cost
  // work (a map's layout, a history listing) that another site must not make this node do.
  const site = req.headers['sec-fetch-site']
  const mode = req.headers['sec-fetch-mode']
  const api = (req.url ?? '').startsWith('/api/')
  if ((site === 'cross-site' || site === 'same-site') && (mode !== 'navigate' || api)) {
    throw new HttpError(403, `cross-origin request refused: Sec-Fetch-Site ${site}`)
  }
}

/**
 * Whether `origin` is this server as the client addressed it (`host`): http, or https when a TLS proxy stands in
 * front (nobody else can serve https on this very host and port).
 */
function sameOrigin (origin: string, host: string): boolean {
  try {
    // `null` (a sandboxed frame, a file: page) and anything unparsable never match.
    const url = new URL(origin)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
    return url.origin === new URL(`${url.protocol}//${host}`).origin
  } catch {
    return false
  }
}

/** A header value quoted in an error: bounded, one line. */
function shown (value: string): string {
  const flat = value.replace(/[\x00-\x1f\x7f]/g, '?')
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat
}
