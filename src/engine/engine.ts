// The probe engine: runs any number of concurrent traces in one process over one shared raw socket per address
// family, routing every ICMP answer to the trace it belongs to (by echo identifier, or UDP or TCP source port); a TCP
// trace reads the target's SYN-ACK or RST on a raw TCP socket of its own.

import { randomBytes } from 'node:crypto'
import { AnswerClock } from './answer-clock.js'
import { engineLog } from './log.js'
import { afterIo, engineClock } from './after-io.js'
import type { Clock } from '../time/clock.js'
import { TraceDriver, type ProbeSender, type RetryKind } from './driver.js'
import { RoundsRunner } from './rounds.js'
import { IcmpEchoFlow } from './method/paris-icmp.js'
import { ParisUdpFlow } from './method/paris-udp.js'
import { ParisTcpFlow } from './method/paris-tcp.js'
import type { Classified, ProbeFlow } from './method/probe-flow.js'
import { addressBytes } from './packet/address.js'
import { PROTO_TCP, type IcmpAnswer } from './packet/icmp-parse.js'
import { traceOptions } from './options.js'
import { plannedBoundMs } from './trace-bound.js'
import { resolveTarget } from './resolve.js'
import { sourceAddress } from './source-address.js'
import { RawIcmpSocket } from './socket/raw-icmp.js'
import { UdpProbeSocket } from './socket/udp-socket.js'
import { TcpProbeSocket } from './socket/tcp-socket.js'
import { EngineError, SendError } from './errors.js'
import {
  DEFAULT_MAX_PROBES_PER_SECOND, DEFAULT_PROBE_BURST, DEFAULT_RATE_LIMIT_GAP_MS, HOP_SETTLE_MS, HOP_SILENCE_MAX_HOPS, HOP_SILENT_PROBES,
  MAX_PROBES_PER_TRACE, PATH_EVIDENCE_KEEP_MS, PATH_EVIDENCE_MAX_ENTRIES, RATE_LIMIT_EVIDENCE_MS
} from './constants.js'
import { ProbePacer } from './pacer.js'
import { ProbeBatch, type ProbeRank } from './probe-batch.js'
import { PathEvidence } from './path-evidence.js'
import { HopSilence, sourceAnchor } from './hop-silence.js'
import type { ProbeBudget } from './probe-budget.js'
import type { Family, TraceOptions, TraceResult } from './trace.js'

const log = await engineLog('peertrace:engine')

interface ActiveFlow {
  flow: ProbeFlow
  /** Who the flow's answers go to: the driver while it finds the path, then the rounds, if any. */
  sink: Pick<TraceDriver, 'answer'>
  clock: AnswerClock
}

interface SharedSocket {
  socket: RawIcmpSocket
  users: number
}

export interface EngineInit {
  /** Probes per second for all traces together (a node option), and the burst allowed after a pause. */
  maxProbesPerSecond?: number
  probeBurst?: number
  /** The clock (src/time/clock.ts) the engine reads, monotonic; its timers fire after pending I/O (afterIo). */
  clock?: Clock
}

export class ProbeEngine {
  private readonly pacer: ProbePacer
  private readonly sockets = new Map<Family, SharedSocket>()
  private readonly flows = new Map<string, ActiveFlow>()
  /** Traces running per family: while more than one runs, they share the routers' ICMP rate limits. */
  private readonly running = new Map<Family, number>()
  /** When a trace last found a router's ICMP bucket dry, per family. */
  private readonly rateLimitedAt = new Map<Family, number>()
  private readonly evidence: PathEvidence
  /** Whether a hop has lately been silent for every trace of a family: its probes then leave last. */
  private readonly silence: HopSilence
  /** Numbers the traces, so that one trace's answers are never evidence for itself. */
  private traces = 0
  /** Probes asked for in this turn of the event loop, sent together in an order that shares the routers' buckets. */
  private readonly batch: ProbeBatch
  private readonly clock: Clock
  private readonly epoch: number
  private nextIdentifier = randomBytes(2).readUInt16BE()

  constructor (init: EngineInit = {}) {
    this.clock = init.clock === undefined ? engineClock : afterIo(init.clock)
    this.epoch = this.clock.monotonic()
    this.evidence = new PathEvidence({ clock: this.clock, keepMs: PATH_EVIDENCE_KEEP_MS, maxEntries: PATH_EVIDENCE_MAX_ENTRIES })
    this.silence = new HopSilence({
      clock: this.clock,
      probes: HOP_SILENT_PROBES,
      settleMs: HOP_SETTLE_MS,
      keepMs: PATH_EVIDENCE_KEEP_MS,
      maxHops: HOP_SILENCE_MAX_HOPS
    })
    this.pacer = new ProbePacer({
      ratePerSecond: init.maxProbesPerSecond ?? DEFAULT_MAX_PROBES_PER_SECOND,
      burst: init.probeBurst ?? DEFAULT_PROBE_BURST
    }, this.clock)
    this.batch = new ProbeBatch(send => { this.pacer.run(send) })
  }

