// `npm run bench:annotate`: how long `--asn-db` takes to read an iptoasn-sized file, and to look addresses up in it.
// The file is synthetic and the same every run (500,000 IPv4 ranges, 150,000 IPv6, AS rows repeating as in
// iptoasn's), written to a temporary directory; nothing touches a network.
//
//   node dist/bench/annotate/run.js [--runs N]

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { AsnDatabase } from '../../src/annotate/asn-db.js'
import { benchArgs, positiveInteger, runBench } from '../cli.js'

const DEFAULT_RUNS = 5
const USAGE = `usage: node dist/bench/annotate/run.js [--runs N]
  --runs N   loads and lookup rounds of the synthetic file (default ${DEFAULT_RUNS})`
const V4_RANGES = 500_000
const V6_RANGES = 150_000
/** Consecutive ranges of one AS row, on average (iptoasn: about 6 ranges per distinct row). */
const RANGES_PER_ROW = 6
const LOOKUPS = 100_000

function v4 (n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}

function syntheticFile (): string {
  const lines: string[] = []
  let at = 1 << 24
  for (let i = 0; i < V4_RANGES; i++) {
    const size = 256 + (i * 7919) % 4096
    const row = Math.floor(i / RANGES_PER_ROW)
    lines.push(`${v4(at)}\t${v4(at + size - 1)}\t${(row % 60_000) + 1}\tUS\tAS-NAME-${row % 60_000} Example Networks, Inc.`)
    at += size + (i % 3 === 0 ? 0 : 256)
  }
  for (let i = 0; i < V6_RANGES; i++) {
    const prefix = `2001:${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}`
    const row = Math.floor(i / RANGES_PER_ROW)
    lines.push(`${prefix}::\t${prefix}:ffff:ffff:ffff:ffff:ffff\t${(row % 60_000) + 1}\tDE\tV6-NAME-${row % 60_000}`)
  }
  return lines.join('\n') + '\n'
}

async function main (): Promise<void> {
  const values = benchArgs(USAGE, { runs: { type: 'string' } })
  const runs = positiveInteger('--runs', values.runs, DEFAULT_RUNS)
  const dir = mkdtempSync(join(os.tmpdir(), 'peertrace-bench-asn-'))
  try {
    const file = join(dir, 'ip2asn-combined.tsv')
    writeFileSync(file, syntheticFile())
    const bytes = statSync(file).size
    console.log(`${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}, node ${process.version}, load average ${os.loadavg().map(l => l.toFixed(2)).join(' ')}`)
    console.log(`file: ${V4_RANGES + V6_RANGES} ranges, ${(bytes / 1e6).toFixed(1)} MB\n`)
    console.log('| run | load (ms) | 100,000 IPv4 lookups (ms) | 100,000 IPv6 lookups (ms) |')
    console.log('| --- | --- | --- | --- |')
    for (let run = 1; run <= runs; run++) {
      const t0 = performance.now()
      const db = await AsnDatabase.load(file)
      const t1 = performance.now()
      let found = 0
      for (let i = 0; i < LOOKUPS; i++) if (db.lookup(v4((1 << 24) + i * 9973)) !== undefined) found++
      const t2 = performance.now()
      for (let i = 0; i < LOOKUPS; i++) if (db.lookup(`2001:${((i * 7) >> 16).toString(16)}:${((i * 7) & 0xffff).toString(16)}::1`) !== undefined) found++
      const t3 = performance.now()
      if (found === 0) throw new Error('no lookup found anything: the synthetic file is wrong')
      console.log(`| ${run} | ${(t1 - t0).toFixed(0)} | ${(t2 - t1).toFixed(0)} | ${(t3 - t2).toFixed(0)} |`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await runBench('bench:annotate', main)
