// The vantage point directory as a libp2p service (/peertrace/describe/1.0.0): this node signs its own description
// (name, operator labels, families, version) and re-signs it every refresh; every few seconds it swaps descriptions
// with one random overlay neighbour (it sends its own, gets the neighbour's directory), so every live peer's
// description reaches every node in a few rounds. Clients read the directory the same way (`peertrace peers`).

import type { ComponentLogger, Logger, PeerId, PrivateKey, Startable } from '@libp2p/interface'
import type { ConnectionManager, Registrar } from '@libp2p/interface-internal'
import { peerIdFromString } from '@libp2p/peer-id'
import { repeatingTask, type RepeatingTask } from '@libp2p/utils'
import type { VantageDescription, VantageLabels } from '../../model/vantage-description.js'
import { signDescription } from '../../protocol/description-codec.js'
import { DESCRIBE_PROTOCOL, MAX_DIRECTORY_ENTRIES } from '../../protocol/constants.js'
import { systemClock, type Clock } from '../../time/clock.js'
import {
  DEFAULT_DESCRIPTION_REFRESH_MS, DEFAULT_DIRECTORY_PULL_INTERVAL_MS, DIRECTORY_PULL_TIMEOUT_MS, MAX_INBOUND_DESCRIBE_STREAMS
} from '../directory/constants.js'
import { Directory } from '../directory/directory.js'
import { checkedDescriptions, pullDirectory, serveDirectory } from '../directory/exchange.js'
import { probeFamilies, SOFTWARE_VERSION } from '../directory/self-description.js'
import type { Membership } from '../membership/membership.js'

export interface DescribeServiceInit {
  privateKey: PrivateKey
  name: string
  labels: VantageLabels
  pullIntervalMs?: number
  refreshMs?: number
  clock?: Clock
  random?: () => number
}

export interface DescribeServiceComponents {
  peerId: PeerId
  registrar: Registrar
  connectionManager: ConnectionManager
  logger: ComponentLogger
  membership: Membership
}

export class DescribeService implements Startable {
  readonly directory: Directory
  private readonly components: DescribeServiceComponents
  private readonly init: DescribeServiceInit
  private readonly clock: Clock
  private readonly log: Logger
  private own: VantageDescription | undefined
  private tasks: RepeatingTask[] = []
  private started = false

  constructor (components: DescribeServiceComponents, init: DescribeServiceInit) {
    this.components = components
    this.init = init
    this.clock = init.clock ?? systemClock
    this.log = components.logger.forComponent('peertrace:describe')
    this.directory = new Directory({ clock: this.clock, self: components.peerId.toString() })
  }

  readonly [Symbol.toStringTag] = 'peertrace/describe'

  async start (): Promise<void> {
    await this.refresh()
    await this.components.registrar.handle(DESCRIBE_PROTOCOL, async (stream, connection) => {
      const signal = AbortSignal.timeout(DIRECTORY_PULL_TIMEOUT_MS)
      try {
        const told = await serveDirectory(stream, () => this.answer(), signal)
        // Only an overlay neighbour's own word about itself is taken from the dialer: a client (or anyone not in the
        // overlay) cannot put itself, or a crowd of fresh ids, in the directory this way.
        const remote = connection.remotePeer.toString()
        if (this.components.membership.neighbours().includes(remote)) {
          this.directory.add(await checkedDescriptions(this.directory.news(told.filter((d) => d.peer === remote))))
        }
      } catch (err) {
        this.log('directory exchange with %p failed: %s', connection.remotePeer, (err as Error).message)
        stream.abort(err as Error)
      }
    }, { maxInboundStreams: MAX_INBOUND_DESCRIBE_STREAMS, maxOutboundStreams: 2 })
    this.started = true
    this.tasks = [
      repeatingTask(async () => { await this.refresh() }, this.init.refreshMs ?? DEFAULT_DESCRIPTION_REFRESH_MS),
      repeatingTask(async () => { await this.pull() }, this.init.pullIntervalMs ?? DEFAULT_DIRECTORY_PULL_INTERVAL_MS, { runImmediately: true })
    ]
    for (const task of this.tasks) task.start()
  }

  async stop (): Promise<void> {
    this.started = false
    for (const task of this.tasks) task.stop()
    this.tasks = []
    await this.components.registrar.unhandle(DESCRIBE_PROTOCOL)
  }

  isStarted (): boolean {
    return this.started
  }

  /** This node's description, then the freshest others it knows. */
  answer (): VantageDescription[] {
    const own = this.own === undefined ? [] : [this.own]
    return [...own, ...this.directory.list().slice(0, MAX_DIRECTORY_ENTRIES - own.length)]
  }

  private async refresh (): Promise<void> {
    this.own = await signDescription(this.init.privateKey, {
      name: this.init.name,
      ...this.init.labels,
      families: probeFamilies(),
      version: SOFTWARE_VERSION,
      timestamp: this.clock.now()
    })
  }

  private async pull (): Promise<void> {
    if (!this.started) return
    const neighbours = this.components.membership.neighbours()
    const peer = neighbours[Math.floor((this.init.random ?? Math.random)() * neighbours.length)]
    if (peer === undefined) return
    const signal = AbortSignal.timeout(DIRECTORY_PULL_TIMEOUT_MS)
    try {
      const stream = await this.components.connectionManager.openStream(peerIdFromString(peer), DESCRIBE_PROTOCOL, { signal })
      try {
        const descriptions = await pullDirectory(stream, this.own, signal)
        this.directory.add(await checkedDescriptions(this.directory.news(descriptions)))
      } catch (err) {
        stream.abort(err as Error)
        throw err
      }
    } catch (err) {
      this.log('directory pull from %s failed: %s', peer, (err as Error).message)
    }
  }
}

export function describeService (init: DescribeServiceInit): (components: DescribeServiceComponents) => DescribeService {
  return (components) => new DescribeService(components, init)
}
