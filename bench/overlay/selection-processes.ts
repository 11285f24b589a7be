// What `trace --limit K` costs with real peer processes: 8 × perSite `peertrace node` processes on the emulated
// 8-site WAN (real probes towards a lab host), traces asked by `peertrace trace` from the client's site with no
// selection, then with --limit K for each K. Per trace: the peers that received the request (each peer logs one
// line per request it serves; the others did nothing for it), the results received, and the CPU and bytes written
// (/proc/PID/stat and io: sockets, mostly) of the peers that received it, each above its own idle rate measured
// first; also every site's bytes sent above the idle rate (all interfaces of every site's namespace, the client's
// included), which the membership's upkeep makes noisy. Root only; takes minutes.
//
//   node dist/bench/overlay/selection-processes.js [--per-site 4] [--runs 5] [--limits 1,4] [--idle-s 10]

import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createLab, labPrerequisiteMissing, wan8, type Lab } from '../../test/harness/index.js'
import { PEERTRACE_CLI, startSitePeers, type PeerProcess } from '../../test/harness/peer-process.js'
import { waitFor } from '../../test/node/wait-for.js'
import { assertNoNamespaceLeft, formatLoads } from '../host.js'
import { FORMATION_TIMEOUT_MS, WAN_CLIENT_SITE, WAN_SITES, WAN_TARGET_SITE } from './constants.js'
import { cpuTicks, CLOCK_TICKS_PER_S, writtenBytes } from './peer-stats.js'

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const OUT_FILE = 'bench/out/selection-processes.json'
const TRACE_TIMEOUT_S = 20
/** Between traces: the last ends and closes land, and the next trace's idle share is the usual one. */
const PAUSE_MS = 2_000

interface Sample {
  limit: number | 'all'
  /** Peers whose log shows the request (the entry included). */
  reached: number
  received: number
  ms: number
  /** CPU and bytes written by the peers that received the request, above their idle rates. */
  cpuMs: number
  written: number
  /** Bytes every site sent above the idle rate. */
  siteBytes: number
}

interface PeerUsage { ticks: number, written: number }

async function usage (peers: PeerProcess[]): Promise<PeerUsage[]> {
  return await Promise.all(peers.map(async (peer) => ({ ticks: await cpuTicks(peer), written: await writtenBytes(peer) })))
}

/** Bytes sent on every interface of every site's namespace (loopback included: peers of one site talk over it). */
async function sentBytes (lab: Lab): Promise<number> {
  let total = 0
  for (let site = 1; site <= WAN_SITES; site++) {
    const run = await lab.exec(`h${site}`, ['cat', '/proc/net/dev'])
    for (const line of run.stdout.split('\n').slice(2)) {
      const fields = line.split(':')[1]?.trim().split(/\s+/)
      if (fields !== undefined && fields.length >= 9) total += Number(fields[8])
    }
  }
  return total
}

