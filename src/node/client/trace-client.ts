// The requester's side over libp2p: a client node dials one peer of the overlay (any peer), signs requests with its
// own key, floods them through that peer, and yields the verified results as they land. One session holds one
// connection, and any number of traces may run over it at once (each on its own streams, queued past the limit).

import { randomBytes } from 'node:crypto'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Connection, Libp2p, PrivateKey, Stream } from '@libp2p/interface'
import { logger } from '@libp2p/logger'
import { Queue } from '@libp2p/utils'
import type { Multiaddr } from '@multiformats/multiaddr'
import { originate, requesterBackstopMs, type ExpectedVantage, type OriginateEvent } from '../../overlay/index.js'
import type { OverlayTransport, ProbeSpec } from '../../overlay/types.js'
import { KeyAuthenticator, REQUEST_ID_BYTES, TRACE_PROTOCOL } from '../../protocol/index.js'
import { sleep, systemClock, timeoutSignal, type Clock } from '../../time/clock.js'
import { createClientNode } from '../create-node.js'
import { streamError, streamLink } from '../stream-link.js'
import { StreamSlots } from '../stream-slots.js'
import { PeerUnreachableError } from '../errors.js'
import { historyExchange } from './history-client.js'
import { chooseVantages, expectedVantages, type VantageChoice } from './choose-vantages.js'
import { directoryExchange } from './directory-client.js'
import { dialFailureLine } from './dial-failure.js'
import { dialUntilDeadline } from './dial-retry.js'
import { DIRECTORY_PULL_TIMEOUT_MS } from '../directory/constants.js'
import type { VantageDescription } from '../../model/vantage-description.js'
import {
  CLIENT_DIAL_ATTEMPTS, DIRECTORY_REUSE_MS, REPORT_DURATION_TIMEOUT_MS, CLIENT_DIAL_BACKOFF_MS, DEFAULT_HOP_BUDGET,
  MAX_HISTORY_STREAMS_PER_CONNECTION, MAX_TRACE_STREAMS_PER_CONNECTION
} from '../constants.js'

const log = logger('peertrace:trace-client')

export interface TraceSessionOptions {
  entry: Multiaddr
  /** Bounds the dial and the first stream (ms). */
  timeoutMs: number
  signal?: AbortSignal
  /** The client's identity; a fresh one when absent. */
  privateKey?: PrivateKey
  /** Needed to reach a node of a private overlay. */
  swarmKey?: Uint8Array
  /** Times the deadlines, the dial back-off and the summaries' durations (default: the system clock). */
  clock?: Clock
  /** `--from`: only vantage points matching these terms probe (src/model/selector.ts). */
  from?: string[]
  /** `--limit`: at most this many of them, drawn before anything is probed (choose-vantages.ts). */
  limit?: number
  /** Told the choice once it is made, before the request is sent. */
  onChoice?: (choice: VantageChoice) => void
}

export interface SessionTraceOptions {
  target: string
  probe: ProbeSpec
  /** How long the peers get, from the moment the request is signed (ms). */
  timeoutMs: number
  hopBudget?: number
  signal?: AbortSignal
  /** `--from`: only vantage points matching one of these terms probe (chosen from the entry's directory). */
  from?: string[]
  /** `--limit K`: at most K of them, drawn at random. */
  limit?: number
  /** Told what was chosen, before the request is sent. */
  onChoice?: (choice: VantageChoice) => void
}

export type TraceClientOptions = TraceSessionOptions & SessionTraceOptions

/** One client node, one connection to an entry peer, and the traces sent through it. */
export class TraceSession {
  readonly entry: string
  private readonly client: Libp2p
  private readonly connection: Connection
  private readonly auth: KeyAuthenticator
  private readonly clock: Clock
  /** The stream opened with the dial (it proves the entry accepts us), for the first trace to use. */
  private first: Stream | undefined
  /** Trace streams to the entry, the first one included: past the entry's limit, a trace waits for a stream. */
  private readonly traceSlots: StreamSlots
  /** Duration reports, one stream each, no more at once than the entry takes on one connection. */
  private readonly reports = new Queue<void>({ concurrency: MAX_HISTORY_STREAMS_PER_CONNECTION })
  /** The entry's directory as last read, and when (monotonic ms). */
  private directory: { at: number, read: Promise<VantageDescription[]> } | undefined

