// The operator's side of the history protocol: asks a node for its stored traces, or one of them, and the
// requester's report of its own duration once a trace is over.

import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Libp2p, PeerId, PrivateKey } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import type { Multiaddr } from '@multiformats/multiaddr'
import { HistoryError, type HistoryErrorCode } from '../../history/errors.js'
import { HISTORY_PROTOCOL, MAX_HISTORY_ANSWERS, MAX_HISTORY_MESSAGE_BYTES } from '../../protocol/constants.js'
import { decodeHistoryAnswer, encodeHistoryCall, type HistoryAnswer, type HistoryCall } from '../../protocol/history-codec.js'
import { createClientNode } from '../create-node.js'
import { streamError } from '../stream-link.js'
import { PeerUnreachableError } from '../errors.js'

const DEFAULT_HISTORY_QUERY_TIMEOUT_MS = 15_000

export interface HistoryQueryOptions {
  entry: Multiaddr
  call: HistoryCall
  /** The operator key, to read the history of a node on another host. */
  privateKey?: PrivateKey
  swarmKey?: Uint8Array
  timeoutMs?: number
}

/** Dials the node, asks, and returns its answers (without the end); a refusal or failure throws a HistoryError. */
export async function queryHistory (options: HistoryQueryOptions): Promise<HistoryAnswer[]> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_HISTORY_QUERY_TIMEOUT_MS)
  const client = await createClientNode(options.privateKey ?? await generateKeyPair('Ed25519'), options.swarmKey)
  try {
    const connection = await client.dial(options.entry, { signal }).catch((err: unknown) => {
      throw new PeerUnreachableError(`cannot connect to ${options.entry.toString()}: ${streamError(err).message}`)
    })
    return await historyExchange(client, connection.remotePeer, options.call, signal)
  } finally {
    await client.stop()
  }
}

/** One query on a new stream of an existing client node. */
export async function historyExchange (client: Libp2p, peer: PeerId, call: HistoryCall, signal: AbortSignal): Promise<HistoryAnswer[]> {
  const stream = await client.dialProtocol(peer, HISTORY_PROTOCOL, { signal }).catch((err: unknown) => {
    throw new HistoryError('ERR_HISTORY_UNAVAILABLE', `the node does not serve its history: ${streamError(err).message}`)
  })
  try {
    const lp = lpStream(stream, { maxDataLength: MAX_HISTORY_MESSAGE_BYTES })
    await lp.write(encodeHistoryCall(call), { signal })
    const answers: HistoryAnswer[] = []
    while (true) {
      const answer = decodeHistoryAnswer(await lp.read({ signal }))
      if (answer.type === 'end') break
      if (answer.type === 'error') throw new HistoryError(knownCode(answer.code), answer.message)
      if (answers.length >= MAX_HISTORY_ANSWERS) throw new HistoryError('ERR_HISTORY_PROTOCOL', 'the node sent too many replies')
      answers.push(answer)
    }
    await stream.close({ signal })
    return answers
  } catch (err) {
    stream.abort(err as Error)
    if (err instanceof HistoryError) throw err
    throw new HistoryError('ERR_HISTORY_PROTOCOL', `history query failed: ${streamError(err).message}`, { cause: err })
  }
}

const CODES: readonly HistoryErrorCode[] = ['ERR_AMBIGUOUS_ID', 'ERR_BAD_ID', 'ERR_NOT_FOUND', 'ERR_ACCESS_DENIED', 'ERR_HISTORY_UNAVAILABLE']

function knownCode (code: string): HistoryErrorCode {
  return (CODES as readonly string[]).includes(code) ? code as HistoryErrorCode : 'ERR_HISTORY_PROTOCOL'
}