  /**
   * Traces `target` (IP literal or host name). Resolves with the result; rejects with an EngineError. A `budget`
   * is asked before every probe: when it runs out, the trace ends with what it has.
   */
  async trace (target: string, options: Partial<TraceOptions> = {}, signal?: AbortSignal, budget?: ProbeBudget): Promise<TraceResult> {
    const opts = traceOptions(options)
    const askedAt = this.clock.monotonic()
    const { addr, family } = await resolveTarget(target, opts.family)
    const started = this.clock.monotonic()
    const startedAt = this.clock.now()
    const srcAddr = await sourceAddress(addr)
    const socket = this.acquire(family)
    this.running.set(family, (this.running.get(family) ?? 0) + 1)
    let flow: ProbeFlow | undefined
    let active: ActiveFlow | undefined
    let ended = false
    try {
      const nonce = randomBytes(4).readUInt32BE()
      const clock = new AnswerClock(this.clock)
      flow = await this.openFlow(opts, socket, addr, srcAddr, nonce, (classified, at) => {
        if (active !== undefined) this.deliver(active, classified, at)
      })
      const paced = flow
      const traceId = ++this.traces
      // Probes queued in the pacer when the trace ends are dropped, never sent on a closed flow.
      // A hop's anchor (HopSilence): what answered one TTL below it, or the source at the first TTL probed, which has
      // nothing below it (mtr rounds name no anchor either).
      const anchorAt = (ttl: number, below: string | undefined): string | undefined =>
        ttl <= opts.firstHop ? sourceAnchor(ttl) : below
      const sender: ProbeSender = {
        keySpace: flow.keySpace,
        send: (ttl, key, done, retry, anchor) => {
          const hop = anchorAt(ttl, anchor)
          this.batch.add(traceId, ttl, this.rank(traceId, family, addr, ttl, retry, hop), () => {
            if (ended) return
            if (hop !== undefined) this.silence.sent(family, hop)
            paced.send(ttl, key, done)
          })
        }
      }
      const label = `${traceId} ${addr} ${opts.method}`
      const { deadlineMs, ...driverOpts } = opts
      const driver = new TraceDriver(sender, {
        ...driverOpts,
        // The caller's deadline counts from its call; the driver's bound from now (the target resolved, the flow open).
        boundMs: plannedBoundMs({ waitMs: opts.waitMs, deadlineMs: deadlineMs === undefined ? undefined : deadlineMs - (this.clock.monotonic() - askedAt) }),
        budget,
        concurrent: () => (this.running.get(family) ?? 0) > 1,
        contended: () => this.clock.monotonic() - (this.rateLimitedAt.get(family) ?? -Infinity) < RATE_LIMIT_EVIDENCE_MS,
        onRateLimited: () => { this.rateLimitedAt.set(family, this.clock.monotonic()) },
        answeredElsewhere: (ttl, below, above, withinMs) => this.evidence.answered(traceId, family, addr, ttl, below, above, withinMs),
        onAnswer: (hop, known, cls) => {
          // A refusal says nothing of how the hop treats expired probes: it is the target's own.
          const anchor = anchorAt(hop[0], known.find(([ttl]) => ttl === hop[0] - 1)?.[1])
          if (anchor !== undefined && cls !== 'stop') this.silence.answered(family, anchor)
          this.evidence.record(traceId, family, addr, hop, known)
        },
        alignPaced: (at) => this.alignPaced(at),
        label
      }, clock)
      active = { flow, sink: driver, clock }
      this.flows.set(flow.flowKey, active)
      const outcome = await driver.run(signal)
      // mtr mode: further rounds on the same flow, over the hops found (not after a cut-off: no time is left).
      if (opts.rounds > 0 && outcome.stop !== 'deadline' && signal?.aborted !== true) {
        const rounds = new RoundsRunner(sender, {
          rounds: opts.rounds, ttls: outcome.hops.map(hop => hop.ttl), waitMs: opts.waitMs, firstKey: driver.keysUsed,
          keyLimit: MAX_PROBES_PER_TRACE, budget, label
        }, clock)
        active.sink = rounds
        const measured = await rounds.run(signal)
        for (const hop of outcome.hops) hop.probes = [...hop.probes ?? [], ...measured.probes.get(hop.ttl) ?? []]
        outcome.probesSent += measured.probesSent
      }
      return {
        target,
        addr,
        method: opts.method,
        startedAt,
        ...(srcAddr === undefined ? {} : { srcAddr }),
        probeSize: flow.probeSize,
        reached: outcome.reached,
        stop: outcome.stop,
        durationMs: Math.round((this.clock.monotonic() - started) * 1000) / 1000,
        probesSent: outcome.probesSent,
        hops: outcome.hops
      }
    } finally {
      ended = true
      this.running.set(family, (this.running.get(family) ?? 1) - 1)
      if (flow !== undefined) {
        this.flows.delete(flow.flowKey)
        flow.close()
      }
      this.release(family)
    }
  }

