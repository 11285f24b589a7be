// `peertrace node` and `traceroutesvr` starting up, as real processes on 127.0.0.1: one node per data dir (a second
// exits at once naming the holder's pid, a dead holder's lock is taken over, the lock goes on SIGINT/SIGTERM and on
// a failed start), and every start-up failure is one line on stderr with the README's exit code, the process ending
// by itself (the run's deadline only catches a hang).

import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PEERTRACE_CLI, PeerProcess } from '../harness/peer-process.js'
import { killGroup, runCommand } from '../harness/run-command.js'
import type { ExecResult } from '../harness/spec.js'

const TRACEROUTESVR = fileURLToPath(new URL('../../src/cli/traceroutesvr.js', import.meta.url))
const LOCK_FILE = 'node.lock'
const EXIT_FAILURE = 1
const EXIT_USAGE = 2
const EXIT_NO_PRIVILEGE = 3
/** A start-up failure ends long before this; past it the run is killed, which fails the test as a hang. */
const DEADLINE_MS = 30_000
/** The unprivileged user the permission cases run as when the tests run as root. */
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups']
const STACK_FRAME = /^\s+at /m
/** Not an address of this machine (TEST-NET-1): binding it fails, and nothing is sent. */
const FOREIGN_ADDRESS = '192.0.2.1'

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

