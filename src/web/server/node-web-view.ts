// The web view of a running node (`node --http`): what startNode() calls once the node is up, with the node's
// operator traces and history. Its listen failures are reported as the node's own, so --http and --port/--host
// failures exit alike.

import { UsageError } from '../../node/errors.js'
import { listenError } from '../../node/listen-failure.js'
import type { StartWebView } from '../../node/start-node.js'
import { allowedHostsRefusal, hostPort, isLoopbackHost } from './bind-address.js'
import { startWebServer } from './web-server.js'
import type { TraceAnnotator } from '../../annotate/trace-annotator.js'

/** Throws a UsageError at once (before the node starts) if the address needs --http-allowed-host and has none. */
export function nodeWebView (address: { host: string, port: number }, allowedHosts: readonly string[] = [],
  annotator?: () => TraceAnnotator): StartWebView {
  const refusal = allowedHostsRefusal(address.host, allowedHosts)
  if (refusal !== undefined) throw new UsageError(refusal)
  return async ({ operatorTraces, history, name, peers }) => {
    const empty = { list: () => [], get: () => undefined }
    const server = await startWebServer({
      host: address.host, port: address.port, allowedHosts, runner: operatorTraces, history: history ?? empty, nodeName: name, peers, annotator
    })
      .catch((err: { code?: string, cause?: unknown }) => {
        throw err.code === 'ERR_WEB_LISTEN' ? listenError('the web view', hostPort(address.host, address.port), err.cause ?? err) : err
      })
    return { url: server.url, loopbackOnly: isLoopbackHost(address.host), close: async () => { await server.close() } }
  }
}
