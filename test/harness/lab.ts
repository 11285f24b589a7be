// The Lab: builds a topology's namespaces, veths, addresses and routes, answers ground-truth questions, runs
// commands inside its namespaces, and tears all of it down. createLab() is the only way to get one.

import { randomBytes } from 'node:crypto'
import { spawn } from 'node:child_process'
import type { ChildProcess, SpawnOptions } from 'node:child_process'
import { logger } from '@libp2p/logger'
import { Queue } from '@libp2p/utils'
import { AddressPlan } from './address-plan.js'
import { deleteNamespaces, sweepStaleNamespaces, track, untrack } from './cleanup.js'
import type { LiveLab, TrackedChild } from './cleanup.js'
import {
  DEFAULT_EXEC_TIMEOUT_MS, KILL_GRACE_MS, LAB_BUILDS_AT_ONCE, LAB_ID_RANDOM_BYTES, LINKS_READY_TIMEOUT_MS,
  NAMESPACE_PREFIX, SETUP_STEP_TIMEOUT_MS
} from './constants.js'
import { HarnessError } from './errors.js'
import { groundTruth, singlePath } from './ground-truth.js'
import { addressOfName, traceTruth } from './trace-truth.js'
import type { TruthContext } from './trace-truth.js'
import { addressRouteBatch, createsVeths, sysctlScript, vethBatch } from './node-config.js'
import { awaitLinksReady } from './readiness.js'
import { RoutingTable } from './routing.js'
import { killGroup, runCommand, runSetupStep } from './run-command.js'
import type {
  ExecOptions, ExecResult, Family, GroundTruth, Lab, TopologySpec, TraceTruth, TruthOptions
} from './spec.js'
import { interfaceName, nodeOf, parseTopology, peerOf } from './topology.js'
import type { Topology } from './topology.js'

const log = logger('peertrace:harness')
/** How soon, and at most how often, teardown re-checks that a killed process group is gone. */
const GROUP_RECHECK_FIRST_MS = 1
const GROUP_RECHECK_MAX_MS = 50
/** The labs of this process being built; the rest wait their turn (LAB_BUILDS_AT_ONCE). */
const builds = new Queue<void>({ concurrency: LAB_BUILDS_AT_ONCE })

export async function createLab (spec: TopologySpec): Promise<Lab> {
  // Everything that can be wrong with the description fails here, before a single namespace exists.
  const topology = parseTopology(spec)
  const plan = new AddressPlan(topology)
  const routes = new RoutingTable(topology)
  const swept = await sweepStaleNamespaces()
  if (swept.length > 0) log('deleted %d stale namespaces of dead runs', swept.length)

  const id = `${NAMESPACE_PREFIX}${process.pid}x${randomBytes(LAB_ID_RANDOM_BYTES).toString('hex')}`
  const lab = new NamespaceLab(id, { topology, plan, routes })
  track(lab)
  const started = performance.now()
  try {
    await builds.add(async () => { await lab.build() })
  } catch (error) {
    await lab.destroy()
    throw error
  }
  log('lab %s: %d namespaces in %d ms', id, topology.nodes.size, Math.round(performance.now() - started))
  return lab
}

class NamespaceLab implements Lab, LiveLab {
  readonly id: string
  readonly namespaces: readonly string[]
  readonly children = new Set<TrackedChild>()
  private readonly context: TruthContext
  private destroying: Promise<void> | undefined

  constructor (id: string, context: TruthContext) {
    this.id = id
    this.context = context
    this.namespaces = [...context.topology.nodes.keys()].map(node => this.namespaceName(node))
  }

  ns (node: string): string {
    nodeOf(this.topology.nodes, node)
    return this.namespaceName(node)
  }

  addr (name: string, family: Family): string {
    const address = addressOfName(this.context, name, family)
    if (address === undefined) throw new HarnessError('E_UNKNOWN_NODE', `the lab has no node, alias or prefix "${name}"`)
    return address
  }

  linkAddr (node: string, peer: string, family: Family): string {
    const self = nodeOf(this.topology.nodes, node)
    const link = self.links.map(index => this.topology.links[index]).find(l => peerOf(l, node) === peer)
    if (link === undefined) throw new HarnessError('E_TOPOLOGY', `${node} has no link to ${peer}`)
    return this.context.plan.address(link, node, family)
  }

  traceTruth (from: string, to: string, family: Family, options: TruthOptions): TraceTruth {
    return traceTruth(this.context, from, to, family, options)
  }

  unreachableTarget (router: string, family: Family): string {
    return this.context.plan.unreachableTarget(router, family)
  }

  truth (from: string, to: string, family: Family): GroundTruth {
    return groundTruth(this.context, from, to, family)
  }

  path (from: string, to: string, family: Family): string[] {
    return singlePath(this.context, from, to, family)
  }

