// Overlay membership: joins through any peer's address or any peer it remembers, learns other peers by peer
// exchange, and keeps its overlay degree within [minNeighbours, maxNeighbours]: below the minimum it dials known
// peers, above the maximum it prunes, and every sampling round it dials one fresh peer anyway, so two halves of a
// split overlay find each other again. It also judges connections dead (liveness.ts) in place of libp2p's
// connection monitor. libp2p 3 has no auto-dialer, so this service is what dials; docs/overlay.md has the rules.

import type { ComponentLogger, Connection, IdentifyResult, Libp2pEvents, Logger, PeerId, PeerStore, Startable, Stream, TypedEventTarget } from '@libp2p/interface'
import type { Identify } from '@libp2p/identify'
import type { ConnectionManager, Registrar } from '@libp2p/interface-internal'
import { peerIdFromString } from '@libp2p/peer-id'
import { lpStream, repeatingTask, type RepeatingTask } from '@libp2p/utils'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { LRUCache } from 'lru-cache'
import { HISTORY_PROTOCOL, PEERS_PROTOCOL, TRACE_PROTOCOL } from '../../protocol/index.js'
import * as pb from '../../protocol/pb/peers.js'
import { systemClock, timeoutSignal, type Clock } from '../../time/clock.js'
import {
  DEFAULT_DIAL_TIMEOUT_MS, DEFAULT_EXCHANGE_INTERVAL_MS, DEFAULT_MAINTAIN_INTERVAL_MS, DEFAULT_MAX_KNOWN_PEERS,
  DEFAULT_MAX_PARALLEL_DIALS, DEFAULT_MIN_NEIGHBOURS, IDENTIFY_TIMEOUT_MS, MAX_ADDRS_PER_PEER, MAX_PEER_LIST_BYTES,
  MAX_PEERS_PER_EXCHANGE
} from '../constants.js'
import {
  DEFAULT_LIVENESS_INTERVAL_MS, DEFAULT_PRUNE_GRACE_MS, DEFAULT_SAMPLE_INTERVAL_MS, DEFAULT_SAVE_INTERVAL_MS, FIRST_SAVE_GAP_MS,
  LIVENESS_PING_TIMEOUT_MS, MAX_NEIGHBOURS_FACTOR
} from './constants.js'
import { DegreeWindow, type NeighbourState } from './degree-window.js'
import { chooseDials } from './dial-choice.js'
import { KnownPeers, shuffle } from './known-peers.js'
import type { KnownPeerStore } from './known-peers-file.js'
import { Liveness, pingConnection, type PingConnection } from './liveness.js'
import { neighbourChanges, type NeighbourChange } from './neighbour-changes.js'
import { SaveSchedule } from './save-schedule.js'
import { SuggestionBudget } from './suggestion-budget.js'

/** What membership tells its node's operator (`peertrace node` prints each with a timestamp). */
export type MembershipEvent =
  /** A peer became an overlay neighbour, or stopped being one (the degree right after; neighbour-changes.ts). */
  | NeighbourChange
  /** This node dropped a neighbour: above the maximum degree. */
  | { type: 'pruned', peer: string, degree: number }
  /** A connection closed because it answered no ping LIVENESS_STRIKES times in a row. */
  | { type: 'dead', peer: string }
  /** Every bootstrap address failed its last dial (said once until one answers again). */
  | { type: 'bootstrap-unreachable', addresses: string[] }
  /** Several peers connected within minutes no longer answer while this node has neighbours (said once per streak). */
  | { type: 'split-suspected', unreachable: string[] }
  /** Peers read back from the data dir at start. */
  | { type: 'remembered', peers: number }
import { addressesForAsker, addressesFromNeighbour, addressKey, directAddresses, ExchangeRefusedError, vouchedAddresses } from './exchange-addresses.js'

