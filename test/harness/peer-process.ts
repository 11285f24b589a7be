// Starts `peertrace node` processes inside lab nodes and follows what they print: the demo and the multi-process
// overlay tests call this, so every peer is a real process on a real (emulated) network.

import './numeric-environment.js'

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ChildProcess } from 'node:child_process'
import type { Family, Lab } from './spec.js'

/** The built CLI, relative to this compiled file (dist/test/harness/ -> dist/src/cli/main.js). */
export const PEERTRACE_CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url))
export const PEER_PORT = 4001
/** The lab's address ranges (harness address plan): peers in a lab may probe them, which no default policy allows. */
export const LAB_TARGET_RANGES = ['198.18.0.0/15', '2001:db8::/32']
/** How long a peer gets to stop on SIGTERM before shutdown() sends SIGKILL. */
const STOP_GRACE_MS = 10_000
/**
 * How long a peer may take to print its listen address: a guard against a hang, not a claim. Eight Node processes
 * starting at once (a round of startSitePeers) beside the suite's other files on a loaded 2-core machine took over
 * 20 s.
 */
const LISTEN_TIMEOUT_MS = 60_000

export interface PeerOptions {
  name?: string
  /** The process's environment (default: this process's, which the harness makes numeric: no reverse DNS). */
  env?: NodeJS.ProcessEnv
  family?: Family
  port?: number
  bootstrap?: string[]
  extraArgs?: string[]
  /** Open the lab's ranges with --allow-target (default true); false leaves the peer on the default policy. */
  labTargets?: boolean
  /** DEBUG scopes for the peer: its debug lines land in PeerProcess.log, and until() sees them. */
  debug?: string
  /** A data dir to reuse (a restart keeps its key, so its peer id); default a new temporary one. */
  dataDir?: string
  /** How long the peer may take to print its listen address (default LISTEN_TIMEOUT_MS; longer on a loaded machine). */
  listenTimeoutMs?: number
}

export class PeerProcess {
  readonly host: string
  readonly name: string
  readonly addr: string
  readonly port: number
  readonly child: ChildProcess
  readonly dataDir: string
  peerId: string | undefined
  neighbours = 0
  /** Its overlay neighbours, as its log's `joined` and `lost` lines say. */
  readonly neighbourIds = new Set<string>()
  private output = ''
  private partial = ''
  private readonly waiters = new Set<() => void>()
  private exited = false

  constructor (host: string, name: string, addr: string, port: number, child: ChildProcess, dataDir: string) {
    this.host = host
    this.name = name
    this.addr = addr
    this.port = port
    this.child = child
    this.dataDir = dataDir
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { this.take(chunk) })
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.output += chunk
      this.wake()
    })
    child.once('exit', () => { this.exited = true; this.wake() })
  }

  /** host:port as the CLI takes it. */
  get address (): string {
    return this.addr.includes(':') ? `[${this.addr}]:${this.port}` : `${this.addr}:${this.port}`
  }

  get log (): string {
    return this.output
  }

  get alive (): boolean {
    return !this.exited
  }

  /** Resolves once `check` holds (re-checked on every line the peer prints); rejects at the deadline or exit. */
  async until (what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
    if (check()) return
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { done(new Error(`${this.name}: no ${what} within ${timeoutMs} ms\n${this.output}`)) }, timeoutMs)
      const waiter = (): void => {
        if (check()) done()
        else if (this.exited) done(new Error(`${this.name} exited before ${what}\n${this.output}`))
      }
      const done = (err?: Error): void => {
        clearTimeout(timer)
        this.waiters.delete(waiter)
        if (err === undefined) resolve()
        else reject(err)
      }
      this.waiters.add(waiter)
    })
  }

  /** Stops the peer by its pid; its data dir goes too unless `keepDataDir` (a restart will reuse it). */
  /** SIGTERM by pid, then SIGKILL if it has not exited within STOP_GRACE_MS: teardown never hangs on a stuck peer. */
  async shutdown (options: { keepDataDir?: boolean } = {}): Promise<void> {
    const stopping = this.stop('SIGTERM', options)
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<'late'>(resolve => { timer = setTimeout(() => { resolve('late') }, STOP_GRACE_MS) })
    try {
      if (await Promise.race([stopping, late]) === 'late') await this.stop('SIGKILL', options)
    } finally {
      clearTimeout(timer)
    }
  }

  async stop (signal: NodeJS.Signals = 'SIGTERM', { keepDataDir = false } = {}): Promise<void> {
    if (!this.exited) {
      const exited = new Promise<void>(resolve => this.child.once('exit', () => { resolve() }))
      this.child.kill(signal)
      await exited
    }
    if (!keepDataDir) rmSync(this.dataDir, { recursive: true, force: true })
  }

  private take (chunk: string): void {
    this.output += chunk
    // Whole lines only: a chunk may end inside one.
    const lines = (this.partial + chunk).split('\n')
    this.partial = lines.pop() ?? ''
    for (const line of lines) {
      const id = /^peertrace node (\S+)/.exec(line)
      if (id !== null) this.peerId = id[1]
      // The running node's log lines start with a timestamp.
      const n = /^(?:\S+ )?neighbours: (\d+)$/.exec(line)
      if (n !== null) this.neighbours = Number(n[1])
      const change = /^\S+ (joined|lost) (\S+): degree \d+$/.exec(line)
      if (change !== null) {
        if (change[1] === 'joined') this.neighbourIds.add(change[2])
        else this.neighbourIds.delete(change[2])
      }
    }
    this.wake()
  }

  private wake (): void {
    for (const waiter of [...this.waiters]) waiter()
  }
}