  private constructor (client: Libp2p, connection: Connection, auth: KeyAuthenticator, clock: Clock, first: Stream,
    slots: StreamSlots) {
    this.client = client
    this.traceSlots = slots
    this.connection = connection
    this.auth = auth
    this.clock = clock
    this.first = first
    this.entry = connection.remotePeer.toString()
  }

  /** Dials the entry peer and opens a first trace stream; a PeerUnreachableError says why it could not. */
  static async connect (options: TraceSessionOptions): Promise<TraceSession> {
    const key = options.privateKey ?? await generateKeyPair('Ed25519')
    const auth = new KeyAuthenticator(key)
    const client = await createClientNode(key, options.swarmKey)
    const clock = options.clock ?? systemClock
    const signal = AbortSignal.any([timeoutSignal(clock, options.timeoutMs), ...(options.signal ? [options.signal] : [])])
    try {
      for (let attempt = 1; ; attempt++) {
        const connection = await dialUntilDeadline(async () => await client.dial(options.entry, { signal }), {
          clock,
          signal,
          onRetry: (n, reason, backoffMs) => { log('dial %d of %s cut short (%s): again in %d ms', n, options.entry.toString(), reason, backoffMs) }
        }).catch((err: unknown) => {
          const reason = streamError(err).message
          log('dial of %s failed: %s', options.entry.toString(), reason)
          throw new PeerUnreachableError(dialFailureLine(options.entry.toString(), reason, options.swarmKey !== undefined))
        })
        // The first stream is opened here, not by a flood: a node whose --allow-peer does not list us drops the
        // connection right after the handshake, which the dial above does not see, and that deserves one clear line.
        const slots = new StreamSlots(MAX_TRACE_STREAMS_PER_CONNECTION)
        try {
          const first = await slots.open(connection.remotePeer.toString(), async (slotSignal) =>
            await openTraceStream(client, connection, slotSignal), signal)
          return new TraceSession(client, connection, auth, clock, first, slots)
        } catch (err) {
          // The entry closed a connection whose handshake we had finished: noise's initiator finishes one message
          // before the responder, and an entry whose event loop lagged past its inbound upgrade timeout
          // (INBOUND_UPGRADE_TIMEOUT_MS) drops the connection then (test/node/first-stream.test.ts). Nothing was asked
          // on it yet: dial again, as after a reset. A refusal (--allow-peer) is the same on every attempt.
          if (attempt < CLIENT_DIAL_ATTEMPTS && !signal.aborted && connection.status !== 'open') {
            log('%s closed the connection before the first stream (attempt %d): %s', options.entry.toString(), attempt,
              streamError(err).message)
            await sleep(clock, CLIENT_DIAL_BACKOFF_MS * attempt, signal)
            continue
          }
          throw new PeerUnreachableError(`${options.entry.toString()} closed the connection: ${streamError(err).message}` +
            ` (does its --allow-peer list this client, ${auth.self}? see --identity)`)
        }
      }
    } catch (err) {
      await client.stop()
      throw err
    }
  }

