// The web view's HTTP server (`peertrace node --http [HOST:]PORT`): the page, its files and the JSON API over
// node:http, bound to one address. Every request passes the origin checks first; nothing a client sends can stop
// the server or leave a request hanging.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { logger } from '@libp2p/logger'
import type { HistoryReader } from '../../history/types.js'
import type { LocalTraceRunner } from '../../node/service/operator-traces.js'
import type { Clock } from '../../time/clock.js'
import { acceptedHosts, allowedHostsRefusal, hostPort, serverUrl } from './bind-address.js'
import { MAX_CONNECTIONS, REQUEST_TIMEOUT_MS } from './constants.js'
import { HttpError, WebServerError } from './errors.js'
import { OpenStreams } from './event-stream.js'
import { LiveTraces } from './live-traces.js'
import { MapRenderer } from './map-renderer.js'
import { checkOrigin } from './origin-check.js'
import { sendError } from './responses.js'
import { route, type RouteContext } from './routes.js'
import type { VantageDescription } from '../../model/vantage-description.js'
import { contentSecurityPolicy, mapStyleHash, securityHeaders } from './security-headers.js'
import { StaticFiles } from './static-files.js'
import type { TraceAnnotator } from '../../annotate/trace-annotator.js'

export { isLoopbackHost } from './bind-address.js'
export { WebServerError } from './errors.js'

const log = logger('peertrace:web')

export interface WebServerInit {
  /** The address to bind: an IP literal (`127.0.0.1`, `::1`, `0.0.0.0`) or a name such as `localhost`. */
  host: string
  /** 0 takes any free port (the url says which). */
  port: number
  runner: LocalTraceRunner
  history: HistoryReader
  /** This node's --name, shown on the page. */
  nodeName: string
  /** The vantage points the node knows (GET /api/peers); default none. */
  peers?: () => VantageDescription[]
  /** Where the built page is; default dist/src/web/assets/ next to this file. */
  assetsDir?: string
  /**
   * Host names (or IP literals) the server answers to besides loopback's and its own address: required when it is
   * bound elsewhere than loopback, since any name could otherwise be rebound to it (DNS rebinding).
   */
  allowedHosts?: readonly string[]
  /** Times how long finished web traces are kept (default: the system clock). */
  clock?: Clock
  /**
   * A fresh annotator per trace shown (a stream or a map): hop names and AS numbers, looked up by this node as the
   * page's requester. Absent: addresses only.
   */
  annotator?: () => TraceAnnotator
}

export interface WebServer {
  /** `http://host:port/` as a browser on this machine opens it (an unspecified address shown as loopback). */
  readonly url: string
  /** Stops the running web traces, ends every open stream cleanly, closes the port. Safe to call twice. */
  close: () => Promise<void>
}

/** Listens on init.host:init.port; rejects with a WebServerError (one-line message) if it cannot. */
export async function startWebServer (init: WebServerInit): Promise<WebServer> {
  if (!Number.isInteger(init.port) || init.port < 0 || init.port > 65535) {
    throw new WebServerError('ERR_WEB_INIT', `bad web port ${String(init.port)}: expected an integer from 0 to 65535`)
  }
  const host = init.host.replace(/^\[(.*)\]$/, '$1')
  if (host === '') throw new WebServerError('ERR_WEB_INIT', 'no web host given')
  const allowed = init.allowedHosts ?? []
  const refusal = allowedHostsRefusal(host, allowed)
  if (refusal !== undefined) throw new WebServerError('ERR_WEB_INIT', refusal)

  const live = new LiveTraces(init.runner, { clock: init.clock })
  const streams = new OpenStreams()
  const maps = new MapRenderer({ clock: init.clock })
  const ctx: RouteContext = {
    maps,
    live,
    history: init.history,
    streams,
    files: await StaticFiles.load(init.assetsDir),
    nodeName: init.nodeName,
    peers: init.peers ?? (() => []),
    annotator: init.annotator
  }
  const headers = securityHeaders(contentSecurityPolicy([mapStyleHash()]))
  let accepted = new Set<string>()

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
      checkOrigin(req, accepted)
      await route(ctx, req, res)
    } catch (err) {
      if (!(err instanceof HttpError)) log.error('%s %s failed: %e', req.method, req.url, err)
      sendError(res, err)
    }
  }

  const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS })
  server.maxConnections = MAX_CONNECTIONS
  server.on('request', (req: IncomingMessage, res: ServerResponse) => { void handle(req, res) })
  server.on('clientError', refuseMalformed)

  const address = await listen(server, host, init.port)
  // Errors after listening (a socket error the server surfaces) are logged; they must not end the process.
  server.on('error', (err) => { log.error('web server: %e', err) })
  accepted = acceptedHosts(host, address.address, address.port, allowed)
  const url = serverUrl(address.address, address.port)
  log('listening on %s', url)

  let closing: Promise<void> | undefined
  const close = async (): Promise<void> => {
    closing ??= (async () => {
      live.close()
      await Promise.all([streams.closeAll(), maps.close()])
      await new Promise<void>(resolve => {
        server.close(() => { resolve() })
        // Whatever is still in flight at shutdown (a slow upload, an idle keep-alive) is cut: nothing is left open.
        server.closeAllConnections()
      })
    })()
    await closing
  }
  return { url, close }
}

async function listen (server: Server, host: string, port: number): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(new WebServerError('ERR_WEB_LISTEN', `cannot listen on ${hostPort(host, port)}: ${listenReason(err)}`, { cause: err }))
    }
    server.once('error', onError)
    server.listen({ host, port }, () => {
      server.off('error', onError)
      resolve()
    })
  })
  return server.address() as AddressInfo
}

function listenReason (err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'EADDRINUSE': return 'the port is in use (EADDRINUSE)'
    case 'EADDRNOTAVAIL': return 'no such address on this machine (EADDRNOTAVAIL)'
    case 'EACCES': return 'permission denied (EACCES)'
    case 'ENOTFOUND': case 'EAI_AGAIN': return `the host name does not resolve (${err.code})`
    default: return `${err.message.split('\n')[0]}${err.code === undefined ? '' : ` (${err.code})`}`
  }
}

/** A request node:http could not parse gets a one-line JSON answer and the connection closes. */
function refuseMalformed (err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  const [status, text, reason] = err.code === 'HPE_HEADER_OVERFLOW'
    ? [431, 'Request Header Fields Too Large', 'request headers too large']
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'the request did not arrive in time']
      : [400, 'Bad Request', 'malformed HTTP request']
  const body = JSON.stringify({ error: reason }) + '\n'
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
}
