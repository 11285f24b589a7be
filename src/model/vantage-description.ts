// What a vantage point says about itself: its name, the labels its operator gave it (tags, country, city, AS), the
// address families it can probe and its software version, signed by its own key so that no relay can alter it.

import { MAX_CITY_LENGTH, MAX_TAGS, MAX_TAG_LENGTH } from './limits.js'

export const ADDRESS_FAMILIES = ['ipv4', 'ipv6'] as const
export type AddressFamily = typeof ADDRESS_FAMILIES[number]

/** The location facts and tags an operator states for its node (`--tag`, `--country`, `--city`, `--asn`). */
export interface VantageLabels {
  tags: string[]
  /** ISO 3166-1 alpha-2, upper case. */
  country?: string
  city?: string
  asn?: number
}

export interface VantageDescription extends VantageLabels {
  /** The describing peer's id; its key signs the description. */
  peer: string
  name: string
  families: AddressFamily[]
  version: string
  /** Unix ms when the peer signed it: the newest one a node holds is when the peer was last seen alive. */
  timestamp: number
  signature: Uint8Array
}

/** A vantage point as `peertrace peers --json` and GET /api/peers list it: the description, `lastSeen` for its time. */
export type PeerRow = Omit<VantageDescription, 'timestamp' | 'signature'> & { lastSeen: number }

export function peerRow (d: VantageDescription): PeerRow {
  return {
    peer: d.peer,
    name: d.name,
    tags: d.tags,
    country: d.country,
    city: d.city,
    asn: d.asn,
    families: d.families,
    version: d.version,
    lastSeen: d.timestamp
  }
}

/** A tag: a word of letters, digits, '.', '_' or '-' (no ',' or '+', which a selector uses). */
const TAG = new RegExp(`^[\\p{L}\\p{N}][\\p{L}\\p{N}._-]{0,${MAX_TAG_LENGTH - 1}}$`, 'u')
const COUNTRY = /^[A-Z]{2}$/
const CITY = new RegExp(`^[\\p{L}\\p{N}][\\p{L}\\p{N} .'-]{0,${MAX_CITY_LENGTH - 1}}$`, 'u')
export const MAX_ASN = 4_294_967_295

/** Why these labels cannot be a node's, or undefined when they are fine. */
export function labelsProblem (labels: VantageLabels): string | undefined {
  if (labels.tags.length > MAX_TAGS) return `more than ${MAX_TAGS} tags`
  const bad = labels.tags.find((tag) => !TAG.test(tag))
  if (bad !== undefined) return `tag '${bad.slice(0, MAX_TAG_LENGTH)}' is not a word of at most ${MAX_TAG_LENGTH} letters, digits, '.', '_' or '-'`
  if (labels.country !== undefined && !COUNTRY.test(labels.country)) return `country '${labels.country.slice(0, 8)}' is not a two-letter code`
  if (labels.city !== undefined && !CITY.test(labels.city)) return `city is not at most ${MAX_CITY_LENGTH} letters, digits, spaces, '.', ''' or '-'`
  if (labels.asn !== undefined && (!Number.isSafeInteger(labels.asn) || labels.asn < 1 || labels.asn > MAX_ASN)) return `AS number is not in 1..${MAX_ASN}`
  return undefined
}