  /**
   * One trace through the entry. Its deadline starts now (after the dial), so a slow dial does not eat into the
   * peers' time; the iterable ends with the summary.
   */
  async * trace (options: SessionTraceOptions): AsyncGenerator<OriginateEvent> {
    const { clock, auth } = this
    const entry = this.entry
    const transport: OverlayTransport = {
      self: auth.self,
      neighbours: () => [entry],
      open: async (peer, signal) => {
        const stream = this.first ?? await this.traceSlots.open(peer, async (slotSignal) =>
          await openTraceStream(this.client, this.connection, slotSignal), signal)
        this.first = undefined
        return streamLink(stream, peer)
      }
    }
    const id = randomBytes(REQUEST_ID_BYTES).toString('hex')
    const signal = AbortSignal.any([timeoutSignal(clock, requesterBackstopMs(options.timeoutMs)), ...(options.signal ? [options.signal] : [])])
    const choice = options.from === undefined && options.limit === undefined
      ? undefined
      : chooseVantages(await directoryExchange(this.client, this.connection.remotePeer, signal),
        { terms: options.from ?? [], limit: options.limit, requestId: id, now: clock.now() })
    if (choice !== undefined) options.onChoice?.(choice)
    // Without a choice (and a radius the user did not shorten) every live vantage point of the entry's directory
    // should answer: read it beside the flood.
    const fullRadius = (options.hopBudget ?? DEFAULT_HOP_BUDGET) >= DEFAULT_HOP_BUDGET
    const expected = choice === undefined && fullRadius ? this.liveVantages(signal) : undefined
    const now = clock.now()
    const request = await auth.signRequest({
      id,
      origin: auth.self,
      target: options.target,
      probe: options.probe,
      initialHopBudget: options.hopBudget ?? DEFAULT_HOP_BUDGET,
      hopBudget: options.hopBudget ?? DEFAULT_HOP_BUDGET,
      deadline: now + options.timeoutMs,
      timestamp: now,
      entry,
      ...(choice === undefined ? {} : { selector: choice.selection })
    })
    for await (const event of originate(transport, [entry], request, auth, signal, { clock, expected })) {
      if (event.type === 'summary') await this.reportDuration(request.id, event.summary.durationMs)
      yield event
    }
  }

  /**
   * The vantage points the entry lately heard from (signed within the live window), read once for the traces that
   * start within DIRECTORY_REUSE_MS of each other: 64 traces at once cost one read.
   */
  private async liveVantages (signal: AbortSignal): Promise<ExpectedVantage[]> {
    const now = this.clock.monotonic()
    if (this.directory === undefined || now - this.directory.at > DIRECTORY_REUSE_MS) {
      const bounded = AbortSignal.any([signal, timeoutSignal(this.clock, DIRECTORY_PULL_TIMEOUT_MS)])
      const read = directoryExchange(this.client, this.connection.remotePeer, bounded)
      read.catch((err: unknown) => { log('directory of %s not read: %s', this.entry, (err as Error).message) })
      this.directory = { at: now, read }
    }
    return expectedVantages(await this.directory.read, this.clock.now())
  }

  async close (): Promise<void> {
    this.first?.abort(new Error('the session closed'))
    await this.client.stop()
  }

  /**
   * Tells the entry peer how long the trace took here, so its history shows the summary line printed here. Best
   * effort and brief: a node that keeps no history, or is slow to answer, costs the requester at most a moment.
   */
  private async reportDuration (id: string, durationMs: number): Promise<void> {
    if (this.connection.status !== 'open') return
    const signal = AbortSignal.timeout(REPORT_DURATION_TIMEOUT_MS)
    try {
      await this.reports.add(async (job) => {
        await historyExchange(this.client, this.connection.remotePeer, { kind: 'finish', id, durationMs }, job.signal ?? signal)
      }, { signal })
    } catch (err) {
      log('duration of %s not reported to %s: %s', id, this.entry, (err as Error).message)
    }
  }
}

/** Connects, runs one trace, and closes: what `peertrace trace` does. */
export async function * traceThroughPeer (options: TraceClientOptions): AsyncGenerator<OriginateEvent> {
  const session = await TraceSession.connect(options)
  try {
    yield * session.trace(options)
  } finally {
    await session.close()
  }
}

/** A trace stream on the session's connection (libp2p's own check allows what the slots let through). */
async function openTraceStream (client: Libp2p, connection: Connection, signal: AbortSignal): Promise<Stream> {
  return await client.dialProtocol(connection.remotePeer, TRACE_PROTOCOL, { signal, maxOutboundStreams: MAX_TRACE_STREAMS_PER_CONNECTION })
}

