// Writing a whole (non-streamed) response: JSON, NDJSON, a file, or a refusal as `{"error": "<one line>"}`.

import type { ServerResponse } from 'node:http'
import { HttpError, oneLine } from './errors.js'

export function sendBody (res: ServerResponse, status: number, contentType: string, body: string | Buffer,
  headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)), ...headers })
  res.end(body)
}

export function sendJson (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  sendBody(res, status, 'application/json; charset=utf-8', JSON.stringify(value) + '\n', { 'Cache-Control': 'no-store', ...headers })
}

/** A refused or failed request. If a stream had begun already, the only honest thing left is to cut it. */
export function sendError (res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const http = err instanceof HttpError ? err : new HttpError(500, `internal error: ${oneLine(err instanceof Error ? err.message : String(err))}`)
  // A body left unread (refused before or while reading it) is not drained: the connection goes instead, so an
  // endless upload costs nothing and the next request starts clean.
  const close: Record<string, string> = res.req.complete ? {} : { Connection: 'close' }
  sendJson(res, http.status, { error: http.message }, { ...http.headers, ...close })
}
