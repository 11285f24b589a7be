// Closes inbound connections that carry nothing: no stream for a while and not an overlay neighbour (a client
// whose trace is over, or a connection opened only to hold one of the node's connection slots). Neighbours are
// membership's to keep or drop; outbound connections are the node's own.

import type { ComponentLogger, Connection, Logger, Startable } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import { systemClock, type CancelTimer, type Clock } from '../time/clock.js'
import type { Membership } from './membership/membership.js'

export interface IdleConnectionsInit {
  /** How long an inbound non-neighbour connection may carry no stream before it is closed (ms). */
  idleMs: number
  clock?: Clock
}

export interface IdleConnectionsComponents {
  connectionManager: ConnectionManager
  membership: Membership
  logger: ComponentLogger
}

export class IdleConnections implements Startable {
  private readonly components: IdleConnectionsComponents
  private readonly idleMs: number
  private readonly clock: Clock
  private readonly log: Logger
  /** When each connection was first seen idle (monotonic ms), by connection id. */
  private idleSince = new Map<string, number>()
  private cancel: CancelTimer | undefined

  constructor (components: IdleConnectionsComponents, init: IdleConnectionsInit) {
    this.components = components
    this.idleMs = init.idleMs
    this.clock = init.clock ?? systemClock
    this.log = components.logger.forComponent('peertrace:idle-connections')
  }

  readonly [Symbol.toStringTag] = 'peertrace/idle-connections'

  start (): void {
    this.schedule()
  }

  stop (): void {
    this.cancel?.()
    this.cancel = undefined
    this.idleSince.clear()
  }

  isStarted (): boolean {
    return this.cancel !== undefined
  }

  private schedule (): void {
    // Checked four times per idle period: a connection is closed between 1 and 1.25 idle periods after its last stream.
    this.cancel = this.clock.setTimer(() => {
      this.sweep()
      if (this.cancel !== undefined) this.schedule()
    }, this.idleMs / 4, { unref: true })
  }

  private sweep (): void {
    const now = this.clock.monotonic()
    const neighbours = new Set(this.components.membership.neighbours())
    const seen = new Map<string, number>()
    for (const connection of this.components.connectionManager.getConnections()) {
      if (!idleCandidate(connection, neighbours)) continue
      const since = this.idleSince.get(connection.id) ?? now
      if (now - since >= this.idleMs) {
        this.log('closing %s from %a: no stream for %d ms', connection.remotePeer, connection.remoteAddr, Math.round(now - since))
        connection.close().catch((err: Error) => { connection.abort(err) })
      } else {
        seen.set(connection.id, since)
      }
    }
    this.idleSince = seen
  }
}

function idleCandidate (connection: Connection, neighbours: Set<string>): boolean {
  return connection.direction === 'inbound' && connection.status === 'open' && connection.streams.length === 0 &&
    !neighbours.has(connection.remotePeer.toString())
}

export function idleConnections (init: IdleConnectionsInit): (components: IdleConnectionsComponents) => IdleConnections {
  return (components) => new IdleConnections(components, init)
}
