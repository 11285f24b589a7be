// The web view of a running node (`node --http`): what startNode() calls once the node is up, with the node's
// operator traces and history. Its listen failures are reported as the node's own, so --http and --port/--host
// failures exit alike.

import { listenError } from '../../node/listen-failure.js'
import type { StartWebView } from '../../node/start-node.js'
import { hostPort, isLoopbackHost } from './bind-address.js'
import { startWebServer } from './web-server.js'

export function nodeWebView (address: { host: string, port: number }): StartWebView {
  return async ({ operatorTraces, history, name, peers }) => {
    const empty = { list: () => [], get: () => undefined }
    const server = await startWebServer({ host: address.host, port: address.port, runner: operatorTraces, history: history ?? empty, nodeName: name, peers })
      .catch((err: { code?: string, cause?: unknown }) => {
        throw err.code === 'ERR_WEB_LISTEN' ? listenError('the web view', hostPort(address.host, address.port), err.cause ?? err) : err
      })
    return { url: server.url, loopbackOnly: isLoopbackHost(address.host), close: async () => { await server.close() } }
  }
}
