// Fair shares of a peer's flood slots: floods running at once per origin (the key that signed them), per incoming
// peer (the one that handed them over) and per source address (that peer's IP), each a small part of
// --max-concurrent-traces, so that no requester, relay or host can hold every slot of any peer it reaches, however
// many fresh keys it signs with. Counted at every relay, not only at the entry: a flood is refused where a share
// is full, and its slot is given back when it ends. A client (a requester's connection, not an overlay neighbour)
// gets half a neighbour's share: so the floods one client starts at its entry peer fill only half the entry's
// share at the peers behind it, and honest traces entering there still get through. Loopback sources are not
// grouped by address: they are this host (a lab of peers on one machine, the operator's own clients).
//
// The source address share is counted apart for clients (a quarter: the requesters at one host) and for overlay
// neighbours (half, a neighbour's share: the neighbours one host runs, however many keys, hold what one may). And
// the clients of this peer, its operator's excepted, hold together at most a neighbour's share less an eighth:
// every flood an entry admits counts against the entry's neighbour share at each peer behind it, so without that
// bound two hosts' clients (a quarter each) filled it there, and the operator's own traces through its own peer
// were refused behind it (test/security/junk-history).

import ipaddr from 'ipaddr.js'

const DEFAULT_ORIGIN_SHARE = 1 / 8
const DEFAULT_NEIGHBOUR_SHARE = 1 / 2
const DEFAULT_CLIENT_SHARE = 1 / 4
const DEFAULT_ADDRESS_SHARE = 1 / 4
/** What the clients' floods together leave of a neighbour's share, kept for the operator's own traces. */
const DEFAULT_OPERATOR_RESERVE = 1 / 8

export interface FloodSharesInit {
  /** The peer's flood slots (maxConcurrentFloods). */
  slots: number
  /** The part of the slots one origin, one neighbour, one source address may hold (0 < share <= 1). */
  originShare?: number
  neighbourShare?: number
  clientShare?: number
  addressShare?: number
  operatorReserve?: number
  /** Floods one requester (one origin, one client connection) may hold, overriding their shares (the operator's --traces-per-requester-at-once). */
  perRequester?: number
}

/** Who a flood is held for at this peer. */
export interface FloodHolders {
  origin: string
  neighbour: string
  /** The peer that handed the flood over is a client (not an overlay neighbour): a requester's own connection. */
  client: boolean
  /** The neighbour's IP address as this peer's connection sees it, when known. */
  address?: string
  /** A client that is this peer's operator (its host, or the operator key): held outside the clients' bound and the address share. */
  operator?: boolean
}

export class FloodShares {
  readonly perOrigin: number
  readonly perNeighbour: number
  readonly perClient: number
  /** Floods the clients of one address hold; the neighbours of one address hold perNeighbour. */
  readonly perAddress: number
  /** Floods all clients but the operator hold together. */
  readonly allClients: number
  private readonly origins = new Map<string, number>()
  private readonly neighbours = new Map<string, number>()
  /** Floods by source address, clients' and neighbours' apart: the two are bounded apart. */
  private readonly clientAddresses = new Map<string, number>()
  private readonly neighbourAddresses = new Map<string, number>()
  private clients = 0
  /** The holders of each running flood, by request id: released under the same keys it was taken under. */
  private readonly running = new Map<string, Held>()

  constructor (init: FloodSharesInit) {
    const share = (part: number): number => Math.max(1, Math.floor(init.slots * part))
    this.perOrigin = init.perRequester ?? share(init.originShare ?? DEFAULT_ORIGIN_SHARE)
    this.perNeighbour = share(init.neighbourShare ?? DEFAULT_NEIGHBOUR_SHARE)
    this.perClient = init.perRequester ?? share(init.clientShare ?? DEFAULT_CLIENT_SHARE)
    this.perAddress = share(init.addressShare ?? DEFAULT_ADDRESS_SHARE)
    this.allClients = Math.max(1, this.perNeighbour - share(init.operatorReserve ?? DEFAULT_OPERATOR_RESERVE))
  }

  /** Why a flood for these holders may not run now, or undefined (nothing is taken: see take). */
  refusal (holders: FloodHolders): string | undefined {
    if ((this.origins.get(holders.origin) ?? 0) >= this.perOrigin) {
      return `busy: ${this.perOrigin} floods from this origin running here`
    }
    const perNeighbour = holders.client ? this.perClient : this.perNeighbour
    if ((this.neighbours.get(holders.neighbour) ?? 0) >= perNeighbour) {
      return `busy: ${perNeighbour} floods through ${holders.neighbour} running here`
    }
    const held = heldAs(holders)
    const perAddress = held.client ? this.perAddress : this.perNeighbour
    if (held.address !== undefined && (this.addressTable(held).get(held.address) ?? 0) >= perAddress) {
      return `busy: ${perAddress} floods from ${held.address} running here`
    }
    if (held.counted && this.clients >= this.allClients) {
      return `busy: ${this.allClients} floods from clients running here (the rest is kept for its operator)`
    }
    return undefined
  }

  take (id: string, holders: FloodHolders): void {
    if (this.running.has(id)) return
    const held = heldAs(holders)
    this.running.set(id, held)
    bump(this.origins, held.origin, 1)
    bump(this.neighbours, held.neighbour, 1)
    if (held.address !== undefined) bump(this.addressTable(held), held.address, 1)
    if (held.counted) this.clients++
  }

  release (id: string): void {
    const held = this.running.get(id)
    if (held === undefined) return
    this.running.delete(id)
    bump(this.origins, held.origin, -1)
    bump(this.neighbours, held.neighbour, -1)
    if (held.address !== undefined) bump(this.addressTable(held), held.address, -1)
    if (held.counted) this.clients--
  }

  private addressTable (held: Held): Map<string, number> {
    return held.client ? this.clientAddresses : this.neighbourAddresses
  }
}

/** The keys a flood is counted under: its grouped address (none for loopback and the operator), and whether it counts among the clients. */
interface Held { origin: string, neighbour: string, client: boolean, address?: string, counted: boolean }

function heldAs (holders: FloodHolders): Held {
  const operator = holders.client && holders.operator === true
  return {
    origin: holders.origin,
    neighbour: holders.neighbour,
    client: holders.client,
    address: operator ? undefined : groupedAddress(holders.address),
    counted: holders.client && !operator
  }
}

/** Tables hold only keys with floods running: their size is bounded by the slots. */
function bump (table: Map<string, number>, key: string, by: number): void {
  const count = (table.get(key) ?? 0) + by
  if (count <= 0) table.delete(key)
  else table.set(key, count)
}

/** The address a flood is grouped under: undefined for none, and for loopback (this host). */
export function groupedAddress (address: string | undefined): string | undefined {
  if (address === undefined || !ipaddr.isValid(address)) return undefined
  let parsed = ipaddr.parse(address)
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address()
  if (parsed.range() === 'loopback') return undefined
  return parsed.toString()
}
