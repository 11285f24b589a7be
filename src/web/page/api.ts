// The page's side of the HTTP API (docs/http-api.md): start a trace, follow one over server-sent events, list the
// history, read the node's name. Same origin only; the server refuses anything else.

import type { PeerRow } from '../../model/vantage-description.js'
import {
  annotationsFromRow, vantageFromRow, type Annotations, type HistoryEntry, type SummaryView, type TraceInfo, type VantageRow,
  type VantageView
} from '../../model/index.js'

/** What a request to the API refused, with the server's one-line reason. */
export class ApiError extends Error {
  readonly status: number

  constructor (status: number, message: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
  }
}

export interface TraceRequestBody {
  target: string
  method: string
  /** The CLI's -P PORT (udp and tcp). */
  port?: number
  timeout: number
  /** The CLI's -m N and -q N. */
  maxHops: number
  queries: number
  /** The CLI's --rounds N. */
  rounds?: number
  /** The CLI's --from EXPR and --limit K. */
  from?: string
  limit?: number
}

/** A vantage point the node knows (GET /api/peers): the row `peertrace peers --json` prints too. */
export type PeerEntry = PeerRow

export async function listPeers (): Promise<PeerEntry[]> {
  const res = await fetch('/api/peers', { headers: { Accept: 'application/json' } })
  if (!res.ok) throw await apiError(res)
  return await res.json() as PeerEntry[]
}

/** Starts a trace on this node; resolves with its id. */
export async function startTrace (body: TraceRequestBody): Promise<string> {
  const res = await fetch('/api/traces', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body)
  })
  if (!res.ok) throw await apiError(res)
  const { id } = await res.json() as { id: string }
  return id
}

/** What a trace asked for and when it started (GET /api/traces/<id>/info). */
export async function traceInfo (id: string): Promise<TraceInfo> {
  const res = await fetch(`/api/traces/${encodeURIComponent(id)}/info`, { headers: { Accept: 'application/json' } })
  if (!res.ok) throw await apiError(res)
  return await res.json() as TraceInfo
}

export async function listHistory (limit: number): Promise<HistoryEntry[]> {
  const res = await fetch(`/api/history?limit=${limit}`, { headers: { Accept: 'application/x-ndjson' } })
  if (!res.ok) throw await apiError(res)
  return (await res.text()).split('\n').filter(line => line !== '').map(line => JSON.parse(line) as HistoryEntry)
}

export async function nodeName (): Promise<string> {
  const res = await fetch('/api/node', { headers: { Accept: 'application/json' } })
  if (!res.ok) throw await apiError(res)
  return ((await res.json()) as { name: string }).name
}

export interface TraceListener {
  /** A vantage point's result, and what the node knows of its hop addresses (names, AS numbers). */
  result: (view: VantageView, annotations: Annotations) => void
  summary: (summary: SummaryView) => void
  /** The stream cannot be (re)opened: why, in one line. */
  failed: (reason: string) => void
  /** The connection dropped; the browser reconnects by itself and resumes where it was. */
  interrupted: () => void
}

/** Follows a trace's events as they land (the past ones first); returns a function that stops following. */
export function followTrace (id: string, listener: TraceListener): () => void {
  const url = `/api/traces/${encodeURIComponent(id)}`
  const source = new EventSource(url)
  source.addEventListener('result', (event) => {
    const row = JSON.parse((event as MessageEvent<string>).data) as VantageRow
    listener.result(vantageFromRow(row), annotationsFromRow(row))
  })
  source.addEventListener('summary', (event) => {
    // The summary is the last event: closing now keeps EventSource from reconnecting when the stream ends.
    source.close()
    listener.summary((JSON.parse((event as MessageEvent<string>).data) as { summary: SummaryView }).summary)
  })
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CONNECTING) listener.interrupted()
    // EventSource does not expose the status of a refused stream; asking again as a plain request does.
    else if (source.readyState === EventSource.CLOSED) void refusal(url).then(listener.failed)
  })
  return () => { source.close() }
}

async function refusal (url: string): Promise<string> {
  const controller = new AbortController()
  try {
    const res = await fetch(url, { headers: { Accept: 'application/x-ndjson' }, signal: controller.signal })
    if (res.ok) return 'the event stream failed'
    return (await apiError(res)).message
  } catch {
    return 'the node cannot be reached'
  } finally {
    // A live trace would answer with its whole stream: only the status was wanted.
    controller.abort()
  }
}

async function apiError (res: Response): Promise<ApiError> {
  let reason = `${res.status} ${res.statusText}`
  try {
    const body = await res.json() as { error?: unknown }
    if (typeof body.error === 'string') reason = body.error
  } catch {
    // Not JSON (a proxy's page, say): the status line says enough.
  }
  return new ApiError(res.status, reason)
}