export interface MembershipInit {
  /** Where to join: any peer's address, with or without /p2p/<id>. */
  bootstrap?: Multiaddr[]
  minNeighbours?: number
  /** Above this many neighbours, prune (default: MAX_NEIGHBOURS_FACTOR * minNeighbours). */
  maxNeighbours?: number
  maxKnownPeers?: number
  maintainIntervalMs?: number
  exchangeIntervalMs?: number
  /** Mean time between sampling rounds (one fresh dial each); 0: never. */
  sampleIntervalMs?: number
  pruneGraceMs?: number
  livenessIntervalMs?: number
  saveIntervalMs?: number
  dialTimeoutMs?: number
  maxParallelDials?: number
  /** Where known peers are remembered across restarts (none: in memory only). */
  store?: KnownPeerStore
  /** Told the overlay degree whenever it changes (checked every maintain interval). */
  onNeighbours?: (count: number) => void
  onEvent?: (event: MembershipEvent) => void
  /** Draws which known peers to dial and which neighbour to ask: a float in [0, 1) (default: Math.random). */
  random?: () => number
  /** What back-off, sampling, pruning and liveness read time from (default: the system clock). */
  clock?: Clock
  /** How a connection is pinged for liveness (default: libp2p's ping protocol on that connection). */
  ping?: PingConnection
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

/** What a neighbour's last peer-exchange answer said: how many neighbours it has, and which. */
interface ExchangeReport {
  degree: number
  peers: Set<string>
}

type Settings = Required<Omit<MembershipInit, 'store'>> & { store?: KnownPeerStore }

export class Membership implements Startable {
  private readonly components: MembershipComponents
  private readonly init: Settings
  private readonly log: Logger
  private readonly clock: Clock
  /** Overlay peers we have heard of: addresses, last seen, dial back-off; bounded, least recently seen dropped first. */
  private readonly known: KnownPeers
  private readonly window: DegreeWindow
  private readonly liveness = new Liveness()
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
  /** The neighbours at the last tick, and since when (monotonic ms) each has been one. */
  private neighbourSince = new Map<string, number>()
  /** How fast each neighbour's suggestions are dialled. */
  private readonly suggestions: SuggestionBudget
  /** Each neighbour's last peer-exchange answer. */
  private readonly reports = new Map<string, ExchangeReport>()
  private tasks: RepeatingTask[] = []
  private started = false
  private saves: SaveSchedule
  private bootstrapUnreachableSaid = false
  private splitSaid = false
  private readonly onIdentify: (evt: CustomEvent<IdentifyResult>) => void
  private readonly onDisconnect: () => void

  constructor (components: MembershipComponents, init: MembershipInit = {}) {
    this.components = components
    const minNeighbours = init.minNeighbours ?? DEFAULT_MIN_NEIGHBOURS
    this.init = {
      bootstrap: init.bootstrap ?? [],
      minNeighbours,
      maxNeighbours: init.maxNeighbours ?? MAX_NEIGHBOURS_FACTOR * minNeighbours,
      maxKnownPeers: init.maxKnownPeers ?? DEFAULT_MAX_KNOWN_PEERS,
      maintainIntervalMs: init.maintainIntervalMs ?? DEFAULT_MAINTAIN_INTERVAL_MS,
      exchangeIntervalMs: init.exchangeIntervalMs ?? DEFAULT_EXCHANGE_INTERVAL_MS,
      sampleIntervalMs: init.sampleIntervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS,
      pruneGraceMs: init.pruneGraceMs ?? DEFAULT_PRUNE_GRACE_MS,
      livenessIntervalMs: init.livenessIntervalMs ?? DEFAULT_LIVENESS_INTERVAL_MS,
      saveIntervalMs: init.saveIntervalMs ?? DEFAULT_SAVE_INTERVAL_MS,
      dialTimeoutMs: init.dialTimeoutMs ?? DEFAULT_DIAL_TIMEOUT_MS,
      maxParallelDials: init.maxParallelDials ?? DEFAULT_MAX_PARALLEL_DIALS,
      store: init.store,
      onNeighbours: init.onNeighbours ?? (() => {}),
      onEvent: init.onEvent ?? (() => {}),
      random: init.random ?? Math.random,
      clock: init.clock ?? systemClock,
      ping: init.ping ?? pingConnection
    }
    this.clock = this.init.clock
    this.saves = new SaveSchedule(FIRST_SAVE_GAP_MS, this.init.saveIntervalMs, this.clock.monotonic())
    this.log = components.logger.forComponent('peertrace:membership')
    this.known = new KnownPeers({
      clock: this.clock,
      random: this.init.random,
      max: this.init.maxKnownPeers,
      addressKey,
      // libp2p's peer store holds what this table fed it: a forgotten peer goes from it too, unless connected.
      onForget: (id) => { this.unstore(id) }
    })
    this.window = new DegreeWindow({
      clock: this.clock,
      random: this.init.random,
      min: this.init.minNeighbours,
      max: this.init.maxNeighbours,
      maxParallelDials: this.init.maxParallelDials,
      pruneGraceMs: this.init.pruneGraceMs,
      sampleIntervalMs: this.init.sampleIntervalMs
    })
    this.suggestions = new SuggestionBudget({ clock: this.clock, max: this.init.maxKnownPeers })
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
      this.suggestions.connected(id)
      // Only addresses with evidence they can be dialled: a NAT'd peer's private address is never dialled nor passed on.
      const vouched = vouchedAddresses(listenAddrs, connection)
      if (vouched.length > 0) this.learn(id, vouched)
      this.tasks[0]?.run()
    }
    this.onDisconnect = () => { this.tasks[0]?.run() }
  }

