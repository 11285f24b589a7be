// Overlay membership: joins through any peer's address, learns other peers by peer exchange, and keeps at least
// `minNeighbours` overlay connections (within the connection manager's maximum), so the overlay stays connected
// when any node dies, the first one included, and heals when a peer comes back. libp2p 3 has no auto-dialer,
// so this service is what dials; docs/overlay.md says why we did not use a DHT or pubsub discovery for it.

import type { ComponentLogger, Connection, IdentifyResult, Libp2pEvents, Logger, PeerId, PeerStore, Startable, Stream, TypedEventTarget } from '@libp2p/interface'
import type { Identify } from '@libp2p/identify'
import type { ConnectionManager, Registrar } from '@libp2p/interface-internal'
import { peerIdFromString } from '@libp2p/peer-id'
import { lpStream } from '@libp2p/utils'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { LRUCache } from 'lru-cache'
import { PEERS_PROTOCOL, TRACE_PROTOCOL } from '../../protocol/index.js'
import * as pb from '../../protocol/pb/peers.js'
import {
  DEFAULT_DIAL_TIMEOUT_MS, DEFAULT_EXCHANGE_INTERVAL_MS, DEFAULT_MAINTAIN_INTERVAL_MS, DEFAULT_MAX_KNOWN_PEERS,
  DEFAULT_MAX_PARALLEL_DIALS, DEFAULT_MIN_NEIGHBOURS, IDENTIFY_TIMEOUT_MS, MAX_ADDRS_PER_PEER, MAX_PEER_LIST_BYTES,
  MAX_PEERS_PER_EXCHANGE
} from '../constants.js'
import { addressesForAsker, directAddresses, ExchangeRefusedError, vouchedAddresses } from './exchange-addresses.js'

export interface MembershipInit {
  /** Where to join: any peer's address, with or without /p2p/<id>. */
  bootstrap?: Multiaddr[]
  minNeighbours?: number
  maxKnownPeers?: number
  maintainIntervalMs?: number
  exchangeIntervalMs?: number
  dialTimeoutMs?: number
  maxParallelDials?: number
  /** Told the overlay degree whenever it changes (checked every maintain interval). */
  onNeighbours?: (count: number) => void
  /** Draws which known peers to dial and which neighbour to ask: a float in [0, 1) (default: Math.random). */
  random?: () => number
}

export interface MembershipComponents {
  peerId: PeerId
  peerStore: PeerStore
  registrar: Registrar
  connectionManager: ConnectionManager
  events: TypedEventTarget<Libp2pEvents>
  logger: ComponentLogger
  /** The node's identify service (libp2p hands each service the ones created before it), to identify a peer again. */
  identify?: Pick<Identify, 'identify'>
}

export class Membership implements Startable {
  private readonly components: MembershipComponents
  private readonly init: Required<MembershipInit>
  private readonly log: Logger
  /** Overlay peers we have heard of, and their addresses: bounded, least recently heard dropped first. */
  private readonly known: LRUCache<string, Multiaddr[]>
  private readonly dialing = new Set<string>()
  /** The peer each bootstrap address turned out to be once dialled (a bare host:port names none). */
  private readonly bootstrapPeers = new Map<string, string>()
  /** Peers identify said run the trace protocol; bounded like the known-peer table. */
  private readonly overlayPeers: LRUCache<string, PeerId>
  /** Peers identify has completed for, overlay or not; bounded like the known-peer table. */
  private readonly identified: LRUCache<string, true>
  /** Open connections to peers not identified yet, by connection id: for how many maintain ticks in a row. */
  private unidentifiedTicks = new Map<string, number>()
  /** Ticks after which libp2p's own identify of a connection has surely ended (IDENTIFY_TIMEOUT_MS). */
  private readonly identifyAfterTicks: number
  private timers: Array<ReturnType<typeof setInterval>> = []
  private started = false
  private lastDegree = 0
  private readonly onIdentify: (evt: CustomEvent<IdentifyResult>) => void