describe('cli: node start-up', function () {
  let root = ''
  /** An empty bootstrap list: no node here dials anything but what a test names. */
  let noPeers = ''
  const children = new Set<ChildProcess>()
  const peers: PeerProcess[] = []
  const servers: Server[] = []

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'peertrace-startup-'))
    noPeers = join(root, 'no-peers.txt')
    writeFileSync(noPeers, '')
  })

  afterEach(async () => {
    for (const child of children) killGroup(child, 'SIGKILL')
    children.clear()
    await Promise.all(peers.splice(0).map(async peer => { await peer.shutdown({ keepDataDir: true }) }))
    await Promise.all(servers.splice(0).map(async server => { await new Promise(resolve => server.close(resolve)) }))
    rmSync(root, { recursive: true, force: true })
  })

  /** One run to its end; `unprivileged`: as uid 65534 when the tests run as root. */
  async function run (argv: string[], unprivileged = false): Promise<ExecResult> {
    const [file, ...args] = unprivileged && process.getuid?.() === 0
      ? ['setpriv', ...NOBODY, process.execPath, ...argv]
      : [process.execPath, ...argv]
    return await runCommand(file, args, { timeoutMs: DEADLINE_MS, onSpawn: child => children.add(child) })
  }

  async function runNode (args: string[], unprivileged = false): Promise<ExecResult> {
    return await run([PEERTRACE_CLI, 'node', '--host', '127.0.0.1', '--bootstrap-file', noPeers, ...args], unprivileged)
  }

  /** Ended by itself with `code`, exactly one line on stderr matching `line`, no stack frame. */
  function assertOneLine (result: ExecResult, code: number, line: RegExp, options: { stdout?: boolean } = {}): void {
    const shown = JSON.stringify(result)
    assert.equal(result.signal, null, `killed at the deadline: ${shown}`)
    assert.equal(result.code, code, shown)
    assert.match(result.stderr, /^[^\n]+\n$/, shown)
    assert.match(result.stderr.trimEnd(), line, shown)
    assert.doesNotMatch(result.stderr, STACK_FRAME, shown)
    if (options.stdout !== true) assert.equal(result.stdout, '', shown)
  }

  /** A long-running node (or traceroutesvr) on 127.0.0.1; stopped by pid after the test. */
  async function startNode (dataDir: string, argv: string[] = [PEERTRACE_CLI, 'node', '--host', '127.0.0.1', '--bootstrap-file', noPeers, '-p', '0']): Promise<{ peer: PeerProcess, port: number }> {
    const child = spawn(process.execPath, [...argv, '--name', 'first', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] })
    const peer = new PeerProcess('localhost', 'first', '127.0.0.1', 0, child, dataDir)
    peers.push(peer)
    await peer.until('listen address', () => /^listening on /m.test(peer.log))
    const port = Number(/^listening on \/ip4\/[\d.]+\/tcp\/(\d+)\//m.exec(peer.log)?.[1])
    return { peer, port }
  }

  function lockHolder (dataDir: string): number | undefined {
    const file = join(dataDir, LOCK_FILE)
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid : undefined
  }

  /** A port another process listens on (this test's). */
  async function takenPort (): Promise<number> {
    const server = createServer()
    servers.push(server)
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    return (server.address() as { port: number }).port
  }

  describe('one node per data dir', function () {
    it('a second node on a held dir exits at once (1) naming the dir and the holder\'s pid; the first keeps serving', async () => {
      const dir = join(root, 'shared')
      const { peer: first, port } = await startNode(dir)
      const second = await runNode(['-p', '0', '--data-dir', dir])
      assertOneLine(second, EXIT_FAILURE, new RegExp(
        `^peertrace: data dir ${escape(dir)} is in use by another node \\(pid ${String(first.child.pid)}\\): give each node its own --data-dir$`))
      assert.equal(lockHolder(dir), first.child.pid)
      // The first still answers its operator over the overlay's protocols.
      const history = await run([PEERTRACE_CLI, 'history', '-p', String(port), '--identity', join(dir, 'operator')])
      assert.deepEqual([history.code, history.stderr], [0, 'no traces recorded\n'], JSON.stringify(history))
      // SIGTERM: a clean exit that frees the dir.
      await first.stop('SIGTERM', { keepDataDir: true })
      assert.equal(first.child.exitCode, 0, first.log)
      assert.equal(lockHolder(dir), undefined)
    })

    it('a lock left by a process that is gone is taken over; SIGINT frees it', async () => {
      const gone = spawn('true')
      await new Promise(resolve => gone.once('exit', resolve))
      const dir = join(root, 'stale')
      mkdirSync(dir)
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: gone.pid }))
      const { peer } = await startNode(dir)
      assert.match(peer.log, new RegExp(`^data dir ${escape(dir)}: took over the lock of pid ${String(gone.pid)}, which no longer runs$`, 'm'))
      assert.equal(lockHolder(dir), peer.child.pid)
      await peer.stop('SIGINT', { keepDataDir: true })
      assert.equal(peer.child.exitCode, 0, peer.log)
      assert.match(peer.log, /^stopped$/m)
      assert.equal(lockHolder(dir), undefined)
    })

    it('traceroutesvr takes --data-dir, --allow-target and --http, and holds its dir the same way', async () => {
      const dir = join(root, 'svr')
      // -b: a loopback port nothing listens on, so the server dials nothing else, whatever the shipped list holds.
      const { peer: svr } = await startNode(dir, [TRACEROUTESVR, '-p', '0', '-b', '127.0.0.1:1', '--allow-target', '192.0.2.0/24', '--http', '127.0.0.1:0'])
      await svr.until('web view', () => /^web view on /m.test(svr.log))
      const url = /^web view on (\S+)$/m.exec(svr.log)?.[1] ?? ''
      const answer = await fetch(new URL('api/node', url))
      assert.equal(answer.status, 200)
      await answer.body?.cancel()
      const second = await run([TRACEROUTESVR, '-p', '0', '--data-dir', dir])
      assertOneLine(second, EXIT_FAILURE, new RegExp(
        `^traceroutesvr: data dir ${escape(dir)} is in use by another node \\(pid ${String(svr.child.pid)}\\): give each node its own --data-dir$`))
      const badRange = await run([TRACEROUTESVR, '-p', '0', '--data-dir', join(root, 'svr2'), '--allow-target', 'not-a-range'])
      assertOneLine(badRange, EXIT_USAGE, /^traceroutesvr: .*not-a-range/)
    })
  })

  describe('start-up failures: one line, the README\'s exit code, the lock freed', function () {
    it('port in use: 1', async () => {
      const port = await takenPort()
      const dir = join(root, 'port')
      const result = await runNode(['-p', String(port), '--data-dir', dir])
      assertOneLine(result, EXIT_FAILURE, new RegExp(`^peertrace: cannot listen on 127\\.0\\.0\\.1:${port} for peers: the port is in use \\(EADDRINUSE\\)$`))
      assert.equal(existsSync(dir), true)
      assert.equal(lockHolder(dir), undefined)
    })

    it('--http port in use: 1, once the node has stopped', async () => {
      const port = await takenPort()
      const dir = join(root, 'http')
      const result = await runNode(['-p', '0', '--data-dir', dir, '--http', `127.0.0.1:${port}`])
      assertOneLine(result, EXIT_FAILURE, new RegExp(`^peertrace: cannot listen on 127\\.0\\.0\\.1:${port} for the web view: the port is in use \\(EADDRINUSE\\)$`),
        { stdout: true })
      assert.doesNotMatch(result.stdout, /^stopped$/m)
      assert.equal(lockHolder(dir), undefined)
    })

    it('--host not an address of this machine: 2', async () => {
      const dir = join(root, 'host')
      const result = await run([PEERTRACE_CLI, 'node', '--host', FOREIGN_ADDRESS, '-p', '0', '--bootstrap-file', noPeers, '--data-dir', dir])
      assertOneLine(result, EXIT_USAGE, new RegExp(`^peertrace: cannot listen on ${escape(FOREIGN_ADDRESS)}:0 for peers: no such address on this machine \\(EADDRNOTAVAIL\\)$`))
      assert.equal(lockHolder(dir), undefined)
    })

    it('--data-dir a file: 2', async () => {
      const file = join(root, 'file')
      writeFileSync(file, '')
      assertOneLine(await runNode(['-p', '0', '--data-dir', file]), EXIT_USAGE, new RegExp(`^peertrace: data dir ${escape(file)} is not a directory$`))
    })

    it('--data-dir under a file: 2', async () => {
      const dir = join(root, 'file', 'sub')
      writeFileSync(join(root, 'file'), '')
      assertOneLine(await runNode(['-p', '0', '--data-dir', dir]), EXIT_USAGE,
        new RegExp(`^peertrace: cannot create data dir ${escape(dir)}: a part of the path is not a directory \\(ENOTDIR\\)$`))
    })

    it('--data-dir under /proc (it hung, silent): 2', async () => {
      const dir = '/proc/peertrace-no-such/dir'
      assertOneLine(await runNode(['-p', '0', '--data-dir', dir]), EXIT_USAGE,
        new RegExp(`^peertrace: cannot create data dir ${escape(dir)}: no such file or directory \\(ENOENT\\)$`))
    })

    it('--data-dir not writable: 2', async function () {
      if (process.getuid?.() === 0 && !existsSync('/usr/bin/setpriv')) this.skip()
      chmodSync(root, 0o755)
      const dir = join(root, 'readonly')
      mkdirSync(dir, { mode: 0o555 })
      assertOneLine(await runNode(['-p', '0', '--data-dir', dir], true), EXIT_USAGE,
        new RegExp(`^peertrace: data dir ${escape(dir)} is not writable: permission denied \\(EACCES\\)$`))
    })

    it('a privileged port without the privilege: 3', async function () {
      const firstUnprivileged = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'))
      if (firstUnprivileged <= 1 || (process.getuid?.() === 0 && !existsSync('/usr/bin/setpriv'))) this.skip()
      chmodSync(root, 0o755)
      const dir = join(root, 'unprivileged')
      mkdirSync(dir, { mode: 0o777 })
      chmodSync(dir, 0o777)
      chmodSync(noPeers, 0o644)
      const result = await runNode(['-p', '1', '--data-dir', dir], true)
      assertOneLine(result, EXIT_NO_PRIVILEGE,
        /^peertrace: cannot listen on 127\.0\.0\.1:1 for peers: permission denied \(EACCES\): a port below 1024 needs root or CAP_NET_BIND_SERVICE$/)
      assert.equal(lockHolder(dir), undefined)
    })

    it('--bootstrap-file missing: 2, and no data dir made', async () => {
      const dir = join(root, 'never')
      const missing = join(root, 'missing.txt')
      const result = await run([PEERTRACE_CLI, 'node', '--host', '127.0.0.1', '-p', '0', '--bootstrap-file', missing, '--data-dir', dir])
      assertOneLine(result, EXIT_USAGE, new RegExp(`^peertrace: cannot read bootstrap file ${escape(missing)}: no such file or directory \\(ENOENT\\)$`))
      assert.equal(existsSync(dir), false)
    })

    it('--bootstrap-file malformed: 2, naming the line', async () => {
      const list = join(root, 'peers.txt')
      writeFileSync(list, '# peers\n127.0.0.1:4001\nnot an address\n')
      const result = await run([PEERTRACE_CLI, 'node', '--host', '127.0.0.1', '-p', '0', '--bootstrap-file', list, '--data-dir', join(root, 'never')])
      assertOneLine(result, EXIT_USAGE, new RegExp(`^peertrace: bootstrap file ${escape(list)} line 3: 'not an address' is not host:port or a multiaddr$`))
    })

    it('a label that cannot be one (--tag, --country, --city): 2, and no data dir made', async () => {
      const dir = join(root, 'never')
      const cases: Array<[string[], string]> = [
        [['--tag', 'a,b'], "tag 'a,b' is not a word of at most 32 letters, digits, '.', '_' or '-'"],
        [['--tag', 'x'.repeat(33)], `tag '${'x'.repeat(32)}' is not a word of at most 32 letters, digits, '.', '_' or '-'`],
        [Array.from({ length: 17 }, (_, i) => ['--tag', `t${i}`]).flat(), 'more than 16 tags'],
        [['--country', 'DEU'], "country 'DEU' is not a two-letter code"],
        [['--city', 'Paris+TX'], "city is not at most 64 letters, digits, spaces, '.', ''' or '-'"]
      ]
      for (const [flags, reason] of cases) {
        assertOneLine(await runNode(['-p', '0', '--data-dir', dir, ...flags]), EXIT_USAGE, new RegExp(`^peertrace: ${escape(reason)}$`))
      }
      assert.equal(existsSync(dir), false)
    })

    it('--swarm-key missing: 2', async () => {
      const missing = join(root, 'swarm.key')
      assertOneLine(await runNode(['-p', '0', '--data-dir', join(root, 'never'), '--swarm-key', missing]), EXIT_USAGE,
        new RegExp(`^peertrace: cannot read swarm key ${escape(missing)}: no such file or directory \\(ENOENT\\)$`))
      assert.equal(existsSync(join(root, 'never')), false)
    })

    it('swarm-key into a missing dir: 2', async () => {
      const file = join(root, 'missing', 'dir', 'k')
      assertOneLine(await run([PEERTRACE_CLI, 'swarm-key', file]), EXIT_USAGE,
        new RegExp(`^peertrace: cannot write swarm key ${escape(file)}: no such file or directory \\(ENOENT\\)$`))
    })

    it('no --port, here or in --config: 2, and no data dir made', async () => {
      const dir = join(root, 'no-port')
      assertOneLine(await run([PEERTRACE_CLI, 'node', '--data-dir', dir]), EXIT_USAGE,
        /^peertrace: required option '-p, --port <port>' not specified \(on the command line or in --config\)$/)
      assert.equal(existsSync(dir), false)
    })

    it('--config missing or wrong: 2', async () => {
      const missing = join(root, 'node.conf')
      assertOneLine(await runNode(['--config', missing, '--data-dir', join(root, 'never')]), EXIT_USAGE,
        new RegExp(`^peertrace: cannot read config file ${escape(missing)}: no such file or directory \\(ENOENT\\)$`))
      const bad = join(root, 'bad.conf')
      writeFileSync(bad, 'port = 4001\nneighbours = 9\n')
      assertOneLine(await runNode(['--config', bad, '--data-dir', join(root, 'never')]), EXIT_USAGE,
        new RegExp(`^peertrace: config file ${escape(bad)}: unknown option 'neighbours'$`))
      assert.equal(existsSync(join(root, 'never')), false)
    })
  })
})
