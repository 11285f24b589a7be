// A web view bound off loopback (issue 14, item 7): a real `peertrace node --http 0.0.0.0:8080` in a lab namespace
// answers only to the names its operator listed (--http-allowed-host) and to loopback's; a page on any other name
// rebound to its address (DNS rebinding) is refused before it can start a trace or read the history. Requests come
// from the other host of the lab, over the lab's link, as a browser there would send them.

import assert from 'node:assert/strict'
import { createLab, line, requireRoot, type Lab } from '../harness/index.js'
import { startPeer, type PeerProcess } from '../harness/peer-process.js'
import { namespaceRequest, type NamespaceReply } from './namespace-request.js'

const VIEW_HOST = 'src'
const CLIENT_HOST = 'dst'
const PORT = 8080
const ALLOWED_NAME = 'view.lab.example'

describe('web view off loopback: only the allowed Host names (DNS rebinding)', function () {
  this.timeout(120_000)
  let lab: Lab | undefined
  let peer: PeerProcess | undefined
  let viewAddr = ''

  before(async function () {
    requireRoot(this)
    lab = await createLab(line(1))
    viewAddr = lab.addr(VIEW_HOST, 4)
    peer = await startPeer(lab, VIEW_HOST, {
      extraArgs: ['--http', `0.0.0.0:${PORT}`, '--http-allowed-host', ALLOWED_NAME.toUpperCase(), '--http-allowed-host', viewAddr]
    })
    const view = peer
    await view.until('its web view', () => view.log.includes(`web view on http://127.0.0.1:${PORT}/`))
  })

  after(async function () {
    await peer?.shutdown()
    await lab?.destroy()
  })

  /** A request from the other lab host to the view's address, with `host` as its Host header. */
  const fromClient = async (host: string, spec: { method?: string, path?: string, headers?: Record<string, string>, body?: string } = {}): Promise<NamespaceReply> =>
    await namespaceRequest(lab as Lab, CLIENT_HOST, {
      method: spec.method, url: `http://${viewAddr}:${PORT}${spec.path ?? '/api/node'}`, headers: { ...spec.headers, Host: host }, body: spec.body
    })

  it('answers to the allowed names and loopback\'s, on its own port', async () => {
    const node = { status: 200, body: `${JSON.stringify({ name: VIEW_HOST })}\n` }
    for (const host of [`${ALLOWED_NAME}:${PORT}`, `${ALLOWED_NAME.toUpperCase()}:${PORT}`, `${viewAddr}:${PORT}`]) {
      assert.deepEqual(await fromClient(host), node, host)
    }
    for (const host of [`127.0.0.1:${PORT}`, `localhost:${PORT}`]) {
      assert.deepEqual(await namespaceRequest(lab as Lab, VIEW_HOST, { url: `http://127.0.0.1:${PORT}/api/node`, headers: { Host: host } }), node, host)
    }
  })

  it('refuses every other Host: a rebound name cannot start a trace or read the history', async () => {
    const answersTo = `localhost:${PORT}, ${ALLOWED_NAME}:${PORT}, ${viewAddr}:${PORT}, 127.0.0.1:${PORT}`
    const refused = (host: string): NamespaceReply => ({
      status: 421, body: `${JSON.stringify({ error: `request for another host refused: ${host} (this server answers to ${answersTo})` })}\n`
    })
    for (const host of [`evil.example:${PORT}`, `${ALLOWED_NAME}.evil.example:${PORT}`, `${ALLOWED_NAME}:${PORT + 1}`, ALLOWED_NAME, `evil.example:${PORT}`]) {
      assert.deepEqual(await fromClient(host, { path: '/api/history' }), refused(host), host)
    }
    // The rebinding page's own requests: same-origin for the browser (its name, its port), so Origin matches Host.
    const evil = `evil.example:${PORT}`
    const start = await fromClient(evil, {
      method: 'POST',
      path: '/api/traces',
      headers: { 'Content-Type': 'application/json', Origin: `http://${evil}` },
      body: JSON.stringify({ target: (lab as Lab).addr(CLIENT_HOST, 4) })
    })
    assert.deepEqual(start, refused(evil))
    // Nothing was started.
    assert.deepEqual(await fromClient(`${ALLOWED_NAME}:${PORT}`, { path: '/api/history' }), { status: 200, body: '' })
  })
})