  constructor (components: MembershipComponents, init: MembershipInit = {}) {
    this.components = components
    this.init = {
      bootstrap: init.bootstrap ?? [],
      minNeighbours: init.minNeighbours ?? DEFAULT_MIN_NEIGHBOURS,
      maxKnownPeers: init.maxKnownPeers ?? DEFAULT_MAX_KNOWN_PEERS,
      maintainIntervalMs: init.maintainIntervalMs ?? DEFAULT_MAINTAIN_INTERVAL_MS,
      exchangeIntervalMs: init.exchangeIntervalMs ?? DEFAULT_EXCHANGE_INTERVAL_MS,
      dialTimeoutMs: init.dialTimeoutMs ?? DEFAULT_DIAL_TIMEOUT_MS,
      maxParallelDials: init.maxParallelDials ?? DEFAULT_MAX_PARALLEL_DIALS,
      onNeighbours: init.onNeighbours ?? (() => {}),
      random: init.random ?? Math.random
    }
    this.log = components.logger.forComponent('peertrace:membership')
    this.known = new LRUCache({ max: this.init.maxKnownPeers })
    this.overlayPeers = new LRUCache({ max: this.init.maxKnownPeers })
    this.identified = new LRUCache({ max: this.init.maxKnownPeers })
    this.identifyAfterTicks = Math.ceil(IDENTIFY_TIMEOUT_MS / this.init.maintainIntervalMs)
    this.onIdentify = (evt) => {
      const { peerId, listenAddrs, protocols, connection } = evt.detail
      const id = peerId.toString()
      this.identified.set(id, true)
      if (!protocols.includes(TRACE_PROTOCOL)) {
        this.overlayPeers.delete(id)
        return
      }
      this.overlayPeers.set(id, peerId)
      // Only addresses with evidence they can be dialled: a NAT'd peer's private address is never dialled nor passed on.
      const vouched = vouchedAddresses(listenAddrs, connection)
      if (vouched.length > 0) this.learn(id, vouched)
    }
  }

  readonly [Symbol.toStringTag] = 'peertrace/membership'

  async start (): Promise<void> {
    await this.components.registrar.handle(PEERS_PROTOCOL, async (stream, connection) => { await this.serveExchange(stream, connection) }, {
      maxInboundStreams: 8, maxOutboundStreams: 2
    })
    this.components.events.addEventListener('peer:identify', this.onIdentify as never)
    this.started = true
    this.timers = [
      setInterval(() => { void this.maintain() }, this.init.maintainIntervalMs),
      setInterval(() => { void this.exchange() }, this.init.exchangeIntervalMs)
    ]
    void this.maintain()
  }

  async stop (): Promise<void> {
    this.started = false
    for (const timer of this.timers) clearInterval(timer)
    this.timers = []
    this.components.events.removeEventListener('peer:identify', this.onIdentify as never)
    await this.components.registrar.unhandle(PEERS_PROTOCOL)
  }

  isStarted (): boolean {
    return this.started
  }

  /**
   * Connected peers that run the trace protocol (clients do not, so they are never neighbours); a relayed connection
   * (limited in time and bytes by its relay: a rejoin's) does not make a neighbour.
   */
  neighbours (): string[] {
    const out: string[] = []
    for (const [id, peer] of this.overlayPeers) {
      if (this.components.connectionManager.getConnections(peer).some(c => c.limits === undefined)) out.push(id)
    }
    return out
  }

  private learn (id: string, addrs: Multiaddr[]): void {
    if (id === this.components.peerId.toString()) return
    const kept = addrs.slice(0, MAX_ADDRS_PER_PEER)
    this.known.set(id, kept)
    // Into the peer store too, so that a dial by peer id (a flood's rejoin at its entry peer) finds an address.
    this.components.peerStore.merge(peerIdFromString(id), { multiaddrs: kept }).catch((err: Error) => {
      this.log('could not store the addresses of %s: %s', id, err.message)
    })
  }

