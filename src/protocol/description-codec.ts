// Vantage point self-descriptions (protocols/describe.proto) to and from their protobuf form, bounds checked on the
// way in, and their signatures: a peer signs its own with its libp2p key; anyone checks it against the peer id.

import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { concat, fromString } from 'uint8arrays'
import type { Uint8ArrayList } from 'uint8arraylist'
import { MAX_VERSION_LENGTH } from '../model/limits.js'
import { ADDRESS_FAMILIES, labelsProblem, type AddressFamily, type VantageDescription } from '../model/vantage-description.js'
import { bounded, safeNumber } from './codec.js'
import {
  DESCRIPTION_SIGNING_DOMAIN, MAX_DIRECTORY_BYTES, MAX_DIRECTORY_ENTRIES, MAX_PEER_ID_LENGTH, MAX_PEER_NAME_LENGTH,
  MAX_SIGNATURE_BYTES
} from './constants.js'
import { MalformedMessageError } from './errors.js'
import { wellFormed } from './well-formed.js'
import * as pb from './pb/describe.js'
import { verifyByPeerId } from './signing.js'

export type UnsignedDescription = Omit<VantageDescription, 'peer' | 'signature'>

function toPb (d: Omit<VantageDescription, 'signature'> & { signature?: Uint8Array }): pb.Description {
  return {
    peer: d.peer,
    name: d.name,
    tags: [...d.tags],
    country: d.country,
    city: d.city,
    asn: d.asn,
    families: [...d.families],
    version: d.version,
    timestamp: BigInt(d.timestamp),
    signature: (d.signature ?? new Uint8Array(0)) as Uint8Array<ArrayBuffer>
  }
}

function fromPb (d: pb.Description): VantageDescription {
  const description: VantageDescription = {
    peer: bounded('peer', d.peer, MAX_PEER_ID_LENGTH, 1),
    name: bounded('name', d.name, MAX_PEER_NAME_LENGTH),
    tags: d.tags.map(tag => wellFormed('tag', tag)),
    families: d.families.map(family),
    version: bounded('version', d.version, MAX_VERSION_LENGTH),
    timestamp: safeNumber('timestamp', d.timestamp),
    signature: d.signature
  }
  if (d.country != null) description.country = wellFormed('country', d.country)
  if (d.city != null) description.city = wellFormed('city', d.city)
  if (d.asn != null) description.asn = d.asn
  const problem = labelsProblem(description)
  if (problem !== undefined) throw new MalformedMessageError(problem)
  if (d.signature.length === 0 || d.signature.length > MAX_SIGNATURE_BYTES) throw new MalformedMessageError(`signature of ${d.signature.length} bytes`)
  return description
}

function family (value: string): AddressFamily {
  const known = ADDRESS_FAMILIES.find((f) => f === value)
  if (known === undefined) throw new MalformedMessageError(`unknown address family '${value.slice(0, 8)}'`)
  return known
}

/** The description without its signature, behind the domain prefix. */
function signingBytes (d: Omit<VantageDescription, 'signature'>): Uint8Array {
  return concat([fromString(DESCRIPTION_SIGNING_DOMAIN), pb.Description.encode(toPb({ ...d, signature: undefined }))])
}

export async function signDescription (key: PrivateKey, unsigned: UnsignedDescription): Promise<VantageDescription> {
  const described = { ...unsigned, peer: peerIdFromPrivateKey(key).toString() }
  return { ...described, signature: await key.sign(signingBytes(described)) }
}

export async function verifyDescription (d: VantageDescription): Promise<boolean> {
  return await verifyByPeerId(d.peer, signingBytes(d), d.signature)
}

export function encodeDirectory (descriptions: readonly VantageDescription[]): Uint8Array {
  return pb.Directory.encode({ descriptions: descriptions.slice(0, MAX_DIRECTORY_ENTRIES).map(toPb) })
}

/** Decodes one directory frame; throws MalformedMessageError for anything out of shape or bounds. */
export function decodeDirectory (bytes: Uint8Array | Uint8ArrayList): VantageDescription[] {
  if (bytes.byteLength > MAX_DIRECTORY_BYTES) throw new MalformedMessageError(`directory of ${bytes.byteLength} bytes`)
  let directory: pb.Directory
  try {
    directory = pb.Directory.decode(bytes, { limits: { descriptions: MAX_DIRECTORY_ENTRIES } })
  } catch (err) {
    throw new MalformedMessageError(`undecodable directory: ${(err as Error).message}`)
  }
  return directory.descriptions.map(fromPb)
}
