// One run of the membership benchmark: real `peertrace node` processes, `perSite` on each wan8 site, each told only
// of the first. Formation, a split of the core and its healing, then churn (the first peer and a quarter of the rest
// SIGKILLed while a trace runs, restarted later with their data dirs and a bootstrap list naming only a dead peer).
// Every command runs inside a lab namespace; the caller destroys the lab.

import { setTimeout as delay } from 'node:timers/promises'
import { DEFAULT_MIN_NEIGHBOURS } from '../../src/node/constants.js'
import { WAN8_CORE, wan8Half, type Lab } from '../../test/harness/index.js'
import { connected, cutVertices, degreeList } from '../../test/harness/overlay-graph.js'
import { splitNetwork } from '../../test/harness/partition.js'
import { PEER_PORT, startPeer, startSitePeers, type PeerProcess } from '../../test/harness/peer-process.js'
import { waitFor } from '../../test/node/wait-for.js'
import { parseTraceJson, runTrace } from '../../test/overlay/trace-client-runner.js'
import { seededRandom } from '../../test/random/seeded-random.js'
import {
  CHURN_FULL_TRACES, MEMBERSHIP_IDLE_MS, MEMBERSHIP_LISTEN_TIMEOUT_MS, MEMBERSHIP_PHASE_TIMEOUT_MS, MEMBERSHIP_TRACE_PAUSE_MS,
  MEMBERSHIP_TRACE_TIMEOUT_S, PARTITION_MS, WAN_SITES
} from './constants.js'
import { rssMb, withPeersCpu } from './peer-stats.js'

/** One trace of a phase: when it ended, and who answered out of whom it should have reached. */
export interface TraceSample {
  /** When the client started and when it ended, in ms since the phase's event (the split lifted, the kill). */
  startedMs?: number
  atMs: number
  entry: string
  answered: number
  expected: number
  exitCode: number | null
  /** Why the ones that did not answer did not, as the summary says (reason: how many), or the client's error. */
  failed?: Record<string, number>
}

export interface MembershipRun {
  peers: number
  run: number
  /** First peer started -> last peer listening. */
  startMs: number
  /** Last peer listening -> every peer at --min-neighbours; null: not within the phase timeout. */
  formationMs: number | null
  /** Last peer listening -> the logs' graph connected with no cut vertex. */
  noCutVertexMs: number | null
  /** After MEMBERSHIP_IDLE_MS more. */
  formedDegrees: number[]
  /** CPU an idle formed peer uses, as a share of one core (mean over the peers), and its resident memory. */
  idleCpuShare: number
  rssMb: number[]
  partition: {
    /** Each half connected by itself (the logs' graph) before the split was lifted. */
    halvesConnected: boolean
    /** Split lifted -> the logs' graph connected again. */
    mergedMs: number | null
    /** Split lifted -> a trace from each side answered by every peer (the end of that pair of traces). */
    healedMs: number | null
    traces: TraceSample[]
    degrees: number[]
  }
  churn: {
    killed: number
    survivors: number
    /** The trace running while the victims were killed. */
    during: TraceSample
    /** Traces from survivors after the kill, until CHURN_FULL_TRACES in a row reached every survivor. */
    later: TraceSample[]
    /** Kill -> the survivors' graph connected (first looked at when the trace during the kill has ended). */
    survivorsConnectedMs: number | null
    /** Last restarted peer listening -> every restarted peer at --min-neighbours, and the whole graph connected. */
    rejoinMs: number | null
    rejoinConnectedMs: number | null
    /** A trace from a restarted peer once they rejoined. */
    final: TraceSample
    degrees: number[]
  }
}

