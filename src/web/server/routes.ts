// The paths the web server answers and what each does: the page, its files, and the JSON API (start a trace,
// follow one, draw its map, list the history). Anything else is a 404, a known path with another method a 405.

import type { IncomingMessage, ServerResponse } from 'node:http'
import { buildMapGraph } from '../../format/map-graph.js'
import { peersJson } from '../../format/peers.js'
import type { VantageDescription } from '../../model/vantage-description.js'
import type { HistoryReader } from '../../history/types.js'
import { REQUEST_ID_PATTERN } from '../../model/limits.js'
import { traceAddresses } from '../../model/annotation.js'
import type { TraceAnnotator } from '../../annotate/trace-annotator.js'
import { MAX_BODY_BYTES } from './constants.js'
import { HttpError, oneLine } from './errors.js'
import { NDJSON_TYPE, resumeIndex, streamFeed, streamFormat, type OpenStreams } from './event-stream.js'
import { parseHistoryQuery } from './history-query.js'
import type { LiveTraces } from './live-traces.js'
import type { MapRenderer } from './map-renderer.js'
import { readJsonObject } from './read-json-body.js'
import { sendBody, sendJson } from './responses.js'
import type { StaticFiles } from './static-files.js'
import { storedFeed, type TraceFeed } from './trace-feed.js'
import { parseTraceForm } from './trace-form.js'

export interface RouteContext {
  live: LiveTraces
  history: HistoryReader
  streams: OpenStreams
  files: StaticFiles
  maps: MapRenderer
  nodeName: string
  peers: () => VantageDescription[]
  /** A fresh annotator per trace shown: hop names and AS numbers; absent, addresses only. */
  annotator?: () => TraceAnnotator
}

type Handler = (ctx: RouteContext, req: IncomingMessage, res: ServerResponse, params: string[], url: URL) => Promise<void> | void

interface Route {
  /** Matched against the whole path; its groups are the handler's params. */
  path: RegExp
  methods: Partial<Record<'GET' | 'HEAD' | 'POST', Handler>>
}

const ID = '([0-9a-f]{32})'
const ASSET = '([A-Za-z0-9_-]+(?:\\.[A-Za-z0-9]+)+)'

const servePage: Handler = (ctx, _req, res) => { serveFile(ctx, res, 'index.html') }
const serveAsset: Handler = (ctx, _req, res, [name]) => { serveFile(ctx, res, name) }

const ROUTES: Route[] = [
  { path: /^\/$/, methods: { GET: servePage, HEAD: servePage } },
  { path: new RegExp(`^/traces/${ID}$`), methods: { GET: servePage, HEAD: servePage } },
  { path: new RegExp(`^/assets/${ASSET}$`), methods: { GET: serveAsset, HEAD: serveAsset } },
  { path: /^\/api\/node$/, methods: { GET: nodeInfo } },
  { path: /^\/api\/peers$/, methods: { GET: listPeers } },
  { path: /^\/api\/traces$/, methods: { POST: startTrace } },
  { path: new RegExp(`^/api/traces/${ID}$`), methods: { GET: followTrace } },
  { path: new RegExp(`^/api/traces/${ID}/info$`), methods: { GET: traceInfo } },
  { path: new RegExp(`^/api/traces/${ID}/map\\.svg$`), methods: { GET: traceMap } },
  { path: /^\/api\/history$/, methods: { GET: listHistory } }
]

/** Finds the route for the request and runs it; throws an HttpError for an unknown path or method. */
export async function route (ctx: RouteContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = req.url ?? ''
  // Origin-form only: an absolute URL or `*` in the request line names no path of ours.
  if (!target.startsWith('/')) throw new HttpError(400, 'the request target must be a path')
  const url = new URL(target, 'http://localhost')
  for (const { path, methods } of ROUTES) {
    const match = path.exec(url.pathname)
    if (match === null) continue
    const handler = methods[req.method as keyof Route['methods']]
    if (handler === undefined) {
      const allowed = Object.keys(methods).join(', ')
      throw new HttpError(405, `${String(req.method)} is not allowed here (allowed: ${allowed})`, { Allow: allowed })
    }
    await handler(ctx, req, res, match.slice(1), url)
    return
  }
  throw new HttpError(404, `no such path: ${url.pathname.slice(0, 200)}`)
}

