// Describes the machine and the tool versions a result came from, so figures can be compared across runs.

import { spawnSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import os from 'node:os'
import type { Lab } from '../../test/harness/index.js'

export interface MachineInfo {
  nproc: number
  cpuModel: string
  memoryGiB: number
  kernel: string
  node: string
  tools: Record<string, string>
  loadAverageAtStart: number[]
  /** The commit benchmarked, and how many files under src/ differ from it (0 = a clean tree). */
  commit: string
  uncommittedSrcFiles: number
}

/** Version commands print nothing to the network; they run in the lab anyway, like every other command here. */
const VERSION_COMMANDS: Record<string, string[]> = {
  traceroute: ['traceroute', '--version'],
  mtr: ['mtr', '--version'],
  scamper: ['scamper', '-v'],
  iptables: ['iptables', '--version']
}

export async function describeMachine (lab: Lab, node: string, repoRoot: string): Promise<MachineInfo> {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8')
  const tools: Record<string, string> = {}
  for (const [name, argv] of Object.entries(VERSION_COMMANDS)) {
    const result = await lab.exec(node, argv)
    tools[name] = `${result.stdout}${result.stderr}`.split('\n')[0].trim()
  }
  return {
    nproc: os.availableParallelism(),
    cpuModel: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
    kernel: os.release(),
    node: process.version,
    tools,
    loadAverageAtStart: os.loadavg(),
    commit: git(repoRoot, ['rev-parse', '--short', 'HEAD']).trim() || 'unknown',
    uncommittedSrcFiles: git(repoRoot, ['status', '--porcelain', '--', 'src']).split('\n').filter(l => l !== '').length
  }
}

function git (repoRoot: string, args: string[]): string {
  return spawnSync('git', ['-C', repoRoot, ...args], { encoding: 'utf8' }).stdout ?? ''
}