  /** Below the minimum degree, dial known peers at random; with no neighbour at all, the bootstrap list too. */
  private async maintain (): Promise<void> {
    if (!this.started) return
    const neighbours = new Set(this.neighbours())
    if (neighbours.size !== this.lastDegree) {
      this.lastDegree = neighbours.size
      this.init.onNeighbours(neighbours.size)
    }
    const missing = this.init.minNeighbours - neighbours.size
    if (missing <= 0) return
    const identifying = this.identifyAgain()
    const candidates: Array<{ key: string, target: Multiaddr[], bootstrap?: boolean }> =
      shuffle([...this.known.keys()].filter(id => !neighbours.has(id) && !this.dialing.has(id) && this.dialTarget(id).length > 0), this.init.random)
        .slice(0, Math.min(missing, this.init.maxParallelDials))
        .map(id => ({ key: id, target: this.dialTarget(id) }))
    const stranded = candidates.length === 0
    // With no neighbour, or nobody known left to dial, the bootstrap peers we are not connected to: neighbours that
    // only know each other (an island, left when this node's own bootstrap dial failed and a newcomer then joined
    // through it) would otherwise never rejoin the overlay.
    if (neighbours.size === 0 || stranded) {
      for (const addr of this.unconnectedBootstrap()) candidates.push({ key: addr.toString(), target: [addr], bootstrap: true })
    }
    // Under-connected and nobody left to dial: ask a neighbour now rather than at the next exchange tick.
    if (neighbours.size > 0 && stranded) await this.exchange()
    await Promise.all([identifying, ...candidates.map(async ({ key, target, bootstrap }) => {
      const connection = await this.dial(key, target)
      if (bootstrap === true && connection !== undefined) this.bootstrapPeers.set(key, connection.remotePeer.toString())
    })])
  }

  /**
   * libp2p identifies a peer once per connection and gives up at its timeout, which a loaded host can miss: such a
   * peer never counts as a neighbour while that connection lives, and dialling it again only returns the same
   * connection. So while under-connected, identify again the connections still unidentified once libp2p's own
   * attempt has surely ended (a second identify stream while the first runs would make the remote reset one).
   */
  private async identifyAgain (): Promise<void> {
    const identify = this.components.identify
    if (identify === undefined) return
    const unidentified = this.components.connectionManager.getConnections()
      .filter(connection => connection.status === 'open' && !this.identified.has(connection.remotePeer.toString()))
    const ticks = new Map(unidentified.map(connection => [connection.id, (this.unidentifiedTicks.get(connection.id) ?? 0) + 1]))
    this.unidentifiedTicks = ticks
    const due = unidentified
      .filter(connection => (ticks.get(connection.id) ?? 0) > this.identifyAfterTicks && !this.dialing.has(connection.remotePeer.toString()))
      .slice(0, this.init.maxParallelDials)
    await Promise.all(due.map(async connection => {
      const id = connection.remotePeer.toString()
      // Not again before as many ticks more, whatever the outcome.
      ticks.set(connection.id, 0)
      this.dialing.add(id)
      try {
        // Its peer:identify event updates the tables, as on a new connection.
        await identify.identify(connection, { signal: AbortSignal.timeout(IDENTIFY_TIMEOUT_MS) })
      } catch (err) {
        this.log('identify %s again failed: %s', id, (err as Error).message)
      } finally {
        this.dialing.delete(id)
      }
    }))
  }

  /** A known peer's direct addresses: a neighbour is never one reached only through a relay. */
  private dialTarget (id: string): Multiaddr[] {
    return directAddresses(this.known.get(id) ?? []).map(a => withPeer(a, id))
  }