/** Starts a peer in `host`'s namespace, listening on its lab address; resolves once it listens. */
export async function startPeer (lab: Lab, host: string, options: PeerOptions = {}): Promise<PeerProcess> {
  const family = options.family ?? 4
  const addr = lab.addr(host, family)
  const port = options.port ?? PEER_PORT
  const name = options.name ?? host
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `peertrace-${name}-`))
  const args = [
    process.execPath, PEERTRACE_CLI, 'node', '--host', addr, '--port', String(port), '--name', name, '--data-dir', dataDir,
    ...(options.bootstrap ?? []).flatMap(b => ['--bootstrap', b]),
    ...(options.labTargets === false ? [] : LAB_TARGET_RANGES.flatMap(cidr => ['--allow-target', cidr])),
    ...(options.extraArgs ?? [])
  ]
  const peer = new PeerProcess(host, name, addr, port, lab.spawn(host, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...(options.env ?? process.env), ...(options.debug === undefined ? {} : { DEBUG: options.debug }) }
  }), dataDir)
  await peer.until('listen address', () => peer.log.includes('listening on'), options.listenTimeoutMs ?? LISTEN_TIMEOUT_MS)
  return peer
}

export interface SitePeers {
  /** The first peer (site 1, port PEER_PORT) first, then one round of every site per port. */
  peers: PeerProcess[]
  siteOf: Map<PeerProcess, number>
}

/**
 * `perSite` peers on each of the hosts h1…h<sites> (ports PEER_PORT, PEER_PORT + 1, …), each told only of the first
 * (h1's on PEER_PORT), started a round of one per site at a time; resolves once every one listens. A peer that
 * fails to start takes the ones already started down with it.
 */
export async function startSitePeers (lab: Lab, sites: number, perSite: number, options: Pick<PeerOptions, 'listenTimeoutMs' | 'debug'> = {}): Promise<SitePeers> {
  const peers: PeerProcess[] = []
  const siteOf = new Map<PeerProcess, number>()
  try {
    const first = await startPeer(lab, 'h1', { ...options, name: 'site1-0' })
    peers.push(first)
    siteOf.set(first, 1)
    for (let k = 0; k < perSite; k++) {
      const round = Array.from({ length: sites }, (_, i) => i + 1).filter(site => !(site === 1 && k === 0))
      const started = await Promise.allSettled(round.map(async site => {
        const p = await startPeer(lab, `h${site}`, { ...options, name: `site${site}-${k}`, port: PEER_PORT + k, bootstrap: [first.address] })
        siteOf.set(p, site)
        return p
      }))
      for (const outcome of started) if (outcome.status === 'fulfilled') peers.push(outcome.value)
      const failed = started.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
      if (failed !== undefined) throw failed.reason
    }
  } catch (err) {
    await Promise.allSettled(peers.map(async p => { await p.shutdown() }))
    throw err
  }
  return { peers, siteOf }
}