  async exec (node: string, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const namespace = this.liveNamespace(node)
    let tracked: TrackedChild | undefined
    try {
      return await runCommand('ip', ['netns', 'exec', namespace, ...argv], {
        timeoutMs: options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS,
        input: options.input,
        env: options.env,
        onSpawn: child => {
          tracked = { child, detached: true }
          this.children.add(tracked)
        }
      })
    } finally {
      if (tracked !== undefined) this.children.delete(tracked)
    }
  }

  spawn (node: string, argv: string[], options: SpawnOptions = {}): ChildProcess {
    const namespace = this.liveNamespace(node)
    // `ip netns exec` execs the command in place, so the child's pid is the command's own pid.
    const child = spawn('ip', ['netns', 'exec', namespace, ...argv], options)
    const tracked: TrackedChild = { child, detached: options.detached === true }
    this.children.add(tracked)
    child.once('exit', () => this.children.delete(tracked))
    return child
  }

  async destroy (): Promise<void> {
    this.destroying ??= this.tearDown()
    await this.destroying
  }

  /**
   * Namespaces, then sysctls and firewall (before any interface), then veths, then addresses and routes, then the
   * wait for the kernel to finish bringing the links up.
   */
  async build (): Promise<void> {
    const nodes = [...this.topology.nodes.values()]
    const step = async (what: string, args: string[], input?: string): Promise<void> =>
      await runSetupStep(what, args[0], args.slice(1), { input, timeoutMs: SETUP_STEP_TIMEOUT_MS })

    await step('creating namespaces', ['ip', '-batch', '-'],
      this.namespaces.map(namespace => `netns add ${namespace}`).join('\n') + '\n')
    await Promise.all(nodes.map(async node =>
      await step(`sysctls of ${node.name}`, ['ip', 'netns', 'exec', this.ns(node.name), 'sh', '-c',
        sysctlScript(node, (name, family) => this.firewallTarget(name, family))])))
    await Promise.all(nodes.filter(node => createsVeths(node, this.topology)).map(async node =>
      await step(`veths of ${node.name}`, ['ip', '-n', this.ns(node.name), '-batch', '-'],
        vethBatch(node, this.topology, name => this.namespaceName(name)))))
    await Promise.all(nodes.map(async node =>
      await step(`addresses and routes of ${node.name}`, ['ip', '-n', this.ns(node.name), '-batch', '-'],
        addressRouteBatch(node, this.topology, this.context.plan, this.context.routes))))
    await awaitLinksReady(nodes.map(node => ({
      namespace: this.ns(node.name),
      devices: node.links.map(index => interfaceName(node, index))
    })), LINKS_READY_TIMEOUT_MS)
  }

  private async tearDown (): Promise<void> {
    const children = [...this.children]
    for (const { child, detached } of children) killGroup(child, 'SIGTERM', detached)
    await Promise.all(children.map(async ({ child, detached }) => {
      if (!await exited(child, KILL_GRACE_MS)) {
        killGroup(child, 'SIGKILL', detached)
        await exited(child, KILL_GRACE_MS)
      }
      // The leader's exit says nothing of the rest of its group, which got the same signal but may not have run
      // yet on a loaded machine: a torn-down lab has none of it left.
      const pgid = child.pid
      if (!detached || pgid === undefined || await groupGone(pgid, KILL_GRACE_MS)) return
      killGroupId(pgid, 'SIGKILL')
      await groupGone(pgid, KILL_GRACE_MS)
    }))
    await deleteNamespaces(this.namespaces)
    untrack(this)
  }

  /** What a firewall rule's `-d` matches: a prefix as a whole, otherwise the one address. */
  private firewallTarget (name: string, family: Family): string {
    const prefix = this.context.plan.prefixNamed(name)
    return prefix === undefined ? this.addr(name, family) : this.context.plan.prefixCidr(prefix, family)
  }

  private liveNamespace (node: string): string {
    if (this.destroying !== undefined) throw new HarnessError('E_DESTROYED', `lab ${this.id} has been destroyed`)
    return this.ns(node)
  }

  private namespaceName (node: string): string {
    return `${this.id}-${node}`
  }

  private get topology (): Topology {
    return this.context.topology
  }
}

/** Sends `signal` to every process of group `pgid`; none left is fine. */
function killGroupId (pgid: number, signal: NodeJS.Signals): void {
  try { process.kill(-pgid, signal) } catch { /* the group is gone */ }
}

/**
 * Resolves true once no process of group `pgid` is left, false if some still are after `ms`. Polled: the end of
 * processes that are not our children has no event.
 */
async function groupGone (pgid: number, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms
  for (let delay = GROUP_RECHECK_FIRST_MS; ; delay = Math.min(delay * 2, GROUP_RECHECK_MAX_MS)) {
    try {
      process.kill(-pgid, 0)
    } catch {
      return true
    }
    if (performance.now() > deadline) return false
    await new Promise(resolve => setTimeout(resolve, delay))
  }
}

/** Resolves true once the child has exited, false if it is still running after `ms`. */
async function exited (child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return true
  return await new Promise<boolean>(resolve => {
    const timer = setTimeout(() => { resolve(false) }, ms)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}
