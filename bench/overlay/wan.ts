// The WAN scenario: real `peertrace node` processes on the harness's 8-site emulated WAN (peer i on site
// 1 + i mod 8, joined through a random earlier peer), real probes towards a host of the lab. Per run: one local
// trace (`peertrace probe`) in every site, the three designs asked from the client's site by wan-client.js, and
// `peertrace trace` itself. Every command runs inside a lab namespace; the caller destroys the lab.

import { setTimeout as delay } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { DEFAULT_MIN_NEIGHBOURS } from '../../src/node/constants.js'
import { seededRandom } from '../../test/random/seeded-random.js'
import type { Lab } from '../../test/harness/index.js'
import { PEERTRACE_CLI, PEER_PORT, startPeer, type PeerProcess } from '../../test/harness/peer-process.js'
import {
  DEFAULT_SEED, FORMATION_TIMEOUT_MS, QUIET_MS, SETTLE_MS, WAN_CLI_TIMEOUT_S, WAN_CLIENT_SITE, WAN_COMMAND_TIMEOUT_MS,
  WAN_RUN_PERIOD_MS, WAN_SITES, WAN_TARGET_SITE
} from './constants.js'
import { DESIGNS, type Design } from './designs.js'
import type { WanClientOutput } from './wan-client.js'
import { CLOCK_TICKS_PER_S, cpuTicks, rssMb, withPeersCpu } from './peer-stats.js'

const WAN_CLIENT = fileURLToPath(new URL('./wan-client.js', import.meta.url))

interface LocalProbeRun {
  site: string
  /** The engine's own time for the trace (in-process), and the whole command's. */
  durationMs: number
  wallMs: number
  hops: number
  reached: boolean
}

interface WanDesignRun extends WanClientOutput {
  run: number
  design: Design
  /** CPU time of every peer process over both asks (cold and warm) together. */
  peersCpuMs: number
}

interface CliTraceRun {
  run: number
  /** The whole `peertrace trace` command, as seen from outside. */
  wallMs: number
  /** The summary's durationMs: from the request sent to the summary, without start-up or the dial. */
  summaryMs: number
  answered: number
  peersCpuMs: number
}

export interface WanResult {
  peers: number
  target: string
  clientSite: string
  entry: string
  formationMs: number
  degrees: number[]
  /** Half the sum of the degrees the peers printed last. */
  edges: number
  memory: { formedRssMb: number[], afterRssMb: number[] }
  /** CPU each peer process used from its start until the overlay formed (start-up, joining). */
  startupCpuMs: number[]
  /** CPU an idle peer uses (membership upkeep), as a share of one core, averaged over the peers. */
  idleCpuShare: number
  localProbes: LocalProbeRun[][]
  designs: WanDesignRun[]
  cli: CliTraceRun[]
}

const site = (index: number): string => `h${1 + (index % WAN_SITES)}`

