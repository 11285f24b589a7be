// Whether this node is behind a NAT, from identify's observed addresses: each peer says where it sees our
// connection come from. Seen from our own address, nothing translated it; seen from another (a router's), a NAT
// did, and a peer cannot open a connection to us: then the node listens on `/p2p-circuit`, so the circuit relay
// transport reserves a slot on a relay (a public peer) and announces a relayed address. AutoNAT cannot tell this
// for private address ranges (it never dials them back); docs/overlay.md, "Peers behind NAT".

import type { ComponentLogger, IdentifyResult, Libp2pEvents, Logger, Startable, TypedEventTarget } from '@libp2p/interface'
import type { AddressManager, TransportManager } from '@libp2p/interface-internal'
import { getNetConfig } from '@libp2p/utils'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { DEFAULT_NAT_EVIDENCE_PEERS } from '../constants.js'
import { isCircuit, stampableAddresses } from './exchange-addresses.js'

export interface ReachabilityInit {
  /** Distinct peers that must see us from a translated address before we take a relay (default 2). */
  natEvidencePeers?: number
}

export interface ReachabilityComponents {
  addressManager: AddressManager
  transportManager: TransportManager
  events: TypedEventTarget<Libp2pEvents>
  logger: ComponentLogger
}

const CIRCUIT_LISTEN = '/p2p-circuit'

export class Reachability implements Startable {
  private readonly components: ReachabilityComponents
  private readonly natEvidencePeers: number
  private readonly log: Logger
  /** Peers that saw our connection come from an address that is not ours. */
  private readonly translatedBy = new Set<string>()
  private relayed = false
  /** The relayed addresses already reported, so each is logged once. */
  private readonly reported = new Set<string>()
  private started = false
  private readonly onIdentify: (evt: CustomEvent<IdentifyResult>) => void

  constructor (components: ReachabilityComponents, init: ReachabilityInit = {}) {
    this.components = components
    this.natEvidencePeers = init.natEvidencePeers ?? DEFAULT_NAT_EVIDENCE_PEERS
    this.log = components.logger.forComponent('peertrace:reachability')
    this.onIdentify = (evt) => { this.observed(evt.detail) }
    this.onSelfUpdate = () => { this.reportRelayed() }
  }

  private readonly onSelfUpdate: () => void

  readonly [Symbol.toStringTag] = 'peertrace/reachability'

  async start (): Promise<void> {
    this.components.events.addEventListener('peer:identify', this.onIdentify)
    this.components.events.addEventListener('self:peer:update', this.onSelfUpdate)
    this.started = true
  }

  async stop (): Promise<void> {
    this.components.events.removeEventListener('peer:identify', this.onIdentify)
    this.components.events.removeEventListener('self:peer:update', this.onSelfUpdate)
    this.started = false
  }

  isStarted (): boolean {
    return this.started
  }

  /** Whether peers see this node through a NAT (so its direct addresses cannot be dialled from outside). */
  get behindNat (): boolean {
    return this.translatedBy.size >= this.natEvidencePeers
  }

  /** Our addresses a peer can open a new connection to (what an entry stamps into the requests it forwards). */
  reachableAddresses (): Multiaddr[] {
    return stampableAddresses(this.components.addressManager.getAddresses(), this.behindNat)
  }

  private observed (result: IdentifyResult): void {
    const { observedAddr, connection } = result
    // A relayed connection observes the relay, and an observation only counts on a connection we opened: on one
    // the peer opened, it sees where we answer from, which says nothing of who can open one to us.
    if (observedAddr === undefined || isCircuit(connection.remoteAddr) || connection.direction !== 'outbound') return
    const host = hostOf(observedAddr)
    if (host === undefined || this.ownHosts().has(host)) return
    this.translatedBy.add(connection.remotePeer.toString())
    this.log('%p sees us at %a, not at an address of ours', connection.remotePeer, observedAddr)
    if (this.behindNat && !this.relayed) {
      this.relayed = true
      this.log('behind a NAT: listening on a relay')
      this.components.transportManager.listen([multiaddr(CIRCUIT_LISTEN)]).catch((err: Error) => {
        this.relayed = false
        this.log('could not listen on a relay: %s', err.message)
      })
    }
  }

  /** A relay granted a reservation: the node can now be reached by a new connection, through it. */
  private reportRelayed (): void {
    for (const addr of this.components.addressManager.getAddresses().filter(isCircuit)) {
      const text = addr.toString()
      if (this.reported.has(text)) continue
      this.reported.add(text)
      this.log('relayed address %s', text)
    }
  }

  private ownHosts (): Set<string> {
    const hosts = new Set<string>()
    for (const { multiaddr: addr } of this.components.addressManager.getAddressesWithMetadata()) {
      const host = hostOf(addr)
      if (host !== undefined && !isCircuit(addr)) hosts.add(host)
    }
    for (const addr of this.components.transportManager.getAddrs()) {
      const host = hostOf(addr)
      if (host !== undefined) hosts.add(host)
    }
    return hosts
  }
}

export function reachability (init: ReachabilityInit = {}): (components: ReachabilityComponents) => Reachability {
  return (components) => new Reachability(components, init)
}

function hostOf (addr: Multiaddr): string | undefined {
  try {
    return getNetConfig(addr).host
  } catch {
    return undefined
  }
}
