// Reads a node's vantage point directory (/peertrace/describe/1.0.0) as a client: `peertrace peers`, and a
// requester choosing its vantage points. Only descriptions whose signatures check are returned.

import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Libp2p, PeerId, PrivateKey } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { VantageDescription } from '../../model/vantage-description.js'
import { DESCRIBE_PROTOCOL } from '../../protocol/constants.js'
import { DIRECTORY_PULL_TIMEOUT_MS } from '../directory/constants.js'
import { checkedDescriptions, pullDirectory } from '../directory/exchange.js'
import { createClientNode } from '../create-node.js'
import { PeerUnreachableError } from '../errors.js'
import { streamError } from '../stream-link.js'

export interface DirectoryQueryOptions {
  entry: Multiaddr
  privateKey?: PrivateKey
  swarmKey?: Uint8Array
}

/** Dials the node and reads its directory: its own description first, then the peers it knows, newest first. */
export async function queryDirectory (options: DirectoryQueryOptions): Promise<VantageDescription[]> {
  const signal = AbortSignal.timeout(DIRECTORY_PULL_TIMEOUT_MS * 2)
  const client = await createClientNode(options.privateKey ?? await generateKeyPair('Ed25519'), options.swarmKey)
  try {
    const connection = await client.dial(options.entry, { signal }).catch((err: unknown) => {
      throw new PeerUnreachableError(`cannot connect to ${options.entry.toString()}: ${streamError(err).message}`)
    })
    return await directoryExchange(client, connection.remotePeer, signal)
  } finally {
    await client.stop()
  }
}

/** One directory read on a new stream of an existing client node. */
export async function directoryExchange (client: Libp2p, peer: PeerId, signal: AbortSignal): Promise<VantageDescription[]> {
  const stream = await client.dialProtocol(peer, DESCRIBE_PROTOCOL, { signal }).catch((err: unknown) => {
    throw new PeerUnreachableError(`${peer.toString()} serves no directory: ${streamError(err).message}`)
  })
  try {
    return await checkedDescriptions(await pullDirectory(stream, undefined, signal))
  } catch (err) {
    stream.abort(err as Error)
    throw new PeerUnreachableError(`directory read from ${peer.toString()} failed: ${streamError(err).message}`, { cause: err })
  }
}