  /** The trace's flow; `onReply` gets the answers a TCP flow reads on its own socket (the target's SYN-ACK or RST). */
  private async openFlow (opts: TraceOptions, icmp: RawIcmpSocket, addr: string, srcAddr: string | undefined,
    nonce: number, onReply: (classified: Classified, at: number) => void): Promise<ProbeFlow> {
    const family = icmp.family
    if (opts.method === 'icmp') {
      return new IcmpEchoFlow(icmp, addr, addressBytes(addr), this.allocateIdentifier(family), nonce)
    }
    if (opts.method === 'udp') {
      return new ParisUdpFlow(await UdpProbeSocket.open(family, addr, opts.port, nonce), addressBytes(addr))
    }
    // The SYN's checksum covers the source address, so the flow is bound to the one the kernel would choose.
    if (srcAddr === undefined) throw new SendError(`cannot send to ${addr}: no route to it`)
    const socket = new TcpProbeSocket(family, srcAddr, addr, opts.port)
    const flow = new ParisTcpFlow(socket, addressBytes(addr), nonce)
    socket.on('reply', (reply, at) => {
      const classified = flow.classifyReply(reply)
      if (classified !== null) onReply(classified, at)
    })
    return flow
  }

  /**
   * Where a trace's probe at `ttl` leaves in its batch (ProbeBatch); `retry`: a retry past its last answer, and of
   * which round; `anchor`: the hop's anchor (HopSilence), when known.
   */
  private rank (trace: number, family: Family, target: string, ttl: number, retry: RetryKind | undefined,
    anchor: string | undefined): ProbeRank {
    const elsewhere = retry !== undefined && this.evidence.answeredAtTarget(trace, family, target, ttl)
    if (retry === 'end-zone' && elsewhere) return 'answered-elsewhere'
    if (!elsewhere && anchor !== undefined && this.silence.silent(family, anchor)) return 'silent-hop'
    return retry ?? 'other'
  }

  /**
   * The next instant of the engine's grid of paced retries (every rate-limit gap since the engine started), at or
   * after `at`. A retry whose previous probe left a few ms after its own instant waits two gaps, not one: tried with
   * 60 ms of slack (a round every 2.1 s), the errors of an unreachable route, which cost two tokens each, no longer
   * came back to the last of ten traces at all (generated seed 253409).
   */
  private alignPaced (at: number): number {
    const gap = DEFAULT_RATE_LIMIT_GAP_MS
    return this.epoch + Math.ceil((at - this.epoch) / gap) * gap
  }

  /** Number of traces running now. */
  get active (): number {
    return this.flows.size
  }

  private acquire (family: Family): RawIcmpSocket {
    let shared = this.sockets.get(family)
    if (shared === undefined) {
      const socket = new RawIcmpSocket(family)
      socket.on('answer', (answer, at) => { this.dispatch(answer, at) })
      socket.on('error', (err) => { log.error('raw socket (IPv%d) error: %s', family, err.message) })
      shared = { socket, users: 0 }
      this.sockets.set(family, shared)
    }
    shared.users++
    return shared.socket
  }

  /** The socket closes when no trace uses it, so an idle process holds no raw socket and can exit. */
  private release (family: Family): void {
    const shared = this.sockets.get(family)
    if (shared === undefined) return
    if (--shared.users === 0) {
      shared.socket.close()
      this.sockets.delete(family)
    }
  }

  private allocateIdentifier (family: Family): number {
    for (let i = 0; i < 0x10000; i++) {
      const id = this.nextIdentifier
      this.nextIdentifier = (this.nextIdentifier + 1) & 0xffff
      if (!this.flows.has(IcmpEchoFlow.flowKeyOf(family, id))) return id
    }
    throw new EngineError('ERR_TOO_MANY_TRACES', 'every ICMP identifier is in use')
  }

  private dispatch (answer: IcmpAnswer, at: number): void {
    const key = flowKeyOf(answer)
    if (key === undefined) return
    const active = this.flows.get(key)
    if (active === undefined) {
      log('answer %s from %s: no trace runs on flow %s', answer.kind, answer.from, key)
      return
    }
    const classified = active.flow.classify(answer)
    if (classified === null) {
      log('answer %s from %s on flow %s: not one of its probes', answer.kind, answer.from, key)
      return
    }
    const got = { ...classified.answer, size: answer.size }
    if (answer.replyTtl !== undefined) got.replyTtl = answer.replyTtl
    this.deliver(active, { key: classified.key, answer: got }, at)
  }

  /** Hands a matched answer to whoever takes the flow's answers now: its driver, then its rounds (mtr mode). */
  private deliver (active: ActiveFlow, classified: Classified, at: number): void {
    active.clock.answering(at, () => { active.sink.answer(classified.key, classified.answer, at) })
  }
}

function flowKeyOf (a: IcmpAnswer): string | undefined {
  if (a.kind === 'echo-reply') return a.echoId === undefined ? undefined : IcmpEchoFlow.flowKeyOf(a.family, a.echoId)
  const q = a.quoted
  if (q?.icmpId !== undefined) return IcmpEchoFlow.flowKeyOf(a.family, q.icmpId)
  if (q?.srcPort !== undefined) {
    return q.protocol === PROTO_TCP ? ParisTcpFlow.flowKeyOf(a.family, q.srcPort) : ParisUdpFlow.flowKeyOf(a.family, q.srcPort)
  }
  return undefined
}
