// The web server's refusals over real HTTP: another origin (Origin, Sec-Fetch-Site), a Host it does not answer to
// (DNS rebinding), a wrong method, an unknown path, bytes that are not HTTP; and after every one of them it still
// serves a good request. Also its start-up errors and the headers every response carries.

import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isLoopbackHost, startWebServer, WebServerError } from '../../src/web/server/web-server.js'
import { FakeHistory, FakeRunner } from './fake-node.js'
import { errorOf, postJson, rawExchange, request, type Reply } from './http-client.js'
import { startFixture, type Fixture } from './server-fixture.js'

describe('web server: requests from elsewhere, bad requests, headers', () => {
  let fx: Fixture
  before(async () => { fx = await startFixture() })
  after(async () => { await fx.server.close() })

  const assertRefused = (reply: Reply, status: number, reason: string): void => {
    assert.equal(reply.status, status, reply.body)
    assert.deepEqual(JSON.parse(reply.body), { error: reason })
  }
  const stillServes = async (): Promise<void> => {
    const reply = await request(fx.base, '/api/node')
    assert.equal(reply.status, 200)
    assert.deepEqual(JSON.parse(reply.body), { name: 'test-node' })
  }

  it('refuses a request from another origin, whatever it asks for', async () => {
    const before = fx.runner.traces.length
    for (const origin of ['http://evil.example', 'null', `ftp://${fx.authority}`, 'http://localhost:1', `http://${fx.authority}.evil.example`, 'not a url']) {
      assertRefused(await postJson(fx.base, { target: 'example.org' }, { Origin: origin }), 403, `cross-origin request refused: ${origin}`)
      assertRefused(await request(fx.base, '/api/history', { headers: { Origin: origin } }), 403, `cross-origin request refused: ${origin}`)
    }
    // A browser that sends no Origin on a GET still says it comes from another site.
    assertRefused(await request(fx.base, '/api/history', { headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors' } }),
      403, 'cross-origin request refused: Sec-Fetch-Site cross-site')
    assertRefused(await request(fx.base, '/assets/app.js', { headers: { 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'no-cors' } }),
      403, 'cross-origin request refused: Sec-Fetch-Site same-site')
    assert.equal(fx.runner.traces.length, before, 'no trace was started')
    // Following a link from elsewhere to the page is fine: it only shows it.
    const navigate = await request(fx.base, '/', { headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate' } })
    assert.notEqual(navigate.status, 403)
    // Never to the API (issue 14, item 4): a link or a top-level form on another site cannot make it lay out a map.
    for (const path of [`/api/traces/${'a'.repeat(32)}/map.svg`, `/api/traces/${'a'.repeat(32)}`, '/api/history', '/api/node']) {
      for (const site of ['cross-site', 'same-site']) {
        assertRefused(await request(fx.base, path, { headers: { 'Sec-Fetch-Site': site, 'Sec-Fetch-Mode': 'navigate' } }),
          403, `cross-origin request refused: Sec-Fetch-Site ${site}`)
      }
    }
    assertRefused(await postJson(fx.base, { target: 'example.org' }, { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate' }),
      403, 'cross-origin request refused: Sec-Fetch-Site cross-site')
    // Our own origin, however the client addressed us, passes.
    assert.equal((await postJson(fx.base, { target: 'example.org' }, { Origin: fx.base })).status, 201)
    // https on this very host and port can only be a TLS proxy in front of it.
    assert.equal((await postJson(fx.base, { target: 'example.org' }, { Origin: `https://${fx.authority}` })).status, 201)
    const port = new URL(fx.base).port
    const local = await postJson(fx.base, { target: 'example.org' }, { Origin: `http://localhost:${port}`, Host: `localhost:${port}` })
    assert.equal(local.status, 201, local.body)
    await stillServes()
  })

  it('bound to loopback, refuses a Host that is not its address or localhost (DNS rebinding)', async () => {
    const port = new URL(fx.base).port
    const answersTo = `this server answers to localhost:${port}, 127.0.0.1:${port}`
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${Number(port) + 1}`, `127.0.0.2:${port}`, `localhost.:${port}`]) {
      assertRefused(await request(fx.base, '/api/history', { headers: { Host: host } }), 421, `request for another host refused: ${host} (${answersTo})`)
    }
    assertRefused(await postJson(fx.base, { target: 'x' }, { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` }),
      421, `request for another host refused: evil.example:${port} (${answersTo})`)
    for (const host of [`evil@127.0.0.1:${port}`, `127.0.0.1:${port}/x`]) {
      assertRefused(await request(fx.base, '/', { headers: { Host: host } }), 400, `bad Host header: ${host}`)
    }
    // HTTP/1.0 may leave Host out: then nothing says the request is for us.
    const noHost = await rawExchange(fx.base, 'GET /api/node HTTP/1.0\r\n\r\n')
    assert.match(noHost, /^HTTP\/1\.1 400 /)
    assert.ok(noHost.endsWith('{"error":"no Host header"}\n'), noHost)
    // Case and the IPv4 short form a URL parser accepts are still this address.
    assert.equal((await request(fx.base, '/api/node', { headers: { Host: `LOCALHOST:${port}` } })).status, 200)
    await stillServes()
  })

  it('answers a wrong method with 405 and Allow, an unknown path or id with 404', async () => {
    const cases: Array<[string, string, number, string, string?]> = [
      ['GET', '/api/traces', 405, 'GET is not allowed here (allowed: POST)', 'POST'],
      ['DELETE', '/api/traces', 405, 'DELETE is not allowed here (allowed: POST)', 'POST'],
      ['OPTIONS', '/api/traces', 405, 'OPTIONS is not allowed here (allowed: POST)', 'POST'],
      ['POST', '/', 405, 'POST is not allowed here (allowed: GET, HEAD)', 'GET, HEAD'],
      ['PUT', `/api/traces/${'a'.repeat(32)}`, 405, 'PUT is not allowed here (allowed: GET)', 'GET'],
      ['GET', '/nope', 404, 'no such path: /nope'],
      ['GET', '/api/traces/', 404, 'no such path: /api/traces/'],
      ['GET', '/api/traces/XYZ', 404, 'no such path: /api/traces/XYZ'],
      ['GET', '/traces/1234', 404, 'no such path: /traces/1234'],
      ['GET', '/assets/../../package.json', 404, 'no such path: /package.json'],
      ['GET', '/assets/%2e%2e%2fpackage.json', 404, 'no such path: /assets/%2e%2e%2fpackage.json'],
      ['GET', '/assets/nothing.js', 404, 'no such file: nothing.js'],
      ['GET', `/api/traces/${'b'.repeat(32)}`, 404, `no trace ${'b'.repeat(32)}`],
      ['GET', `/api/traces/${'b'.repeat(32)}/map.svg`, 404, `no trace ${'b'.repeat(32)}`]
    ]
    for (const [method, path, status, reason, allow] of cases) {
      const reply = await request(fx.base, path, { method })
      assertRefused(reply, status, reason)
      assert.equal(reply.headers.allow, allow, `${method} ${path}`)
    }
    await stillServes()
  })

  it('answers bytes that are not HTTP with a 400 and closes; keeps serving', async () => {
    const answer = await rawExchange(fx.base, 'GARBAGE\r\n\r\n')
    assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/)
    assert.ok(answer.endsWith('{"error":"malformed HTTP request"}\n'), answer)
    const huge = await rawExchange(fx.base, `GET / HTTP/1.1\r\nHost: ${fx.authority}\r\nX-Big: ${'x'.repeat(100_000)}\r\n\r\n`)
    assert.match(huge, /^HTTP\/1\.1 431 /)
    // An absolute URL in the request line names no path of ours.
    const absolute = await rawExchange(fx.base, `GET http://evil.example/ HTTP/1.1\r\nHost: ${fx.authority}\r\nConnection: close\r\n\r\n`)
    assert.match(absolute, /^HTTP\/1\.1 400 /)
    assert.ok(absolute.includes('{"error":"the request target must be a path"}'), absolute)
    await stillServes()
  })

  it('sends a strict CSP and nosniff on every response, the page included', async () => {
    for (const path of ['/', '/api/node', '/nope']) {
      const reply = await request(fx.base, path)
      const csp = String(reply.headers['content-security-policy'])
      assert.match(csp, /^default-src 'self'; script-src 'self'; style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'; /, path)
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/, path)
      assert.match(csp, /frame-ancestors 'none'/)
      assert.equal(reply.headers['x-content-type-options'], 'nosniff', path)
      assert.equal(reply.headers['x-frame-options'], 'DENY', path)
    }
  })

  it('serves the page at / and at /traces/<id>, and its files, from its own origin only', async () => {
    const page = await request(fx.base, '/')
    assert.equal(page.status, 200, 'the page is built (npm run build)')
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8')
    assert.equal((await request(fx.base, `/traces/${'c'.repeat(32)}`)).body, page.body)
    // No inline script, and nothing that is not this server's.
    assert.doesNotMatch(page.body, /<script(?![^>]*\ssrc="\/assets\/)/)
    assert.doesNotMatch(page.body, /(src|href)="(?!\/)/)
    for (const [asset, type] of [['app.js', 'text/javascript; charset=utf-8'], ['style.css', 'text/css; charset=utf-8'], ['icon.svg', 'image/svg+xml']]) {
      const reply = await request(fx.base, `/assets/${asset}`)
      assert.equal(reply.status, 200, asset)
      assert.equal(reply.headers['content-type'], type)
    }
    assert.doesNotMatch((await request(fx.base, '/assets/app.js')).body, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/)
  })

  it('without a built page, says so at / and still serves the API', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'peertrace-web-empty-'))
    const bare = await startFixture({ assetsDir: empty })
    try {
      assertRefused(await request(bare.base, '/'), 503, 'the web page is not built (run `npm run build`)')
      assert.equal((await request(bare.base, '/api/node')).status, 200)
    } finally {
      await bare.server.close()
      await rm(empty, { recursive: true, force: true })
    }
  })

  it('fails to start with a one-line typed error when it cannot listen', async () => {
    const port = Number(new URL(fx.base).port)
    const init = { runner: new FakeRunner(), history: new FakeHistory(), nodeName: 'x' }
    await assert.rejects(startWebServer({ ...init, host: '127.0.0.1', port }), (err: unknown) => {
      assert.ok(err instanceof WebServerError)
      assert.equal(err.code, 'ERR_WEB_LISTEN')
      assert.equal(err.message, `cannot listen on 127.0.0.1:${port}: the port is in use (EADDRINUSE)`)
      return true
    })
    await assert.rejects(startWebServer({ ...init, host: '127.0.0.1', port: 70000 }),
      { code: 'ERR_WEB_INIT', message: 'bad web port 70000: expected an integer from 0 to 65535' })
    // 192.0.2.1 (TEST-NET-1) is on no interface here: nothing is sent, the bind alone fails.
    await assert.rejects(startWebServer({ ...init, host: '192.0.2.1', port: 0, allowedHosts: ['view.example'] }),
      { code: 'ERR_WEB_LISTEN', message: 'cannot listen on 192.0.2.1:0: no such address on this machine (EADDRNOTAVAIL)' })
    await stillServes()
  })

  it('on ::1, prints a bracketed URL and answers to [::1] and localhost', async () => {
    const v6 = await startFixture({ host: '::1' })
    try {
      assert.match(v6.server.url, /^http:\/\/\[::1\]:\d+\/$/)
      assert.equal((await request(v6.base, '/api/node')).status, 200)
      const port = new URL(v6.base).port
      assert.equal((await request(v6.base, '/api/node', { headers: { Host: `localhost:${port}` } })).status, 200)
      assert.equal((await request(v6.base, '/api/node', { headers: { Host: `127.0.0.1:${port}` } })).status, 421)
    } finally {
      await v6.server.close()
    }
  })

  it('off loopback, refuses to start without --http-allowed-host names, before binding anything', async () => {
    const init = { runner: new FakeRunner(), history: new FakeHistory(), nodeName: 'x', port: 0 }
    for (const host of ['0.0.0.0', '::', '[::]', '192.0.2.1', 'example.org']) {
      const bare = host.replace(/^\[(.*)\]$/, '$1')
      await assert.rejects(startWebServer({ ...init, host }), {
        code: 'ERR_WEB_INIT',
        message: `the web view on ${bare} needs --http-allowed-host NAME (the names browsers reach it by; any other Host is refused against DNS rebinding)`
      }, host)
    }
    for (const bad of ['', 'evil.example:8080', 'a b', 'http://x', 'x/y', '10', '127.1', '-x.example', `${'a'.repeat(64)}.example`, 'evil@x']) {
      await assert.rejects(startWebServer({ ...init, host: '0.0.0.0', allowedHosts: ['ok.example', bad] }), {
        code: 'ERR_WEB_INIT',
        message: `--http-allowed-host '${bad}' is not a host name or IP address (give the name only, without a port)`
      }, bad)
    }
  })

  it('answers to the --http-allowed-host names too, on its own port only', async () => {
    const named = await startFixture({ allowedHosts: ['View.Example', '[2001:DB8::1]', '198.51.100.7'] })
    try {
      const port = new URL(named.base).port
      for (const host of [`view.example:${port}`, `VIEW.example:${port}`, `[2001:db8::1]:${port}`, `198.51.100.7:${port}`, `localhost:${port}`]) {
        assert.equal((await request(named.base, '/api/node', { headers: { Host: host } })).status, 200, host)
      }
      const answersTo = `localhost:${port}, view.example:${port}, [2001:db8::1]:${port}, 198.51.100.7:${port}, 127.0.0.1:${port}`
      for (const host of [`view.example:${Number(port) + 1}`, 'view.example', `x.view.example:${port}`, `view.example.evil:${port}`]) {
        assertRefused(await request(named.base, '/api/node', { headers: { Host: host } }), 421, `request for another host refused: ${host} (this server answers to ${answersTo})`)
      }
    } finally {
      await named.server.close()
    }
  })

  it('isLoopbackHost: localhost and loopback literals only', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.9.8.7', '::1', '[::1]', '::ffff:127.0.0.1']) assert.equal(isLoopbackHost(host), true, host)
    for (const host of ['0.0.0.0', '::', '192.0.2.1', 'example.org', 'localhost.example', '', '::2']) assert.equal(isLoopbackHost(host), false, host)
  })

  it('close() is idempotent and frees the port', async () => {
    const extra = await startFixture()
    await Promise.all([extra.server.close(), extra.server.close()])
    await assert.rejects(request(extra.base, '/api/node'), { code: 'ECONNREFUSED' })
    assert.equal(errorOf(await postJson(fx.base, '{')), 'the body is not valid JSON')
  })
})