  readonly [Symbol.toStringTag] = 'peertrace/membership'

  async start (): Promise<void> {
    this.remember()
    await this.components.registrar.handle(PEERS_PROTOCOL, async (stream, connection) => { await this.serveExchange(stream, connection) }, {
      maxInboundStreams: 8, maxOutboundStreams: 2
    })
    this.components.events.addEventListener('peer:identify', this.onIdentify as never)
    this.components.events.addEventListener('peer:disconnect', this.onDisconnect)
    this.started = true
    this.saves = new SaveSchedule(FIRST_SAVE_GAP_MS, this.init.saveIntervalMs, this.clock.monotonic())
    // repeatingTask never runs a task twice at once: a slow round delays the next instead of piling up.
    this.tasks = [
      repeatingTask(async () => { await this.maintain() }, this.init.maintainIntervalMs, { runImmediately: true, debounce: 50 }),
      repeatingTask(async () => { await this.exchange() }, this.init.exchangeIntervalMs),
      repeatingTask(async () => { await this.checkLiveness() }, this.init.livenessIntervalMs)
    ]
    for (const task of this.tasks) task.start()
  }

  async stop (): Promise<void> {
    this.started = false
    for (const task of this.tasks) task.stop()
    this.tasks = []
    this.components.events.removeEventListener('peer:identify', this.onIdentify as never)
    this.components.events.removeEventListener('peer:disconnect', this.onDisconnect)
    this.save()
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

  /** How many peers it remembers (known-peer table). */
  knownPeers (): number {
    return this.known.size
  }

  /** Reads back the peers remembered in the data dir, and gives their addresses to the peer store for dials by id. */
  private remember (): void {
    const store = this.init.store
    if (store === undefined) return
    try {
      this.known.load(store.load().filter(r => r.id !== this.components.peerId.toString() && isPeerId(r.id)))
    } catch (err) {
      this.log.error('cannot read the remembered peers: %s', (err as Error).message)
      return
    }
    for (const id of this.known.ids()) this.storeAddresses(id, this.known.addresses(id))
    if (this.known.size > 0) this.init.onEvent({ type: 'remembered', peers: this.known.size })
  }

  private save (): void {
    this.saves.wrote(this.clock.monotonic())
    if (this.init.store === undefined || !this.known.dirty) return
    try {
      this.known.ageOut()
      this.init.store.save(this.known.records())
    } catch (err) {
      this.log.error('cannot write the remembered peers: %s', (err as Error).message)
    }
  }

  private learn (id: string, addrs: Multiaddr[]): void {
    if (id === this.components.peerId.toString()) return
    const kept = addrs.slice(0, MAX_ADDRS_PER_PEER)
    this.known.learn(id, kept)
    this.storeAddresses(id, kept)
  }

  /** A peer a neighbour named: learnt unless its sockets are taken by other ids already (known-peers.ts). */
  private suggested (id: string, addrs: Multiaddr[], neighbour: string): void {
    if (id === this.components.peerId.toString()) return
    if (!this.known.has(id)) this.suggestions.named(id, neighbour)
    const kept = addrs.slice(0, MAX_ADDRS_PER_PEER)
    if (this.known.suggest(id, kept) && this.known.has(id)) this.storeAddresses(id, this.known.addresses(id))
  }

  /** Drops a forgotten peer from libp2p's peer store, so that suggestions cannot grow it past maxKnownPeers. */
  private unstore (id: string): void {
    const peerId = peerIdFromString(id)
    if (this.components.connectionManager.getConnections(peerId).length > 0) return
    this.components.peerStore.delete(peerId).catch((err: Error) => {
      this.log('could not drop %s from the peer store: %s', id, err.message)
    })
  }

  /** Into the peer store too, so that a dial by peer id (a flood's rejoin at its entry peer) finds an address. */
  private storeAddresses (id: string, addrs: Multiaddr[]): void {
    this.components.peerStore.merge(peerIdFromString(id), { multiaddrs: addrs }).catch((err: Error) => {
      this.log('could not store the addresses of %s: %s', id, err.message)
    })
  }

  /**
   * One round: report joins and losses, prune above the maximum, dial below the minimum and once per sampling round
   * (dial-choice.ts). Dials run in the background; the next round counts them as pending, so it never dials more
   * than identify can tell apart.
   */
  private async maintain (): Promise<void> {
    if (!this.started) return
    const states = this.neighbourStates()
    const neighbours = new Set(states.map(s => s.id))
    const plan = this.window.plan({ neighbours: states, pending: this.pending() })
    for (const id of plan.prune) this.prune(id, neighbours.size - plan.prune.length)

    const busy = new Set([...neighbours, ...this.dialing, ...this.connectedPeers()])
    const bootstrap = new Map(this.dueBootstrap().map(addr => [addr.toString(), addr]))
    const choice = chooseDials({
      plan,
      degree: neighbours.size,
      known: this.known.candidates(busy, this.init.random).filter(id => this.dialTarget(id).length > 0 && this.suggestions.allows(id)),
      bootstrap: [...bootstrap.keys()],
      unreached: new Set([...bootstrap.keys()].filter(key => !this.bootstrapPeers.has(key)))
    })
    if (choice.exchangeNow) void this.exchange()
    if (neighbours.size < this.init.minNeighbours) void this.identifyAgain()
    for (const id of choice.known) {
      this.suggestions.dialled(id)
      void this.dial(id, this.dialTarget(id), false)
    }
    for (const [key, addr] of bootstrap) if (choice.bootstrap.includes(key)) void this.dial(key, [addr], true)

    this.hints(neighbours)
    if (this.saves.due(this.clock.monotonic(), this.known.dirty)) this.save()
  }

  /** The overlay neighbours now, as the degree rule sees them; reports joins and losses since the last round. */
  private neighbourStates (): NeighbourState[] {
    const now = this.clock.monotonic()
    const ids = this.neighbours()
    const since = new Map(ids.map(id => [id, this.neighbourSince.get(id) ?? now]))
    const changes = neighbourChanges(this.neighbourSince.keys(), ids)
    for (const change of changes) {
      if (change.type === 'joined') {
        this.known.connected(change.peer)
      } else {
        this.known.backoff.lost(change.peer)
        this.reports.delete(change.peer)
      }
      this.init.onEvent(change)
    }
    if (changes.length > 0) this.init.onNeighbours(ids.length)
    this.neighbourSince = since
    return ids.map(id => {
      const report = this.reports.get(id)
      const connections = this.components.connectionManager.getConnections(peerIdFromString(id))
      return {
        id,
        since: since.get(id) ?? now,
        busy: connections.some(c => c.streams.some(s => s.protocol === TRACE_PROTOCOL || s.protocol === HISTORY_PROTOCOL)),
        reportedDegree: report?.degree,
        triangle: report !== undefined && ids.some(other => other !== id && report.peers.has(other))
      }
    })
  }

  /** Dials in flight, and outbound connections that identify has not told about yet (within its timeout). */
  private pending (): number {
    // libp2p stamps a connection's timeline with Date.now(): this clock's wall time is the same timeline.
    const fresh = this.clock.now() - IDENTIFY_TIMEOUT_MS
    const waiting = this.components.connectionManager.getConnections().filter(c => c.direction === 'outbound' &&
      c.status === 'open' && c.timeline.open >= fresh && !this.identified.has(c.remotePeer.toString()))
    return this.dialing.size + waiting.length
  }

  private connectedPeers (): string[] {
    return this.components.connectionManager.getConnections().map(c => c.remotePeer.toString())
  }

  private prune (id: string, degree: number): void {
    this.log('pruning %s: above %d neighbours', id, this.init.maxNeighbours)
    this.init.onEvent({ type: 'pruned', peer: id, degree })
    this.known.backoff.lost(id)
    this.components.connectionManager.closeConnections(peerIdFromString(id), {
      signal: timeoutSignal(this.clock, this.init.dialTimeoutMs)
    }).catch((err: Error) => { this.log('closing %s failed: %s', id, err.message) })
  }

  /** Bootstrap addresses whose peer we hold no connection to, and whose back-off has passed. */
  private dueBootstrap (): Multiaddr[] {
    return this.unconnectedBootstrap().filter(addr => this.known.backoff.due(addr.toString()) && !this.dialing.has(addr.toString()))
  }

  /** "bootstrap unreachable" and "overlay looks split", each said once until it stops being true. */
  private hints (neighbours: Set<string>): void {
    const bootstrap = this.init.bootstrap.map(a => a.toString())
    const allFailed = bootstrap.length > 0 && bootstrap.every(a => this.known.backoff.failures(a) > 0)
    if (allFailed && !this.bootstrapUnreachableSaid) this.init.onEvent({ type: 'bootstrap-unreachable', addresses: bootstrap })
    this.bootstrapUnreachableSaid = allFailed
    const unreachable = neighbours.size > 0 ? this.known.unreachableRecent(neighbours) : []
    if (unreachable.length > 0 && !this.splitSaid) this.init.onEvent({ type: 'split-suspected', unreachable })
    this.splitSaid = unreachable.length > 0
  }

  /**
   * `peer` sent data on a stream of ours (the trace service's links call this): proof of life that a ping on a busy
   * connection may miss (liveness.ts).
   */
  heard (peer: string): void {
    this.liveness.heard(peer, this.clock.monotonic())
  }

  /** Pings every connection; closes one that missed LIVENESS_STRIKES pings in a row. */
  private async checkLiveness (): Promise<void> {
    if (!this.started) return
    const connections = this.components.connectionManager.getConnections().filter(c => c.status === 'open')
    this.liveness.keepOnly(connections.map(c => c.id), connections.map(c => c.remotePeer.toString()))
    const sentAt = this.clock.monotonic()
    await Promise.all(connections.map(async connection => {
      try {
        await this.init.ping(connection, timeoutSignal(this.clock, LIVENESS_PING_TIMEOUT_MS))
        this.liveness.answered(connection.id)
      } catch (err) {
        if (connection.status !== 'open') return
        const peer = connection.remotePeer.toString()
        this.log('ping %s failed: %s', peer, (err as Error).message)
        if (!this.liveness.missed(connection.id, { peer, at: sentAt })) return
        this.init.onEvent({ type: 'dead', peer })
        connection.abort(new Error('no answer to liveness pings'))
      }
    }))
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
    return directAddresses(this.known.addresses(id)).map(a => withPeer(a, id))
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

  /** Dials in the background; a failure backs the target off (backoff.ts), a success clears its back-off. */
  private async dial (key: string, target: Multiaddr[], bootstrap: boolean): Promise<void> {
    if (target.length === 0 || this.dialing.has(key)) return
    this.dialing.add(key)
    try {
      const connection = await this.components.connectionManager.openConnection(target, {
        signal: timeoutSignal(this.clock, this.init.dialTimeoutMs)
      })
      this.known.backoff.succeeded(key)
      if (bootstrap) this.bootstrapPeers.set(key, connection.remotePeer.toString())
    } catch (err) {
      this.known.backoff.failed(key)
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
      // Its neighbours: how many (for pruning: can it spare us?) and which (is our edge to it on a triangle?).
      this.reports.set(peer, { degree: list.peers.length, peers: new Set(list.peers.slice(0, MAX_PEERS_PER_EXCHANGE).map(r => r.id)) })
      const from = this.components.connectionManager.getConnections(peerIdFromString(peer))[0]?.remoteAddr
      for (const record of list.peers.slice(0, MAX_PEERS_PER_EXCHANGE)) {
        const addrs = record.addrs.slice(0, MAX_ADDRS_PER_PEER).flatMap(bytes => {
          try { return [multiaddr(bytes)] } catch { return [] }
        })
        // Only what this node may dial, at sockets not already claimed by other ids (exchange-addresses.ts).
        const usable = from === undefined ? [] : addressesFromNeighbour(addrs, from)
        if (usable.length > 0 && isPeerId(record.id)) this.suggested(record.id, usable, peer)
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
        const addrs = addressesForAsker(this.known.addresses(id), connection.remoteAddr).slice(0, MAX_ADDRS_PER_PEER)
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
