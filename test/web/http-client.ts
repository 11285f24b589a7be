// A small HTTP client for the web server tests, on node:http so that a test may send any Host, Origin or raw bytes
// a browser would not, and read a streamed body as it arrives.

import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import { connect } from 'node:net'

export interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

export interface RequestInit {
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
}

/** One request to `base` (http://host:port) + `path`, its whole body read. */
export async function request (base: string, path: string, init: RequestInit = {}): Promise<Reply> {
  const res = await open(base, path, init)
  let body = ''
  res.setEncoding('utf8')
  for await (const chunk of res) body += chunk as string
  return { status: res.statusCode ?? 0, headers: res.headers, body }
}

/** The `{"error": …}` a refusal carries. */
export function errorOf (reply: Reply): string {
  const parsed = JSON.parse(reply.body) as { error?: unknown }
  if (typeof parsed.error !== 'string') throw new Error(`no error in ${reply.body}`)
  return parsed.error
}

export async function postJson (base: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return await request(base, '/api/traces', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body)
  })
}

/** A response read as it streams: wait for what has arrived to satisfy a condition, or for the end. */
export class StreamReader {
  readonly res: IncomingMessage
  text = ''
  ended = false
  private readonly waiters = new Set<() => void>()

  constructor (res: IncomingMessage) {
    this.res = res
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => { this.text += chunk; this.wake() })
    res.on('end', () => { this.ended = true; this.wake() })
    res.on('close', () => { this.ended = true; this.wake() })
  }

  /** Resolves once `check(text)` holds; rejects if the stream ends first. */
  async until (what: string, check: (text: string) => boolean): Promise<void> {
    if (check(this.text)) return
    await new Promise<void>((resolve, reject) => {
      const waiter = (): void => {
        if (check(this.text)) {
          this.waiters.delete(waiter)
          resolve()
        } else if (this.ended) {
          this.waiters.delete(waiter)
          reject(new Error(`the stream ended before ${what}: ${JSON.stringify(this.text)}`))
        }
      }
      this.waiters.add(waiter)
    })
  }

  async end (): Promise<string> {
    await this.until('its end', () => this.ended && this.res.complete)
    return this.text
  }

  /** Goes away mid-stream, as a closed browser tab does. */
  abandon (): void {
    this.res.destroy()
  }

  private wake (): void {
    for (const waiter of [...this.waiters]) waiter()
  }
}

export async function stream (base: string, path: string, headers: Record<string, string> = {}): Promise<StreamReader> {
  return new StreamReader(await open(base, path, { headers }))
}

/** Sends `raw` bytes as they are on a new connection and returns everything the server answers before closing. */
export async function rawExchange (base: string, raw: string): Promise<string> {
  const url = new URL(base)
  return await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname.replace(/^\[|\]$/g, ''))
    let answer = ''
    socket.setEncoding('utf8')
    socket.on('connect', () => { socket.write(raw) })
    socket.on('data', (chunk: string) => { answer += chunk })
    socket.on('end', () => { resolve(answer) })
    socket.on('error', reject)
  })
}

async function open (base: string, path: string, init: RequestInit): Promise<IncomingMessage> {
  const url = new URL(path, base)
  return await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, resolve)
    req.on('error', reject)
    req.end(init.body)
  })
}