function serveFile (ctx: RouteContext, res: ServerResponse, name: string): void {
  const file = ctx.files.get(name)
  if (file === undefined) {
    if (name === 'index.html') throw new HttpError(503, 'the web page is not built (run `npm run build`)')
    throw new HttpError(404, `no such file: ${name}`)
  }
  // Revalidated on every load: a rebuilt page is picked up by a reload.
  sendBody(res, 200, file.contentType, file.body, { 'Cache-Control': 'no-cache' })
}

function nodeInfo (ctx: RouteContext, _req: IncomingMessage, res: ServerResponse): void {
  sendJson(res, 200, { name: ctx.nodeName })
}

/** The directory, as `peertrace peers --json` prints it. */
function listPeers (ctx: RouteContext, _req: IncomingMessage, res: ServerResponse): void {
  sendBody(res, 200, 'application/json; charset=utf-8', peersJson(ctx.peers()), { 'Cache-Control': 'no-store' })
}

async function startTrace (ctx: RouteContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const params = parseTraceForm(await readJsonObject(req, MAX_BODY_BYTES))
  let id: string
  try {
    id = (await ctx.live.start(params)).id
  } catch (err) {
    throw startError(err)
  }
  sendJson(res, 201, { id }, { Location: `/api/traces/${id}` })
}

async function followTrace (ctx: RouteContext, req: IncomingMessage, res: ServerResponse, [id]: string[]): Promise<void> {
  const feed = feedOf(ctx, id)
  const format = streamFormat(req)
  await ctx.streams.run(async controller => {
    await streamFeed(res, feed, format, format === 'sse' ? resumeIndex(req) : 0, controller, ctx.annotator?.())
  })
}

/** What was asked and when: the page's heading of a trace, live or from the history. */
function traceInfo (ctx: RouteContext, _req: IncomingMessage, res: ServerResponse, [id]: string[]): void {
  sendJson(res, 200, feedOf(ctx, id).info)
}

async function traceMap (ctx: RouteContext, _req: IncomingMessage, res: ServerResponse, [id]: string[]): Promise<void> {
  const feed = feedOf(ctx, id)
  const views = feed.views()
  const annotations = await ctx.annotator?.().annotate(views.flatMap(v => traceAddresses(v.trace)))
  sendBody(res, 200, 'image/svg+xml; charset=utf-8', await ctx.maps.render(buildMapGraph(feed.target, views, annotations)),
    { 'Cache-Control': 'no-store' })
}

function listHistory (ctx: RouteContext, _req: IncomingMessage, res: ServerResponse, _params: string[], url: URL): void {
  const entries = ctx.history.list(parseHistoryQuery(url.searchParams))
  // Exactly the five fields of a HistoryEntry, whatever else a store's rows carry.
  const lines = entries.map(({ id, startedAt, target, answered, failed }) =>
    JSON.stringify({ id, startedAt, target, answered, failed }) + '\n')
  sendBody(res, 200, NDJSON_TYPE, lines.join(''), { 'Cache-Control': 'no-store' })
}

/** A web trace while it runs (or just ended), else the history's record; 404 if neither knows the id. */
function feedOf (ctx: RouteContext, id: string): TraceFeed {
  const live = ctx.live.get(id)
  if (live !== undefined) return live
  // The route admits full ids only (REQUEST_ID_PATTERN), so the history's prefix lookup cannot be ambiguous.
  if (!REQUEST_ID_PATTERN.test(id)) throw new HttpError(404, `no trace ${id}`)
  const stored = ctx.history.get(id)
  if (stored === undefined) throw new HttpError(404, `no trace ${id}`)
  return storedFeed(stored)
}

/** The runner refused: a bad option is the client's fault (400), anything else the node's (500). */
function startError (err: unknown): Error {
  if (err instanceof HttpError) return err
  const code = (err as { code?: unknown } | undefined)?.code
  const message = oneLine(err instanceof Error ? err.message : String(err))
  if (typeof code === 'string' && /^ERR_INVALID_(OPTION|REQUEST|TARGET)$/.test(code)) return new HttpError(400, message)
  // `from` that no known vantage point matches: the request is fine, what it asks for does not exist.
  if (code === 'ERR_NO_MATCH') return new HttpError(422, message)
  return new HttpError(500, `the trace could not start: ${typeof code === 'string' ? `${code}: ` : ''}${message}`)
}
