// Hop names and AS numbers end to end, with a resolver the test controls: `ip netns exec NS` bind-mounts
// /etc/netns/NS/hosts over /etc/hosts, so the client (and the node serving the web view) in the lab's `src`
// namespace resolve the routers' addresses to names this test chose; /etc/netns/NS/resolv.conf points at the
// namespace's own loopback, so a name not in that file is asked of nobody outside. The IP-to-ASN database is a
// file the test writes. Checked: trace in lines (seed tokens with -n), json and tree; show; -n; the web view's
// NDJSON stream; and `node --asn-db` deriving the node's AS and country from its listen address.

import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLab, line, requireRoot, resolvingEnvironment, type ExecResult, type Lab } from '../harness/index.js'
import { PEERTRACE_CLI, startPeer, type PeerProcess } from '../harness/peer-process.js'
import type { VantageRow } from '../../src/model/index.js'
import { namespaceRequest } from '../web/namespace-request.js'

const WEB = 'http://127.0.0.1:8080'

describe('hop names (system resolver, /etc/hosts in a namespace) and AS numbers (a test database)', function () {
  this.timeout(180_000)
  let lab: Lab
  let peer: PeerProcess | undefined
  let netnsDir: string | undefined
  const scratch = mkdtempSync(join(tmpdir(), 'peertrace-annotate-'))
  const asnDb = join(scratch, 'ip2asn-v4.tsv')
  /** r1, r2, r3, dst as src's trace sees them. */
  let path: string[]
  let dst: string
  /** The same over IPv6. */
  let path6: string[]

  const cli = async (args: string[]): Promise<ExecResult> =>
    await lab.exec('src', [process.execPath, PEERTRACE_CLI, ...args], { timeoutMs: 60_000, env: resolvingEnvironment() })
  const trace = async (args: string[]): Promise<ExecResult> => {
    const run = await cli(['trace', '--peer', (peer as PeerProcess).address, dst, '--timeout', '20', ...args])
    assert.equal(run.code, 0, run.stderr)
    return run
  }
  const only = (text: string): string => text.split('\n')[0]

  before(async function () {
    requireRoot(this)
    lab = await createLab(line(3))
    dst = lab.addr('dst', 4)
    path = lab.path('src', 'dst', 4)
    path6 = lab.path('src', 'dst', 6)
    assert.equal(path.length, 4)
    const [a1, a2, , ] = path
    // The names: r1, r2 and dst named, r3 left without one (it prints as its address).
    netnsDir = join('/etc/netns', lab.ns('src'))
    mkdirSync(netnsDir, { recursive: true })
    writeFileSync(join(netnsDir, 'hosts'), `127.0.0.1 localhost\n${a1} r1.lab.test\n${a2} r2.lab.test\n${dst} dst.lab.test\n` +
      `${path6[0]} r1-v6.lab.test\n`)
    writeFileSync(join(netnsDir, 'resolv.conf'), 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n')
    // The AS database, one-address ranges (src and r1 share a link): r1 in AS64501 (NL), r2 in AS64502 (no country,
    // no name), src in AS64500 (DE); dst "not routed" (AS 0); r3 in no range at all.
    writeFileSync(asnDb, [
      [lab.addr('src', 4), lab.addr('src', 4), '64500', 'DE', 'LAB-SRC'],
      [a1, a1, '64501', 'NL', 'FIRST-NET Example'],
      [a2, a2, '64502', 'None', ''],
      [dst, dst, '0', 'None', 'Not routed'],
      [path6[1], path6[1], '64602', 'SE', 'V6-NET']
    ].map(f => f.join('\t')).join('\n') + '\n')
    peer = await startPeer(lab, 'src', { name: 'src', env: resolvingEnvironment(), extraArgs: ['--asn-db', asnDb, '--http', '127.0.0.1:8080'] })
    await peer.until('its history', () => peer?.log.includes('history in ') === true)
  })

  after(async function () {
    await peer?.shutdown()
    await lab?.destroy()
    if (netnsDir !== undefined) rmSync(netnsDir, { recursive: true, force: true })
    rmSync(scratch, { recursive: true, force: true })
  })

  it('lines: `name (addr) [ASn]` per hop; -n drops the names; -n without a database is the seed\'s line exactly', async () => {
    const [a1, a2, a3] = path
    const named = await trace(['--asn-db', asnDb])
    assert.equal(only(named.stdout), `src r1.lab.test (${a1}) [AS64501] r2.lab.test (${a2}) [AS64502] ${a3} dst.lab.test (${dst})`)
    assert.match(named.stdout.split('\n')[1], /^answered 1\/1, \d+\.\d\d s$/)
    assert.equal(only((await trace(['-n', '--asn-db', asnDb])).stdout), `src ${a1} [AS64501] ${a2} [AS64502] ${a3} ${dst}`)
    assert.equal(only((await trace(['-n'])).stdout), `src ${a1} ${a2} ${a3} ${dst}`)
    assert.equal(only((await trace([])).stdout), `src r1.lab.test (${a1}) r2.lab.test (${a2}) ${a3} dst.lab.test (${dst})`)
  })

  it('IPv6: names from the hosts file and AS from an IPv6 range alike', async () => {
    const run = await cli(['trace', '--peer', (peer as PeerProcess).address, lab.addr('dst', 6), '--timeout', '20', '--asn-db', asnDb])
    assert.equal(run.code, 0, run.stderr)
    assert.equal(only(run.stdout), `src r1-v6.lab.test (${path6[0]}) ${path6[1]} [AS64602] ${path6[2]} ${path6[3]}`)
  })

  it('json: each hop and probe carries its name, asn and asName where known', async () => {
    const run = await trace(['--asn-db', asnDb, '--format', 'json'])
    const row = JSON.parse(only(run.stdout)) as VantageRow
    assert.deepEqual(row.hops.map(h => [h.addr, h.name, h.asn, h.asName]), [
      [path[0], 'r1.lab.test', 64501, 'FIRST-NET Example'],
      [path[1], 'r2.lab.test', 64502, undefined],
      [path[2], undefined, undefined, undefined],
      [dst, 'dst.lab.test', undefined, undefined]
    ])
    for (const hop of row.hops) {
      for (const probe of hop.probes ?? []) {
        if (probe.addr === hop.addr) assert.deepEqual([probe.name, probe.asn], [hop.name, hop.asn], `TTL ${hop.ttl}`)
      }
    }
  })

  it('tree: annotated, with RTTs; show prints the stored trace with names too', async () => {
    const [a1, a2, a3] = path
    const tree = (await trace(['--asn-db', asnDb, '--format', 'tree'])).stdout.split('\n')
    const rtt = '\\d+\\.\\d{3} ms'
    assert.match(tree[0], new RegExp(`^${dst.replaceAll('.', '\\.')} \\(target\\)  ${rtt}$`))
    assert.match(tree[1], new RegExp(`^└─ ${a3.replaceAll('.', '\\.')}  ${rtt}$`))
    assert.match(tree[2], new RegExp(`^   └─ r2\\.lab\\.test \\(${a2.replaceAll('.', '\\.')}\\) \\[AS64502\\]  ${rtt}$`))
    assert.match(tree[3], new RegExp(`^      └─ r1\\.lab\\.test \\(${a1.replaceAll('.', '\\.')}\\) \\[AS64501\\]  ${rtt}  <- src$`))

    const history = await cli(['history', '--peer', (peer as PeerProcess).address, '--json', '--limit', '1'])
    assert.equal(history.code, 0, history.stderr)
    const { id } = JSON.parse(history.stdout) as { id: string }
    const shown = await cli(['show', id, '--peer', (peer as PeerProcess).address, '--asn-db', asnDb])
    assert.equal(shown.code, 0, shown.stderr)
    assert.equal(only(shown.stdout), `src r1.lab.test (${a1}) [AS64501] r2.lab.test (${a2}) [AS64502] ${a3} dst.lab.test (${dst})`)
    const numeric = await cli(['show', id, '--peer', (peer as PeerProcess).address, '-n'])
    assert.equal(only(numeric.stdout), `src ${a1} ${a2} ${a3} ${dst}`)
  })

  it('the web view streams each result with its hops\' names and AS numbers (looked up by the node)', async () => {
    const started = await namespaceRequest(lab, 'src', {
      method: 'POST', url: `${WEB}/api/traces`, headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ target: dst, method: 'icmp', timeout: 20 })
    })
    assert.equal(started.status, 201, started.body)
    const { id } = JSON.parse(started.body) as { id: string }
    const stream = await namespaceRequest(lab, 'src', { url: `${WEB}/api/traces/${id}`, headers: { Accept: 'application/x-ndjson' } })
    assert.equal(stream.status, 200)
    const row = JSON.parse(stream.body.split('\n')[0]) as VantageRow
    assert.deepEqual(row.hops.map(h => [h.name, h.asn]), [['r1.lab.test', 64501], ['r2.lab.test', 64502], [undefined, undefined], ['dst.lab.test', undefined]])
  })

  it('a resolver that never answers: names not back within the budget are left out, and the client does not wait for it', async () => {
    const [a1, a2, a3] = path
    // The namespace's nameserver becomes dst, which drops DNS: a lookup of an address not in the hosts file (r3's)
    // gets no answer for 30 s, the resolver's timeout. The client is given 20 s in all: it must print without r3's
    // name after its 2 s budget and end, not wait on the lookup (the harness kills it at 20 s, failing the test).
    const drop = await lab.exec('dst', ['iptables', '-A', 'INPUT', '-p', 'udp', '--dport', '53', '-j', 'DROP'])
    assert.equal(drop.code, 0, drop.stderr)
    const resolv = join(netnsDir as string, 'resolv.conf')
    writeFileSync(resolv, `nameserver ${dst}\noptions timeout:30 attempts:1\n`)
    try {
      const run = await lab.exec('src', [process.execPath, PEERTRACE_CLI, 'trace', '--peer', (peer as PeerProcess).address, dst,
        '--timeout', '10'], { timeoutMs: 20_000, env: resolvingEnvironment() })
      assert.equal(run.code, 0, `${run.signal ?? ''} ${run.stderr} stdout: ${run.stdout}`)
      assert.equal(only(run.stdout), `src r1.lab.test (${a1}) r2.lab.test (${a2}) ${a3} dst.lab.test (${dst})`)
    } finally {
      writeFileSync(resolv, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n')
    }
  })

  it('node --asn-db: the node\'s AS and country come from its listen address\'s range', async () => {
    const run = await cli(['peers', '--peer', (peer as PeerProcess).address, '--json'])
    assert.equal(run.code, 0, run.stderr)
    const rows = JSON.parse(run.stdout) as Array<{ name: string, asn?: number, country?: string }>
    assert.deepEqual(rows.map(r => [r.name, r.asn, r.country]), [['src', 64500, 'DE']])
  })
})
