// Turns the runs into medians, the flood's ratios to the two baselines, and the verdicts on the project's goals.

import { stats, type Stats } from '../probe/summary.js'
import { MERGE_FACTOR, MERGE_SLACK_MS, MESSAGES_PER_EDGE_GOAL } from './constants.js'
import { DESIGNS, type AskTiming, type Design } from './designs.js'
import { randomGraphDepths } from './graph.js'
import type { InProcessResult } from './inprocess.js'
import type { WanResult } from './wan.js'

/** What every design's summary has, in-process or on the WAN. */
interface CommonSummary {
  runs: number
  /** Runs in which every peer answered with a trace, cold and warm. */
  complete: number
  /** Time to the last result, with the client's dials timed (cold) or its connections open (warm). */
  coldMs: Stats
  warmMs: Stats
}

interface DesignSummary extends CommonSummary {
  messages: Stats
  requests: Stats
  results: Stats
  ends: Stats
  warmCpuMs: Stats
}

export interface SizeSummary {
  peers: number
  edges: Stats
  meanDegree: number
  maxDepth: Stats
  /** The same entries' depths in a uniformly random graph of as many peers and edges. */
  randomGraphDepth: Stats
  formationMs: number
  rssPerPeerMb: number
  heapPerPeerMb: number
  peakRssMb: number
  designs: Record<Design, DesignSummary>
  /** Flood median ÷ baseline median (time to the last result). */
  ratios: { warmVsSequential: number, warmVsParallel: number, coldVsSequential: number, coldVsParallel: number }
  /** Flood messages ÷ (overlay edges + the client's link); the goal is at most MESSAGES_PER_EDGE_GOAL. */
  messagesPerEdge: number
  messagesGoalMet: boolean
}

export function summariseSize (result: InProcessResult): SizeSummary {
  const designs = perDesign(result.runs, (runs): DesignSummary => ({
    ...common(runs, result.peers),
    messages: stats(runs.map(run => run.warm.messages.total)),
    requests: stats(runs.map(run => run.warm.messages.requests)),
    results: stats(runs.map(run => run.warm.messages.results)),
    ends: stats(runs.map(run => run.warm.messages.ends)),
    warmCpuMs: stats(runs.map(run => run.warm.cpuMs))
  }))
  const floodRuns = result.runs.filter(run => run.design === 'flood')
  const edges = stats(floodRuns.map(run => run.edges))
  // Per run, against the edges of that run's overlay: the overlay may gain an edge between runs.
  const messagesPerEdge = stats(floodRuns.map(run => run.warm.messages.total / (run.edges + 1))).median
  const { flood, sequential, parallel } = designs
  return {
    peers: result.peers,
    edges,
    meanDegree: result.meanDegree,
    maxDepth: stats(floodRuns.map(run => run.maxDepth)),
    randomGraphDepth: stats(randomGraphDepths(result.peers, Math.round(edges.median), floodRuns.length, result.seed)),
    formationMs: result.formationMs,
    rssPerPeerMb: result.memory.rssPerPeerMb,
    heapPerPeerMb: result.memory.heapPerPeerMb,
    peakRssMb: result.memory.peakRssMb,
    designs,
    ratios: {
      warmVsSequential: flood.warmMs.median / sequential.warmMs.median,
      warmVsParallel: flood.warmMs.median / parallel.warmMs.median,
      coldVsSequential: flood.coldMs.median / sequential.coldMs.median,
      coldVsParallel: flood.coldMs.median / parallel.coldMs.median
    },
    messagesPerEdge,
    messagesGoalMet: messagesPerEdge <= MESSAGES_PER_EDGE_GOAL
  }
}

interface WanDesignSummary extends CommonSummary {
  slowestProbeMs: Stats
  /** CPU of every peer process per trace (the cold and warm asks' total, halved). */
  peersCpuMs: Stats
}

export interface WanSummary {
  peers: number
  edges: number
  /** One local trace in the client's site, and the slowest site's local trace (median over runs). */
  localMs: Stats
  localWallMs: Stats
  slowestLocalMs: Stats
  designs: Record<Design, WanDesignSummary>
  cliWallMs: Stats
  cliSummaryMs: Stats
  cliPeersCpuMs: Stats
  rssPerPeerMb: Stats
  startupCpuMs: Stats
  idleCpuShare: number
  formationMs: number
  goal: {
    /** MERGE_FACTOR x one local trace + MERGE_SLACK_MS, in-process figures: the flood's (cold) time must stay under it. */
    boundMs: number
    floodMs: number
    met: boolean
    /** The same for whole commands: `peertrace trace` against `peertrace probe`. */
    cliBoundMs: number
    cliMs: number
    cliMet: boolean
  }
}

export function summariseWan (result: WanResult): WanSummary {
  const designs = perDesign(result.designs, (runs): WanDesignSummary => ({
    ...common(runs, result.peers),
    slowestProbeMs: stats(runs.map(run => Math.max(run.cold.slowestProbeMs, run.warm.slowestProbeMs))),
    peersCpuMs: stats(runs.map(run => run.peersCpuMs / 2))
  }))
  const local = result.localProbes.map(runs => runs.find(run => run.site === result.clientSite))
    .filter((run): run is NonNullable<typeof run> => run !== undefined)
  const localMs = stats(local.map(run => run.durationMs))
  const localWallMs = stats(local.map(run => run.wallMs))
  const cliWallMs = stats(result.cli.map(run => run.wallMs))
  const boundMs = MERGE_FACTOR * localMs.median + MERGE_SLACK_MS
  const cliBoundMs = MERGE_FACTOR * localWallMs.median + MERGE_SLACK_MS
  return {
    peers: result.peers,
    edges: result.edges,
    localMs,
    localWallMs,
    slowestLocalMs: stats(result.localProbes.map(runs => Math.max(...runs.map(run => run.durationMs)))),
    designs,
    cliWallMs,
    cliSummaryMs: stats(result.cli.map(run => run.summaryMs)),
    cliPeersCpuMs: stats(result.cli.map(run => run.peersCpuMs)),
    rssPerPeerMb: stats(result.memory.afterRssMb),
    startupCpuMs: stats(result.startupCpuMs),
    idleCpuShare: result.idleCpuShare,
    formationMs: result.formationMs,
    goal: {
      boundMs,
      floodMs: designs.flood.coldMs.median,
      met: designs.flood.coldMs.median <= boundMs,
      cliBoundMs,
      cliMs: cliWallMs.median,
      cliMet: cliWallMs.median <= cliBoundMs
    }
  }
}

/** One summary per design, from that design's runs. */
function perDesign<R extends { design: Design }, T> (runs: R[], summarise: (runs: R[]) => T): Record<Design, T> {
  return Object.fromEntries(DESIGNS.map(design => [design, summarise(runs.filter(run => run.design === design))])) as Record<Design, T>
}

function common (runs: Array<{ cold: AskTiming, warm: AskTiming }>, peers: number): CommonSummary {
  return {
    runs: runs.length,
    complete: runs.filter(run => run.cold.answered === peers && run.warm.answered === peers).length,
    coldMs: stats(runs.map(run => run.cold.lastResultMs)),
    warmMs: stats(runs.map(run => run.warm.lastResultMs))
  }
}