  /** Bootstrap addresses whose peer (named in the address, or learnt by dialling it) we hold no connection to. */
  private unconnectedBootstrap (): Multiaddr[] {
    const self = this.components.peerId.toString()
    return this.init.bootstrap.filter(addr => {
      const peer = addr.getComponents().find(c => c.name === 'p2p')?.value ?? this.bootstrapPeers.get(addr.toString())
      if (peer === undefined) return true
      if (peer === self || !isPeerId(peer)) return false
      return this.components.connectionManager.getConnections(peerIdFromString(peer)).length === 0
    })
  }

  private async dial (key: string, target: Multiaddr[]): Promise<Connection | undefined> {
    if (target.length === 0 || this.dialing.has(key)) return
    this.dialing.add(key)
    try {
      return await this.components.connectionManager.openConnection(target, {
        signal: AbortSignal.timeout(this.init.dialTimeoutMs)
      })
    } catch (err) {
      this.log('dial %s failed: %s', key, (err as Error).message)
    } finally {
      this.dialing.delete(key)
    }
  }

  /** Asks one random neighbour for a sample of its neighbours. */
  private async exchange (): Promise<void> {
    if (!this.started) return
    const [peer] = shuffle(this.neighbours(), this.init.random)
    if (peer === undefined) return
    const signal = AbortSignal.timeout(this.init.dialTimeoutMs)
    let stream: Stream | undefined
    try {
      stream = await this.components.connectionManager.openStream(peerIdFromString(peer), PEERS_PROTOCOL, { signal })
      const lp = lpStream(stream, { maxDataLength: MAX_PEER_LIST_BYTES })
      const list = pb.PeerList.decode(await lp.read({ signal }))
      for (const record of list.peers.slice(0, MAX_PEERS_PER_EXCHANGE)) {
        const addrs = record.addrs.slice(0, MAX_ADDRS_PER_PEER).flatMap(bytes => {
          try { return [multiaddr(bytes)] } catch { return [] }
        })
        if (addrs.length > 0 && isPeerId(record.id)) this.learn(record.id, addrs)
      }
      await stream.close({ signal })
    } catch (err) {
      stream?.abort(err as Error)
      this.log('peer exchange with %s failed: %s', peer, (err as Error).message)
    }
  }

  /** Answers overlay members only, with the addresses of its neighbours that someone could dial (exchange-addresses.ts). */
  private async serveExchange (stream: Stream, connection: Connection): Promise<void> {
    const signal = AbortSignal.timeout(this.init.dialTimeoutMs)
    if (!this.overlayPeers.has(connection.remotePeer.toString())) {
      this.log('peer exchange refused to %p: not an overlay member', connection.remotePeer)
      stream.abort(new ExchangeRefusedError(connection.remotePeer.toString()))
      return
    }
    try {
      const peers: pb.PeerRecord[] = []
      for (const id of shuffle(this.neighbours(), this.init.random).slice(0, MAX_PEERS_PER_EXCHANGE)) {
        if (id === connection.remotePeer.toString()) continue
        const addrs = addressesForAsker(this.known.get(id) ?? [], connection.remoteAddr).slice(0, MAX_ADDRS_PER_PEER)
        if (addrs.length > 0) peers.push({ id, addrs: addrs.map(a => a.bytes as Uint8Array<ArrayBuffer>) })
      }
      await lpStream(stream).write(pb.PeerList.encode({ peers }), { signal })
      await stream.close({ signal })
    } catch (err) {
      stream.abort(err as Error)
    }
  }
}

export function membership (init: MembershipInit = {}): (components: MembershipComponents) => Membership {
  return (components) => new Membership(components, init)
}

function withPeer (addr: Multiaddr, id: string): Multiaddr {
  return addr.getComponents().some(c => c.name === 'p2p') ? addr : addr.encapsulate(`/p2p/${id}`)
}

function isPeerId (id: string): boolean {
  try {
    peerIdFromString(id)
    return true
  } catch {
    return false
  }
}

function shuffle<T> (items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j], items[i]]
  }
  return items
}