export async function benchMembership (lab: Lab, perSite: number, run: number, seed: number): Promise<MembershipRun> {
  const everyPeer: PeerProcess[] = []
  const minDegree = DEFAULT_MIN_NEIGHBOURS
  const phase = async (condition: () => boolean, what: string, peers: PeerProcess[]): Promise<number | null> =>
    await waitFor(condition, { timeoutMs: MEMBERSHIP_PHASE_TIMEOUT_MS, what, intervalMs: 100 })
      .catch((err: Error) => { progress(`  ${err.message}; degrees ${degreeList(peers)}`); return null })
  try {
    const started = performance.now()
    const { peers, siteOf } = await startSitePeers(lab, WAN_SITES, perSite, { listenTimeoutMs: MEMBERSHIP_LISTEN_TIMEOUT_MS })
    everyPeer.push(...peers)
    const listening = performance.now()
    const formationMs = await phase(() => peers.every(p => p.neighbours >= minDegree), `every peer at ${minDegree} neighbours`, peers)
    const noCutVertex = await phase(() => connected(peers) && cutVertices(peers).length === 0, 'no cut vertex', peers)
    const formation = {
      formationMs: formationMs === null ? null : Math.round(formationMs),
      noCutVertexMs: noCutVertex === null ? null : Math.round(performance.now() - listening)
    }
    const idle = await withPeersCpu(peers, async () => { await delay(MEMBERSHIP_IDLE_MS) })
    const formedDegrees = peers.map(p => p.neighbours)
    const rss = await Promise.all(peers.map(rssMb))
    progress(`  ${peers.length} peers: listening after ${Math.round(listening - started)} ms, formed ${formation.formationMs} ms later, ` +
      `no cut vertex at ${formation.noCutVertexMs} ms; degrees ${formedDegrees.join(',')}`)

    const partition = await partitionPhase(lab, peers, siteOf)
    const churn = await churnPhase(lab, peers, siteOf, perSite, seed, everyPeer)
    return {
      peers: peers.length,
      run,
      startMs: Math.round(listening - started),
      ...formation,
      formedDegrees,
      idleCpuShare: idle.cpuMs / MEMBERSHIP_IDLE_MS / peers.length,
      rssMb: rss,
      partition,
      churn
    }
  } finally {
    await Promise.allSettled(everyPeer.map(async p => { await p.shutdown() }))
  }
}

async function partitionPhase (lab: Lab, peers: PeerProcess[], siteOf: Map<PeerProcess, number>): Promise<MembershipRun['partition']> {
  const sides = [0, 1].map(side => peers.filter(p => wan8Half(siteOf.get(p) ?? 0) === side))
  const addrs = sides.map(side => [...new Set(side.map(p => p.addr))])
  const lift = await splitNetwork(lab, WAN8_CORE, addrs[0] as string[], addrs[1] as string[])
  let halvesConnected = false
  try {
    await delay(PARTITION_MS)
    halvesConnected = sides.every(side => connected(side))
  } finally {
    await lift()
  }
  const lifted = performance.now()
  const merging = waitFor(() => connected(peers), { timeoutMs: MEMBERSHIP_PHASE_TIMEOUT_MS, what: 'merged', intervalMs: 100 })
    .catch(() => null)
  const traces: TraceSample[] = []
  let healedMs: number | null = null
  for (let attempt = 0; healedMs === null && performance.now() - lifted < MEMBERSHIP_PHASE_TIMEOUT_MS; attempt++) {
    // A different entry and target each time: no peer's per-origin or per-target budget runs out.
    const pair = await Promise.all(sides.map(async side => await sample(lab, side[attempt % side.length] as PeerProcess, peers, attempt, lifted)))
    traces.push(...pair)
    if (pair.every(t => t.answered === peers.length)) healedMs = Math.round(performance.now() - lifted)
    else await delay(MEMBERSHIP_TRACE_PAUSE_MS)
  }
  const mergedMs = await merging
  progress(`  partition: halves connected ${String(halvesConnected)}; merged ${ms(mergedMs)}, traces answered by all ${ms(healedMs)} ` +
    `after the lift (${traces.length} traces); degrees ${degreeList(peers)}`)
  return { halvesConnected, mergedMs: mergedMs === null ? null : Math.round(mergedMs), healedMs, traces, degrees: peers.map(p => p.neighbours) }
}

