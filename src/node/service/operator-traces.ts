// Traces this node starts itself (the web view's form): signed with the operator key, flooded through this
// node's own flood service over an in-process link, so they are probed here too and recorded in the history
// exactly like a trace a client sends in.

import { randomBytes } from 'node:crypto'
import type { PrivateKey } from '@libp2p/interface'
import { logger } from '@libp2p/logger'
import { defaults, type Method } from '../../engine/index.js'
import type { HistoryStore } from '../../history/store.js'
import { asDecoded } from '../../history/wire-form.js'
import { MemoryNetwork, originate, requesterBackstopMs, type FloodService, type OriginateEvent } from '../../overlay/index.js'
import { KeyAuthenticator, REQUEST_ID_BYTES } from '../../protocol/index.js'
import { systemClock, timeoutSignal, type Clock } from '../../time/clock.js'
import { DEFAULT_HOP_BUDGET } from '../constants.js'
import type { VantageDescription } from '../../model/vantage-description.js'
import { chooseVantages, expectedVantages } from '../client/choose-vantages.js'

const log = logger('peertrace:operator-traces')

export interface LocalTraceParams {
  target: string
  method: Method
  /** Destination port of udp and tcp probes; absent: the engine's default for the method. */
  port?: number
  /** How long results are awaited. */
  timeoutMs: number
  maxHops?: number
  queries?: number
  /** `--rounds N` (mtr mode); absent: none. */
  rounds?: number
  /** Flood radius in overlay hops. */
  hopBudget?: number
  /** `--from`: only vantage points matching these terms probe. */
  from?: string[]
  /** `--limit`: at most this many of them, drawn from this node's directory. */
  limit?: number
}

export interface LocalTrace {
  /** The request id: also its id in the history. */
  id: string
  startedAt: number
  /** Verified results as they land, then one summary; ends by the timeout, or when `signal` aborts. */
  events: AsyncIterable<OriginateEvent>
}

export interface LocalTraceRunner {
  start: (params: LocalTraceParams, signal?: AbortSignal) => Promise<LocalTrace>
}

export interface OperatorTracesInit {
  /** This node's flood service, which serves the operator's trace as the entry peer. */
  flood: FloodService
  /** This node's peer id. */
  self: string
  /** The operator key: it signs the requests, so they are rate-limited and recorded as the operator's. */
  operatorKey: PrivateKey
  /** Told the requester's own duration when a trace ends, as a remote requester reports it. */
  history?: HistoryStore
  /** Times the start, the deadline and the duration (default: the system clock). */
  clock?: Clock
  /** The vantage points this node knows (its own first): what a selection is drawn from. */
  directory?: () => VantageDescription[]
}

/** Traces started by this node's operator (the web view), through its own flood service over an in-process link. */
export class OperatorTraces implements LocalTraceRunner {
  private readonly init: OperatorTracesInit
  private readonly auth: KeyAuthenticator

  constructor (init: OperatorTracesInit) {
    this.init = init
    this.auth = new KeyAuthenticator(init.operatorKey)
  }

  async start (params: LocalTraceParams, signal?: AbortSignal): Promise<LocalTrace> {
    const { self, flood } = this.init
    const operator = this.auth.self
    // Two peers and one link: the operator as requester, this node as the entry peer of its flood.
    const clock = this.init.clock ?? systemClock
    const network = new MemoryNetwork({ clock })
    const requester = network.addPeer(operator)
    network.addPeer(self)
    network.serve(self, async (link) => { await flood.handle(link) })
    network.connect(operator, self)
    const startedAt = clock.now()
    const hopBudget = params.hopBudget ?? DEFAULT_HOP_BUDGET
    const id = randomBytes(REQUEST_ID_BYTES).toString('hex')
    // A selection is drawn as the CLI draws it (a NoMatchError when nothing matches: nothing is sent).
    const choice = params.from === undefined && params.limit === undefined
      ? undefined
      : chooseVantages(this.init.directory?.() ?? [], { terms: params.from ?? [], limit: params.limit, requestId: id, now: startedAt })
    const request = await this.auth.signRequest({
      id,
      origin: operator,
      target: params.target,
      probe: {
        method: params.method,
        maxHops: params.maxHops ?? defaults.DEFAULT_MAX_HOPS,
        firstHop: 1,
        queries: params.queries ?? defaults.DEFAULT_QUERIES,
        waitMs: defaults.DEFAULT_WAIT_MS,
        ...(params.rounds === undefined ? {} : { rounds: params.rounds }),
        ...(params.port === undefined ? {} : { port: params.port })
      },
      initialHopBudget: hopBudget,
      hopBudget,
      deadline: startedAt + params.timeoutMs,
      timestamp: startedAt,
      entry: self,
      ...(choice === undefined ? {} : { selector: choice.selection })
    })
    const stop = AbortSignal.any([timeoutSignal(clock, requesterBackstopMs(params.timeoutMs)), ...(signal === undefined ? [] : [signal])])
    const history = this.init.history
    // Without a choice, every live vantage point this node knows should answer: one missing is named, not hidden.
    const expected = choice === undefined ? Promise.resolve(expectedVantages(this.init.directory?.() ?? [], clock.now())) : undefined
    const events = originate(requester, [self], request, this.auth, stop, { clock, expected })
    return {
      id: request.id,
      startedAt,
      events: (async function * () {
        for await (const event of events) {
          if (event.type === 'summary') recordDuration(history, request.id, operator, event.summary.durationMs)
          // In-process links pass objects as they are; the wire form is what a remote requester and the history see.
          yield event.type === 'result' ? { type: 'result', result: asDecoded(event.result) } : event
        }
      })()
    }
  }
}

/** The history is secondary: a store that cannot write must not take the trace down. */
function recordDuration (history: HistoryStore | undefined, id: string, origin: string, durationMs: number): void {
  try {
    history?.setRequesterDuration(id, origin, durationMs)
  } catch (err) {
    log('duration of %s not recorded: %s', id, (err as Error).message)
  }
}
