// Writes a trace's events to an HTTP response as they land: server-sent events for the page (EventSource) or
// NDJSON for curl, the very lines `peertrace trace --format json` prints. A viewer that goes away ends only its own
// stream, never the trace.

import { once } from 'node:events'
import { finished } from 'node:stream/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { logger } from '@libp2p/logger'
import { summaryJson, vantageJson } from '../../format/ndjson.js'
import { traceAddresses, type Annotations } from '../../model/annotation.js'
import type { TraceAnnotator } from '../../annotate/trace-annotator.js'
import { MAX_OPEN_STREAMS, SSE_HEARTBEAT_MS, SSE_RETRY_MS } from './constants.js'
import { HttpError } from './errors.js'
import type { TraceEvent, TraceFeed } from './trace-feed.js'

const log = logger('peertrace:web:events')

export type StreamFormat = 'sse' | 'ndjson'

export const NDJSON_TYPE = 'application/x-ndjson; charset=utf-8'
const SSE_TYPE = 'text/event-stream; charset=utf-8'

/** SSE when the client asks for it (EventSource always does), else NDJSON. */
export function streamFormat (req: IncomingMessage): StreamFormat {
  return (req.headers.accept ?? '').toLowerCase().includes('text/event-stream') ? 'sse' : 'ndjson'
}

/** The JSON line of one event: exactly what `peertrace trace -F json` prints for it. */
function eventJson (event: TraceEvent, annotations?: Annotations): string {
  return event.type === 'result' ? vantageJson(event.view, annotations) : summaryJson(event.summary)
}

/** One SSE message; its id is the event's index, so a reconnecting EventSource resumes after it. */
function sseMessage (event: TraceEvent, index: number, annotations?: Annotations): string {
  return `id: ${index}\nevent: ${event.type}\ndata: ${eventJson(event, annotations)}\n\n`
}

/** The index to resume from after a Last-Event-ID (the last index the browser saw), else 0. */
export function resumeIndex (req: IncomingMessage): number {
  const last = req.headers['last-event-id']
  if (typeof last !== 'string' || !/^\d{1,9}$/.test(last)) return 0
  return Number(last) + 1
}

/** The streams open now: bounded, and all ended (cleanly, each with its last bytes sent) when the server closes. */
export class OpenStreams {
  private readonly open = new Map<AbortController, Promise<void>>()
  private readonly max: number
  private closed = false

  constructor (max = MAX_OPEN_STREAMS) {
    this.max = max
  }

  get size (): number {
    return this.open.size
  }

  /** Runs one stream with its own controller; a 503 HttpError when `max` are open or the server is closing. */
  async run (stream: (controller: AbortController) => Promise<void>): Promise<void> {
    if (this.closed) throw new HttpError(503, 'the web server is stopping')
    if (this.open.size >= this.max) throw new HttpError(503, `${this.max} event streams are open already; close one and retry`)
    const controller = new AbortController()
    const running = stream(controller)
    this.open.set(controller, running)
    try {
      await running
    } finally {
      this.open.delete(controller)
    }
  }

  /** Ends every open stream and resolves once each response has ended; refuses new ones from then on. */
  async closeAll (): Promise<void> {
    this.closed = true
    const running = [...this.open.values()]
    for (const controller of this.open.keys()) controller.abort()
    await Promise.allSettled(running)
  }
}

/**
 * Streams `feed` to `res` from its event `from` on, until its summary (then the response ends), the client goes
 * away, or `controller` aborts (the server closes). Writes wait for the socket to drain, so a slow reader holds
 * no more than the feed itself. With `annotator`, each result waits for its hops' names within the annotator's
 * budget (the stream's, so one slow resolver delays a viewer's stream by that much at most) and carries them.
 */
export async function streamFeed (res: ServerResponse, feed: TraceFeed, format: StreamFormat, from: number,
  controller: AbortController, annotator?: TraceAnnotator): Promise<void> {
  const signal = controller.signal
  const onClose = (): void => { controller.abort() }
  res.once('close', onClose)
  let heartbeat: ReturnType<typeof setInterval> | undefined
  try {
    res.writeHead(200, {
      'Content-Type': format === 'sse' ? SSE_TYPE : NDJSON_TYPE,
      'Cache-Control': 'no-store',
      // Ask any proxy in between not to hold the events back.
      'X-Accel-Buffering': 'no'
    })
    if (format === 'sse') {
      res.write(`retry: ${SSE_RETRY_MS}\n\n`)
      heartbeat = setInterval(() => { res.write(': still running\n\n') }, SSE_HEARTBEAT_MS)
    }
    // Headers go out now: a client sees the stream open even before the first result lands.
    res.flushHeaders()
    let index = from
    for await (const event of feed.events(from, signal)) {
      if (annotator !== undefined && event.type === 'result') await annotator.annotate(traceAddresses(event.view.trace), signal)
      const annotations = annotator?.annotations
      const text = format === 'sse' ? sseMessage(event, index, annotations) : eventJson(event, annotations) + '\n'
      index++
      if (!res.write(text)) await once(res, 'drain', { signal })
    }
  } catch (err) {
    // An abort (client gone, server closing) is the normal way out of a stream that never finished.
    if (!signal.aborted) throw err
  } finally {
    clearInterval(heartbeat)
    res.off('close', onClose)
    if (!res.writableEnded) res.end()
    // Resolves once the last bytes are handed to the socket (or it is gone), so a server that closes right after
    // does not cut the stream's end.
    await finished(res).catch((err: unknown) => { log('response ended early: %s', (err as Error)?.message ?? err) })
  }
}
