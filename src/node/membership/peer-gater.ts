// The --allow-peer connection gater: when a list is given, only those peer ids may connect to or be dialled by
// this node (checked once the connection is encrypted, when the remote id is proven).

import type { ConnectionGater, PeerId } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { UsageError } from '../errors.js'

export function allowPeersGater (allowed: string[]): ConnectionGater {
  const ids = new Set(allowed.map(id => {
    try {
      return peerIdFromString(id).toString()
    } catch {
      throw new UsageError(`'${id}' is not a peer id`)
    }
  }))
  const deny = (peer: PeerId): boolean => !ids.has(peer.toString())
  return {
    denyDialPeer: deny,
    denyInboundEncryptedConnection: deny,
    denyOutboundEncryptedConnection: deny
  }
}