async function churnPhase (lab: Lab, peers: PeerProcess[], siteOf: Map<PeerProcess, number>, perSite: number, seed: number,
  everyPeer: PeerProcess[]): Promise<MembershipRun['churn']> {
  const random = seededRandom(seed)
  const others = peers.slice(1).map(p => ({ p, key: random() })).sort((a, b) => a.key - b.key).map(({ p }) => p)
  const victims = [peers[0] as PeerProcess, ...others.slice(0, Math.floor(peers.length / 4) - 1)]
  const survivors = peers.filter(p => !victims.includes(p))
  const entry = survivors[0] as PeerProcess
  const killed = performance.now()
  // Killed while a trace runs: what it reports is recorded, whatever it is.
  const tracing = sample(lab, entry, survivors, 0, killed)
  await Promise.all(victims.map(async p => { await p.stop('SIGKILL', { keepDataDir: true }) }))
  const during = await tracing
  // First looked at once that trace has ended: an overlay connected then reads as connected 2-3 s after the kill.
  const connecting = waitFor(() => connected(survivors), { timeoutMs: MEMBERSHIP_PHASE_TIMEOUT_MS, what: 'survivors connected', intervalMs: 100 })
    .then(() => performance.now() - killed, () => null)
  const later: TraceSample[] = []
  let fullInARow = 0
  for (let i = 1; fullInARow < CHURN_FULL_TRACES && performance.now() - killed < MEMBERSHIP_PHASE_TIMEOUT_MS; i++) {
    const t = await sample(lab, survivors[(i * 7) % survivors.length] as PeerProcess, survivors, i, killed)
    later.push(t)
    fullInARow = t.answered === survivors.length ? fullInARow + 1 : 0
    if (fullInARow < CHURN_FULL_TRACES) await delay(MEMBERSHIP_TRACE_PAUSE_MS)
  }
  const survivorsConnected = await connecting

  // Back with their data dirs, told only of a peer that is not there: they rejoin through what they remembered.
  const dead = `${lab.addr('h1', 4)}:${PEER_PORT + perSite}`
  const back = await Promise.all(victims.map(async old => {
    const p = await startPeer(lab, old.host, {
      name: old.name, port: old.port, bootstrap: [dead], dataDir: old.dataDir, listenTimeoutMs: MEMBERSHIP_LISTEN_TIMEOUT_MS
    })
    siteOf.set(p, siteOf.get(old) ?? 1)
    // The old process's teardown would remove the data dir the new one runs on.
    everyPeer.splice(everyPeer.indexOf(old), 1, p)
    return p
  }))
  const restarted = performance.now()
  const all = [...survivors, ...back]
  const phaseMs = async (condition: () => boolean, what: string): Promise<number | null> =>
    await waitFor(condition, { timeoutMs: MEMBERSHIP_PHASE_TIMEOUT_MS, what, intervalMs: 100 })
      .then(Math.round, () => { progress(`  no ${what}; degrees ${degreeList(all)}`); return null })
  const rejoinMs = await phaseMs(() => back.every(p => p.neighbours >= DEFAULT_MIN_NEIGHBOURS), 'restarted peers at min neighbours')
  const connectedMs = await phaseMs(() => connected(all), 'graph connected after the restart')
  const rejoinConnectedMs = connectedMs === null ? null : Math.round(performance.now() - restarted)
  const final = await sample(lab, back[1] ?? back[0] as PeerProcess, all, 0, restarted)
  const laterFull = later.find(t => t.answered === t.expected)
  progress(`  churn: killed ${victims.length}; the trace meanwhile answered ${during.answered}/${survivors.length}; later traces ` +
    `${later.map(t => t.answered).join(',')} of ${survivors.length} (first full at ${ms(laterFull?.atMs ?? null)}); survivors connected ` +
    `${ms(survivorsConnected)}; restarted at ${DEFAULT_MIN_NEIGHBOURS} neighbours ${ms(rejoinMs)}, connected ${ms(rejoinConnectedMs)}; ` +
    `final trace ${final.answered}/${all.length}; degrees ${degreeList(all)}`)
  return {
    killed: victims.length,
    survivors: survivors.length,
    during,
    later,
    survivorsConnectedMs: survivorsConnected === null ? null : Math.round(survivorsConnected),
    rejoinMs,
    rejoinConnectedMs,
    final,
    degrees: all.map(p => p.neighbours)
  }
}

/** One `peertrace trace` through `entry` towards site i's host; answered counts the peers of `expected` only. */
async function sample (lab: Lab, entry: PeerProcess, expected: PeerProcess[], i: number, since: number): Promise<TraceSample> {
  const target = lab.addr(`h${1 + (i % WAN_SITES)}`, 4)
  const startedMs = Math.round(performance.now() - since)
  const run = await runTrace(lab, entry.host, entry, target, { timeoutS: MEMBERSHIP_TRACE_TIMEOUT_S })
  const ids = new Set(expected.map(p => p.peerId))
  let answered = 0
  const failed: Record<string, number> = {}
  try {
    const { results, summary } = parseTraceJson(run.stdout)
    answered = results.filter(r => ids.has(r.peer)).length
    for (const f of summary.failed) failed[f.reason] = (failed[f.reason] ?? 0) + 1
    if (summary.incomplete === true) failed.incomplete = 1
  } catch {
    // No summary (the entry died, or the client timed out): nobody counted.
    failed[run.stderr.trim().split('\n')[0] ?? 'no output'] = 1
  }
  return {
    startedMs, atMs: Math.round(performance.now() - since), entry: entry.name, answered, expected: expected.length, exitCode: run.code,
    ...(Object.keys(failed).length > 0 ? { failed } : {})
  }
}

function ms (value: number | null): string {
  return value === null ? 'never' : `${Math.round(value)} ms`
}

function progress (text: string): void {
  process.stderr.write(text + '\n')
}