export async function benchWan (lab: Lab, peerCount: number, runs: number): Promise<WanResult> {
  const peers: PeerProcess[] = []
  try {
    const random = seededRandom(DEFAULT_SEED)
    const formationStarted = performance.now()
    const port = (i: number): number => PEER_PORT + Math.floor(i / WAN_SITES)
    const address = (i: number): string => `${lab.addr(site(i), 4)}:${port(i)}`
    const joinThrough = Array.from({ length: peerCount }, (_, i) => Math.floor(random() * i))
    // A batch of one peer per site at a time: the addresses are known beforehand, and a peer whose bootstrap peer
    // is not listening yet simply dials it again.
    for (let batch = 0; batch < peerCount; batch += WAN_SITES) {
      const indices = Array.from({ length: Math.min(WAN_SITES, peerCount - batch) }, (_, k) => batch + k)
      const started = await Promise.allSettled(indices.map(async i => await startPeer(lab, site(i), {
        name: `site${1 + (i % WAN_SITES)}-${port(i)}`, port: port(i), bootstrap: i === 0 ? [] : [address(joinThrough[i] as number)]
      })))
      for (const outcome of started) if (outcome.status === 'fulfilled') peers.push(outcome.value)
      const failed = started.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
      if (failed !== undefined) throw failed.reason
    }
    const minDegree = Math.min(DEFAULT_MIN_NEIGHBOURS, peerCount - 1)
    await Promise.all(peers.map(async p => { await p.until(`${minDegree} neighbours`, () => p.neighbours >= minDegree, FORMATION_TIMEOUT_MS) }))
    const formationMs = performance.now() - formationStarted
    const startupCpuMs = (await Promise.all(peers.map(cpuTicks))).map(ticks => ticks * 1000 / CLOCK_TICKS_PER_S)
    const idle = await withPeersCpu(peers, async () => { await delay(SETTLE_MS) })
    const formedRssMb = await Promise.all(peers.map(rssMb))
    progress(`WAN: ${peerCount} peer processes formed in ${Math.round(formationMs)} ms; degrees ${peers.map(p => p.neighbours).join(',')}`)

    const clientSite = `h${WAN_CLIENT_SITE}`
    const entry = peers[WAN_CLIENT_SITE - 1] as PeerProcess
    const target = lab.addr(`h${WAN_TARGET_SITE}`, 4)
    const addrs = peers.map(fullAddress)
    const localProbes: LocalProbeRun[][] = []
    const designs: WanDesignRun[] = []
    const cli: CliTraceRun[] = []
    // One round of each, not recorded, so that no design pays for the peers' first (unoptimised) flood.
    let roundStarted = performance.now()
    for (const design of DESIGNS) await askFrom(lab, clientSite, design, fullAddress(entry), addrs, target)
    await cliTrace(lab, clientSite, entry.address, target)
    for (let run = 0; run < runs; run++) {
      await delay(Math.max(0, roundStarted + WAN_RUN_PERIOD_MS - performance.now()))
      roundStarted = performance.now()
      const sites = Array.from({ length: WAN_SITES }, (_, i) => `h${i + 1}`)
      const locals: LocalProbeRun[] = []
      for (const s of sites) locals.push(await localProbe(lab, s, target))
      localProbes.push(locals)
      for (const design of DESIGNS) {
        const { value, cpuMs } = await withPeersCpu(peers, async () => await askFrom(lab, clientSite, design, fullAddress(entry), addrs, target))
        designs.push({ run, design, ...value, peersCpuMs: cpuMs })
        await delay(QUIET_MS)
      }
      const { value, cpuMs } = await withPeersCpu(peers, async () => await cliTrace(lab, clientSite, entry.address, target))
      cli.push({ run, ...value, peersCpuMs: cpuMs })
      await delay(QUIET_MS)
      const last = designs.slice(-3).map(d => `${d.design} ${d.cold.lastResultMs.toFixed(0)}/${d.warm.lastResultMs.toFixed(0)} ms` +
        `${d.cold.answered + d.warm.answered < 2 * peerCount ? ` (answered ${d.cold.answered}+${d.warm.answered}, errors ${JSON.stringify(d.warm.errors)})` : ''}`)
      progress(`WAN run ${run + 1}/${runs}: local ${locals.find(l => l.site === clientSite)?.durationMs.toFixed(1)} ms; ` +
        `${last.join(', ')}; cli ${cli[cli.length - 1]?.wallMs.toFixed(0)} ms`)
    }
    for (const p of peers) if (!p.alive) throw new Error(`${p.name} died during the runs:\n${p.log}`)
    return {
      peers: peerCount,
      target,
      clientSite,
      entry: entry.name,
      formationMs: Math.round(formationMs),
      degrees: peers.map(p => p.neighbours),
      edges: peers.reduce((sum, p) => sum + p.neighbours, 0) / 2,
      memory: { formedRssMb, afterRssMb: await Promise.all(peers.map(rssMb)) },
      startupCpuMs,
      idleCpuShare: idle.cpuMs / SETTLE_MS / peerCount,
      localProbes,
      designs,
      cli
    }
  } finally {
    await Promise.all(peers.map(async p => { await p.stop() }))
  }
}

function fullAddress (peer: PeerProcess): string {
  if (peer.peerId === undefined) throw new Error(`${peer.name} did not print its peer id`)
  return `/ip4/${peer.addr}/tcp/${peer.port}/p2p/${peer.peerId}`
}

/** `peertrace probe --json` in one site: what a single local trace costs there. */
async function localProbe (lab: Lab, node: string, target: string): Promise<LocalProbeRun> {
  const { stdout, wallMs } = await timedExec(lab, node, [process.execPath, PEERTRACE_CLI, 'probe', '-M', 'icmp', '--json', target])
  const trace = JSON.parse(stdout) as { durationMs: number, reached: boolean, hops: unknown[] }
  return { site: node, durationMs: trace.durationMs, wallMs, hops: trace.hops.length, reached: trace.reached }
}

async function askFrom (lab: Lab, node: string, design: Design, entry: string, peers: string[], target: string): Promise<WanClientOutput> {
  const argv = [process.execPath, WAN_CLIENT, '--design', design, '--entry', entry, ...peers.flatMap(p => ['--peer', p]), '--target', target]
  const { stdout } = await timedExec(lab, node, argv)
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as WanClientOutput
}

/** `peertrace trace --peer ENTRY TARGET -F json` from the client's site, exactly as a user runs it. */
async function cliTrace (lab: Lab, node: string, entry: string, target: string): Promise<Omit<CliTraceRun, 'run' | 'peersCpuMs'>> {
  const { stdout, wallMs } = await timedExec(lab, node,
    [process.execPath, PEERTRACE_CLI, 'trace', '--peer', entry, target, '-F', 'json', '--timeout', String(WAN_CLI_TIMEOUT_S)])
  const summary = stdout.trim().split('\n').map(line => JSON.parse(line) as { summary?: { durationMs: number, answered: number } })
    .find(line => line.summary !== undefined)?.summary
  if (summary === undefined) throw new Error(`peertrace trace printed no summary:\n${stdout}`)
  return { wallMs, summaryMs: summary.durationMs, answered: summary.answered }
}

async function timedExec (lab: Lab, node: string, argv: string[]): Promise<{ stdout: string, wallMs: number }> {
  const started = performance.now()
  const result = await lab.exec(node, argv, { timeoutMs: WAN_COMMAND_TIMEOUT_MS })
  const wallMs = performance.now() - started
  if (result.code !== 0) throw new Error(`${argv.slice(1, 3).join(' ')} in ${node} exited ${String(result.code ?? result.signal)}: ${result.stderr}`)
  return { stdout: result.stdout, wallMs }
}

function progress (text: string): void {
  process.stderr.write(text + '\n')
}
