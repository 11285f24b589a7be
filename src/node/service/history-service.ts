// The history protocol as a libp2p service (/peertrace/history/1.0.0): lists and shows the traces this node
// recorded, to its operator only (policy/history-access.ts), and takes a requester's own duration for its trace.

import type { ComponentLogger, Connection, Logger, Startable, Stream } from '@libp2p/interface'
import type { Registrar } from '@libp2p/interface-internal'
import { lpStream } from '@libp2p/utils'
import { HistoryError } from '../../history/errors.js'
import type { HistoryStore } from '../../history/store.js'
import { HISTORY_PROTOCOL, MAX_HISTORY_QUERY_BYTES } from '../../protocol/constants.js'
import { decodeHistoryCall, encodeHistoryAnswer, type HistoryAnswer, type HistoryCall } from '../../protocol/history-codec.js'
import type { HistoryAccessRule } from '../policy/history-access.js'
import { MAX_HISTORY_STREAMS_PER_CONNECTION } from '../constants.js'

const DEFAULT_HISTORY_TIMEOUT_MS = 10_000

export interface HistoryServiceInit {
  store: HistoryStore
  access: HistoryAccessRule
  /** One query and its answer must be done by then. */
  timeoutMs?: number
  maxInboundStreams?: number
}

export interface HistoryServiceComponents {
  registrar: Registrar
  logger: ComponentLogger
}

const ACCESS_DENIED_MESSAGE = 'this node shows its history only to its operator: ' +
  'connect from its own host, or with its operator key (--identity <copy of its data dir>/operator)'

export class HistoryService implements Startable {
  private readonly components: HistoryServiceComponents
  private readonly init: HistoryServiceInit
  private readonly log: Logger
  private started = false

  constructor (components: HistoryServiceComponents, init: HistoryServiceInit) {
    this.components = components
    this.init = init
    this.log = components.logger.forComponent('peertrace:history-service')
  }

  readonly [Symbol.toStringTag] = 'peertrace/history'

  async start (): Promise<void> {
    await this.components.registrar.handle(HISTORY_PROTOCOL, async (stream, connection) => {
      await this.serve(stream, connection)
    }, { maxInboundStreams: this.init.maxInboundStreams ?? MAX_HISTORY_STREAMS_PER_CONNECTION })
    this.started = true
  }

  async stop (): Promise<void> {
    await this.components.registrar.unhandle(HISTORY_PROTOCOL)
    this.started = false
  }

  isStarted (): boolean {
    return this.started
  }

  private async serve (stream: Stream, connection: Connection): Promise<void> {
    const signal = AbortSignal.timeout(this.init.timeoutMs ?? DEFAULT_HISTORY_TIMEOUT_MS)
    const remote = connection.remotePeer.toString()
    try {
      const lp = lpStream(stream, { maxDataLength: MAX_HISTORY_QUERY_BYTES })
      const call = decodeHistoryCall(await lp.read({ signal }))
      const answers = this.answer(call, remote, remoteHost(connection))
      for (const answer of answers) await lp.write(encodeHistoryAnswer(answer), { signal })
      await stream.close({ signal })
    } catch (err) {
      this.log('history query from %s failed: %s', remote, (err as Error).message)
      stream.abort(err as Error)
    }
  }

  /** The replies to one query, `end` last (a refusal is an error then the end). */
  private answer (call: HistoryCall, remote: string, host: string | undefined): HistoryAnswer[] {
    const out: HistoryAnswer[] = []
    try {
      if (call.kind === 'finish') {
        // Only the trace's own requester: the store checks the id against the signed request's origin.
        if (!this.init.store.setRequesterDuration(call.id, remote, call.durationMs)) {
          out.push({ type: 'error', code: 'ERR_NOT_FOUND', message: `no finished trace ${call.id} of yours here` })
        }
      } else if (this.init.access.check(remote, host) === undefined) {
        this.log('refused history to %s at %s', remote, host)
        out.push({ type: 'error', code: 'ERR_ACCESS_DENIED', message: ACCESS_DENIED_MESSAGE })
      } else if (call.kind === 'list') {
        for (const entry of this.init.store.list({ target: call.target, limit: call.limit })) out.push({ type: 'entry', entry })
      } else {
        const trace = this.init.store.get(call.id)
        if (trace === undefined) {
          out.push({ type: 'error', code: 'ERR_NOT_FOUND', message: `no trace ${call.id} in this node's history` })
        } else {
          out.push({ type: 'trace', id: trace.id, startedAt: trace.startedAt, finishedAt: trace.finishedAt, request: trace.request })
          for (const result of trace.results) out.push({ type: 'result', result })
          out.push({ type: 'summary', summary: trace.summary })
        }
      }
    } catch (err) {
      const code = err instanceof HistoryError ? err.code : 'ERR_HISTORY_UNAVAILABLE'
      out.push({ type: 'error', code, message: (err as Error).message })
    }
    out.push({ type: 'end', count: out.length })
    return out
  }
}

export function historyService (init: HistoryServiceInit): (components: HistoryServiceComponents) => HistoryService {
  return (components) => new HistoryService(components, init)
}

/** The client's IP address as the TCP connection saw it. */
function remoteHost (connection: Connection): string | undefined {
  const ip = connection.remoteAddr.getComponents().find((c) => c.name === 'ip4' || c.name === 'ip6')
  return ip?.value
}