async function main (): Promise<void> {
  const { values } = parseArgs({
    options: {
      'per-site': { type: 'string', default: '4' },
      runs: { type: 'string', default: '5' },
      limits: { type: 'string', default: '1,4' },
      'idle-s': { type: 'string', default: '10' }
    }
  })
  const perSite = Number(values['per-site'])
  const runs = Number(values.runs)
  const limits: Array<number | 'all'> = ['all', ...(values.limits ?? '').split(',').map(Number)]
  const idleMs = Number(values['idle-s']) * 1000
  const missing = labPrerequisiteMissing()
  if (missing !== null) throw new Error(`cannot build labs: ${missing}`)
  const date = new Date().toISOString()
  const lab = await createLab(wan8())
  let peers: PeerProcess[] = []
  try {
    peers = (await startSitePeers(lab, WAN_SITES, perSite, { listenTimeoutMs: 60_000 })).peers
    const entry = peers[0] as PeerProcess
    const n = peers.length
    const listPeers = async (): Promise<number> => {
      const run = await lab.exec('h1', [process.execPath, PEERTRACE_CLI, 'peers', '--peer', entry.address, '--json'], { timeoutMs: 30_000 })
      return run.code === 0 ? (JSON.parse(run.stdout) as unknown[]).length : 0
    }
    const formedMs = await waitFor(async () => await listPeers() === n, { timeoutMs: FORMATION_TIMEOUT_MS, intervalMs: 2000, what: 'the entry to know every vantage point' })
    process.stderr.write(`${n} peers; the entry knew every one ${Math.round(formedMs)} ms after the last started\n`)
    await delay(5_000)
    const idleBytes0 = await sentBytes(lab)
    const idleFrom = await usage(peers)
    await delay(idleMs)
    const idleTo = await usage(peers)
    const idleBytesPerMs = (await sentBytes(lab) - idleBytes0) / idleMs
    // Per peer: CPU ms and bytes written per ms of idle.
    const idleRates = idleTo.map((to, i) => ({
      cpu: (to.ticks - (idleFrom[i] as PeerUsage).ticks) * 1000 / CLOCK_TICKS_PER_S / idleMs,
      written: (to.written - (idleFrom[i] as PeerUsage).written) / idleMs
    }))
    const idleCpuPerMs = idleRates.reduce((sum, r) => sum + r.cpu, 0)
    process.stderr.write(`idle: ${(idleCpuPerMs * 1000).toFixed(0)} ms CPU/s over all peers, ${(idleBytesPerMs * 1000 / 1024).toFixed(0)} KiB/s sent\n`)
    const target = lab.addr(`h${WAN_TARGET_SITE}`, 4)
    const samples: Sample[] = []
    for (let run = 0; run < runs; run++) {
      for (const limit of limits) {
        const offset = entry.log.length
        const bytes0 = await sentBytes(lab)
        const from = await usage(peers)
        const started = performance.now()
        const traced = await lab.exec(`h${WAN_CLIENT_SITE}`, [
          process.execPath, PEERTRACE_CLI, 'trace', '--peer', entry.address, target, '--format', 'json', '--timeout', String(TRACE_TIMEOUT_S),
          ...(limit === 'all' ? [] : ['--limit', String(limit)])
        ], { timeoutMs: TRACE_TIMEOUT_S * 1000 + 30_000 })
        if (traced.code !== 0) throw new Error(`trace --limit ${limit} exited ${String(traced.code)}: ${traced.stderr}`)
        const received = traced.stdout.split('\n').filter((line) => line.startsWith('{') && !line.startsWith('{"summary"')).length
        const line = /^\S+ trace ([0-9a-f]{32}) from /m
        await entry.until('its line for the trace', () => line.test(entry.log.slice(offset)), 10_000)
        const id = (line.exec(entry.log.slice(offset)) as RegExpExecArray)[1] as string
        // The last ends and closes land.
        await delay(PAUSE_MS)
        const to = await usage(peers)
        const ms = performance.now() - started
        const bytes = await sentBytes(lab) - bytes0
        const reachedAt = peers.map((peer, i) => i === 0 || peer.log.includes(`serving trace ${id} `))
        let cpuMs = 0
        let written = 0
        peers.forEach((_, i) => {
          if (!(reachedAt[i] as boolean)) return
          const rate = idleRates[i] as { cpu: number, written: number }
          cpuMs += ((to[i] as PeerUsage).ticks - (from[i] as PeerUsage).ticks) * 1000 / CLOCK_TICKS_PER_S - rate.cpu * ms
          written += (to[i] as PeerUsage).written - (from[i] as PeerUsage).written - rate.written * ms
        })
        const sample: Sample = {
          limit, reached: reachedAt.filter(Boolean).length, received, ms: Math.round(ms - PAUSE_MS),
          cpuMs: Math.round(cpuMs), written: Math.round(written), siteBytes: Math.round(bytes - idleBytesPerMs * ms)
        }
        samples.push(sample)
        process.stderr.write(`run ${run + 1} K=${String(limit)}: ${JSON.stringify(sample)}\n`)
      }
    }
    const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] as number }
    console.log(`${n} peer processes on the 8-site WAN, ${runs} runs each, medians [range]; above the idle rates ` +
      `(all peers: ${(idleCpuPerMs * 1000).toFixed(0)} ms CPU/s, sites: ${(idleBytesPerMs * 1000 / 1024).toFixed(0)} KiB/s sent)`)
    console.log('| K | peers reached | results received | CPU of the peers reached | bytes they wrote | bytes all sites sent | trace (client start included) |')
    console.log('| --- | --- | --- | --- | --- | --- | --- |')
    for (const limit of limits) {
      const mine = samples.filter((s) => s.limit === limit)
      const m = (key: keyof Omit<Sample, 'limit'>): number => median(mine.map((s) => s[key]))
      const range = (key: keyof Omit<Sample, 'limit'>, unit: number): string => {
        const xs = mine.map((s) => s[key] / unit)
        return `[${Math.min(...xs).toFixed(0)}, ${Math.max(...xs).toFixed(0)}]`
      }
      console.log(`| ${String(limit)} | ${m('reached')} | ${m('received')} | ${m('cpuMs')} ms ${range('cpuMs', 1)} | ` +
        `${(m('written') / 1024).toFixed(0)} KiB ${range('written', 1024)} | ${(m('siteBytes') / 1024).toFixed(0)} KiB ${range('siteBytes', 1024)} | ${m('ms')} ms |`)
    }
    const out = join(REPO_ROOT, OUT_FILE)
    await mkdir(dirname(out), { recursive: true })
    await writeFile(out, JSON.stringify({ date, peers: n, runs, idleCpuPerS: idleCpuPerMs * 1000, idleBytesPerS: idleBytesPerMs * 1000, load: formatLoads(os.loadavg()), samples }, null, 2) + '\n')
    console.log(`wrote ${out}`)
  } finally {
    await Promise.allSettled(peers.map(async (p) => { await p.shutdown() }))
    await lab.destroy()
  }
  assertNoNamespaceLeft()
}

await main()
