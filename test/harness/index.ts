// The emulated-WAN test harness: build a topology in Linux network namespaces, trace through it, compare with
// ground truth, tear it down. Tests import everything from here.

import './numeric-environment.js'

export type {
  ExecOptions, ExecResult, Family, FirewallAction, FirewallRule, GroundTruth, HostSpec, Lab, LinkSpec, PrefixKind,
  PrefixSpec, Reject4Type, Reject6Type, RouterSpec, TopologySpec, TraceMethod, TraceTruth, TruthOptions, TruthPath,
  TruthStop
} from './spec.js'
export { createLab } from './lab.js'
export { resolvingEnvironment } from './numeric-environment.js'
export { requireRoot, labPrerequisiteMissing } from './require-root.js'
export { HarnessError } from './errors.js'
export type { HarnessErrorCode } from './errors.js'
export { SILENT_HOP, UNREACHABLE_FLAG } from './constants.js'
export { systemTraceroute, parseTraceroute } from './system-traceroute.js'
export { tcpListener } from './tcp-listener.js'
export { installAnswerCounters, installProbeCounters, probesOf, readAnswerCounters, readProbeCounters } from './probe-counter.js'
export type { AnswerCount, ProbeCount } from './probe-counter.js'
export { parseMtrReport, restartLoss, runMtr } from './lossy-router.js'
export type { MtrRow } from './lossy-router.js'
export type { TracerouteHop, SystemTracerouteOptions } from './system-traceroute.js'
export * as topologies from './topologies.js'
export { line, lossyRouter, silentRouter, unreachable, rateLimitedTarget, ecmp, fanout, trio, wan8, WAN8_CORE, wan8Half, natSites } from './topologies.js'
export { masquerade, inboundConnectionAttempts } from './nat.js'
export { generateNetwork, NetworkTruth, ENDING_KINDS } from './generate.js'
export type { Ending, EndingKind, GeneratedNetwork, GenerateOptions } from './generate.js'
export { Prng, freshSeed } from './prng.js'
export { runScamper, runTraceroute } from './reference-tools.js'
export type { ObservedTrace, ToolOptions } from './reference-tools.js'
export { judge } from './truth-match.js'
export type { Reported, Verdict } from './truth-match.js'
export { tracerouteFlag } from './unreachable-codes.js'
