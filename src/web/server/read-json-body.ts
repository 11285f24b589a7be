// Reads a request body that must be one JSON object: the right Content-Type (a cross-site form cannot send
// application/json without a CORS preflight, which this server never grants), a bounded size, valid JSON.

import type { IncomingMessage } from 'node:http'
import { HttpError } from './errors.js'

export async function readJsonObject (req: IncomingMessage, maxBytes: number): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  if (type !== 'application/json') throw new HttpError(400, 'Content-Type must be application/json')
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > maxBytes) throw new HttpError(413, `request body over ${maxBytes} bytes`)

  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    // Stop reading at once: the response says why and the connection closes, whatever the client still sends.
    if (size > maxBytes) throw new HttpError(413, `request body over ${maxBytes} bytes`)
    chunks.push(chunk)
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))
  } catch {
    throw new HttpError(400, 'the body is not UTF-8')
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new HttpError(400, 'the body is not valid JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'the body must be a JSON object')
  }
  return value as Record<string, unknown>
}
