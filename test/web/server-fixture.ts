// A web server on 127.0.0.1 (any free port) in this process, over the fake node: what the in-process tests start.

import { startWebServer, type WebServer, type WebServerInit } from '../../src/web/server/web-server.js'
import { FakeHistory, FakeRunner } from './fake-node.js'

export interface Fixture {
  server: WebServer
  runner: FakeRunner
  history: FakeHistory
  /** http://127.0.0.1:PORT, no trailing slash. */
  base: string
  /** 127.0.0.1:PORT, as a Host header names it. */
  authority: string
}

export async function startFixture (init: Partial<WebServerInit> & { history?: FakeHistory } = {}): Promise<Fixture> {
  const runner = new FakeRunner()
  const history = init.history ?? new FakeHistory()
  const server = await startWebServer({ host: '127.0.0.1', port: 0, runner, history, nodeName: 'test-node', ...init })
  const base = server.url.replace(/\/$/, '')
  return { server, runner, history, base, authority: new URL(base).host }
}
