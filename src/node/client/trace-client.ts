// The requester's side over libp2p: an ephemeral client node dials one peer of the overlay (any peer), signs a
// request with its own key, floods it through that peer, and yields the verified results as they land.

import { randomBytes } from 'node:crypto'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Connection, Libp2p, PrivateKey, Stream } from '@libp2p/interface'
import { logger } from '@libp2p/logger'
import type { Multiaddr } from '@multiformats/multiaddr'
import { originate, type OriginateEvent } from '../../overlay/index.js'
import type { OverlayTransport, ProbeSpec } from '../../overlay/types.js'
import { KeyAuthenticator, REQUEST_ID_BYTES, TRACE_PROTOCOL } from '../../protocol/index.js'
import { sleep, systemClock, timeoutSignal, type Clock } from '../../time/clock.js'
import { createClientNode } from '../create-node.js'
import { streamError, streamLink } from '../stream-link.js'
import { PeerUnreachableError } from '../errors.js'
import { historyExchange } from './history-client.js'
import { chooseVantages, type VantageChoice } from './choose-vantages.js'
import { directoryExchange } from './directory-client.js'
import { CLIENT_DIAL_ATTEMPTS, REPORT_DURATION_TIMEOUT_MS, CLIENT_DIAL_BACKOFF_MS, DEFAULT_HOP_BUDGET } from '../constants.js'

const log = logger('peertrace:trace-client')


export interface TraceClientOptions {
  entry: Multiaddr
  target: string
  probe: ProbeSpec
  timeoutMs: number
  hopBudget?: number
  signal?: AbortSignal
  /** The client's identity; a fresh one per trace when absent. */
  privateKey?: PrivateKey
  /** Needed to reach a node of a private overlay. */
  swarmKey?: Uint8Array
  /** Times the deadline, the dial back-off and the summary's duration (default: the system clock). */
  clock?: Clock
  /** `--from`: only vantage points matching these terms probe (src/model/selector.ts). */
  from?: string[]
  /** `--limit`: at most this many of them, drawn before anything is probed (choose-vantages.ts). */
  limit?: number
  /** Told the choice once it is made, before the request is sent. */
  onChoice?: (choice: VantageChoice) => void
}

export {  }

export async function * traceThroughPeer (options: TraceClientOptions): AsyncGenerator<OriginateEvent> {
  const key = options.privateKey ?? await generateKeyPair('Ed25519')
  const auth = new KeyAuthenticator(key)
  const client = await createClientNode(key, options.swarmKey)
  const clock = options.clock ?? systemClock
  const deadline = clock.now() + options.timeoutMs
  const signal = AbortSignal.any([timeoutSignal(clock, options.timeoutMs + 1000), ...(options.signal ? [options.signal] : [])])
  try {
    const connection = await dialWithRetry(client, options.entry, signal, clock).catch((err: unknown) => {
      const reason = streamError(err).message
      // Refused or unroutable: nobody listens there. Anything else may be a key mismatch, which can show as a
      // handshake that never completes (a timeout) as well as garbage.
      const hint = /ECONNREFUSED|EHOSTUNREACH|ENETUNREACH/.test(reason)
        ? ' (is a peertrace node listening there?)'
        : options.swarmKey === undefined ? ' (a private overlay needs --swarm-key)' : ' (does --swarm-key match the node\'s?)'
      throw new PeerUnreachableError(`cannot connect to ${options.entry.toString()}: ${reason}${hint}`)
    })
    const entry = connection.remotePeer.toString()
    // The first stream is opened here, not by the flood: a node whose --allow-peer does not list us drops the
    // connection right after the handshake, which the dial above does not see, and that deserves one clear line.
    let first: Stream | undefined = await client.dialProtocol(connection.remotePeer, TRACE_PROTOCOL, { signal })
      .catch((err: unknown) => {
        throw new PeerUnreachableError(`${options.entry.toString()} closed the connection: ${streamError(err).message}` +
          ` (does its --allow-peer list this client, ${auth.self}? see --identity)`)
      })
    const transport: OverlayTransport = {
      self: auth.self,
      neighbours: () => [entry],
      open: async (peer, openSignal) => {
        const stream = first ?? await client.dialProtocol(connection.remotePeer, TRACE_PROTOCOL, { signal: openSignal })
        first = undefined
        return streamLink(stream, peer)
      }
    }
    const id = randomBytes(REQUEST_ID_BYTES).toString('hex')
    const choice = options.from === undefined && options.limit === undefined
      ? undefined
      : chooseVantages(await directoryExchange(client, connection.remotePeer, signal),
        { terms: options.from ?? [], limit: options.limit, requestId: id, now: clock.now() })
    if (choice !== undefined) options.onChoice?.(choice)
    const now = clock.now()
    const request = await auth.signRequest({
      id,
      origin: auth.self,
      target: options.target,
      probe: options.probe,
      initialHopBudget: options.hopBudget ?? DEFAULT_HOP_BUDGET,
      hopBudget: options.hopBudget ?? DEFAULT_HOP_BUDGET,
      deadline,
      timestamp: now,
      entry,
      ...(choice === undefined ? {} : { selector: choice.selection })
    })
    for await (const event of originate(transport, [entry], request, auth, signal, { clock })) {
      if (event.type === 'summary') await reportDuration(client, connection, request.id, event.summary.durationMs)
      yield event
    }
  } finally {
    await client.stop()
  }
}

/**
 * Tells the entry peer how long the trace took here, so its history shows the summary line printed here. Best
 * effort and brief: a node that keeps no history, or is slow to answer, costs the requester at most a moment.
 */
async function reportDuration (client: Libp2p, connection: Connection, id: string, durationMs: number): Promise<void> {
  if (connection.status !== 'open') return
  try {
    await historyExchange(client, connection.remotePeer, { kind: 'finish', id, durationMs }, AbortSignal.timeout(REPORT_DURATION_TIMEOUT_MS))
  } catch (err) {
    log('duration of %s not reported to %s: %s', id, connection.remotePeer, (err as Error).message)
  }
}

/** Dials the entry peer; a reset (the peer shedding a burst of connections) is tried again after a back-off. */
async function dialWithRetry (client: Libp2p, entry: Multiaddr, signal: AbortSignal, clock: Clock): Promise<Connection> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.dial(entry, { signal })
    } catch (err) {
      if (attempt >= CLIENT_DIAL_ATTEMPTS || signal.aborted || !/ECONNRESET/.test(streamError(err).message)) throw err
      await sleep(clock, CLIENT_DIAL_BACKOFF_MS * attempt, signal)
    }
  }
}
