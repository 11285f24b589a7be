// Request and result signatures: the origin signs its request, each vantage peer signs its result, with its libp2p
// peer key. The signed bytes are the protobuf encoding (deterministic) behind a domain prefix; the verifier takes
// the public key from the peer id itself (Ed25519 ids embed it), so no relay can forge or alter either.

import { logger } from '@libp2p/logger'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import { concat, fromString } from 'uint8arrays'
import type { TraceRequest, VantageResult } from '../model/index.js'
import type { Authenticator } from '../overlay/types.js'
import { requestToPb, resultToPb } from './codec.js'
import { REQUEST_SIGNING_DOMAIN, RESULT_SIGNING_DOMAIN } from './constants.js'
import * as pb from './pb/trace.js'

const log = logger('peertrace:protocol:signing')

const NO_SIGNATURE = new Uint8Array(0)

function requestSigningBytes (request: Omit<TraceRequest, 'signature'>): Uint8Array {
  // hopBudget, entryAddrs, reportAsked, siblings and direct change on the way (relays lower the budget, the entry
  // stamps its addresses and marks the copies it sends straight to chosen peers, every relay sets the rest): not signed.
  const body = pb.TraceRequest.encode({
    ...requestToPb({ ...request, signature: NO_SIGNATURE }), hopBudget: 0, entryAddrs: [], reportAsked: undefined, siblings: [], direct: undefined
  })
  return concat([fromString(REQUEST_SIGNING_DOMAIN), body])
}

function resultSigningBytes (result: Omit<VantageResult, 'signature'>): Uint8Array {
  const body = pb.VantageResult.encode(resultToPb({ ...result, signature: NO_SIGNATURE }))
  return concat([fromString(RESULT_SIGNING_DOMAIN), body])
}

/** Checks `signature` over `data` against the key embedded in `peer`'s id; false for any id without one. */
export async function verifyByPeerId (peer: string, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  try {
    const key = peerIdFromString(peer).publicKey
    if (key === undefined) return false
    return await key.verify(data, signature)
  } catch (err) {
    log('signature of %s not checkable: %s', peer.slice(0, 64), (err as Error)?.message ?? err)
    return false
  }
}

export class KeyAuthenticator implements Authenticator {
  readonly self: string
  private readonly key: PrivateKey

  constructor (key: PrivateKey) {
    this.key = key
    this.self = peerIdFromPrivateKey(key).toString()
  }

  async signRequest (request: Omit<TraceRequest, 'signature'>): Promise<TraceRequest> {
    const signature = await this.key.sign(requestSigningBytes({ ...request, origin: this.self }))
    return { ...request, origin: this.self, signature }
  }

  async verifyRequest (request: TraceRequest): Promise<boolean> {
    return await verifyByPeerId(request.origin, requestSigningBytes(request), request.signature)
  }

  async signResult (result: Omit<VantageResult, 'signature'>): Promise<VantageResult> {
    const signature = await this.key.sign(resultSigningBytes({ ...result, peer: this.self }))
    return { ...result, peer: this.self, signature }
  }

  async verifyResult (result: VantageResult): Promise<boolean> {
    return await verifyByPeerId(result.peer, resultSigningBytes(result), result.signature)
  }
}
