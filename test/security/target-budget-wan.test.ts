// Issue 14, item 2, with real node processes and real probes: the per-target budget (600 probes a minute) spent
// probe by probe. Before, each peer reserved maxHops × (queries + 1) probes (2,805 at the maxima) until the trace
// ended, refusing every other trace to that address meanwhile, and the check did not bound what was sent: at the
// fix's parent, case (a) sent 666 probes from each budgeted peer (4 traces at once passed the check). Case (b) runs
// its traces one batch after the other, so it passes at the parent too. Three `peertrace node`s (p1 and p2 on
// the default budget, a control with the budget lifted) on an emulated WAN; the probes each sends towards a target
// are counted by iptables in its own namespace, never taken from its report.
// (a) Requests at the protocol's maxima to a routing loop, more in a minute than the budget covers (the engine now
//     ends a loop at its second sighting, about 73 probes a request, so one request alone no longer reaches 600):
//     p1 and p2 each send at most the budget, the request that meets it comes back trimmed, the later ones are
//     refused; the control shows what the same requests cost without the budget.
// (b) A request at the maxima to a 6-hop path, then honest traces (default options) to the same target the same
//     minute: all answered by every peer, each peer sending what the path needs (hops × queries, plus the few
//     probes a window sends past the target).
// What the budget does is send fewer probes: a trimmed trace is one not sent every probe it asked for. On a loaded
// machine the engine may also retry a probe whose answer came late (an extra probe, listed when at or below the
// trace's end) or end a trace before its last answers were read (a probe listed unanswered, though the kernel took
// an answer to it: every probe here is answered, as the INPUT counters show). Neither is the budget's doing, so both
// cases judge traces by the probes sent and by the addresses that answered, and count retries against the wire.

import assert from 'node:assert/strict'
import { DEFAULT_MAX_HOPS, DEFAULT_QUERIES, DEFAULT_WINDOW } from '../../src/engine/constants.js'
import { MAX_PROBE_HOPS, MAX_PROBE_QUERIES } from '../../src/model/limits.js'
import { DEFAULT_PROBES_PER_TARGET_PER_MINUTE } from '../../src/node/policy/constants.js'
import {
  createLab, installAnswerCounters, installProbeCounters, line, readAnswerCounters, readProbeCounters, requireRoot,
  type AnswerCount, type Lab, type ProbeCount, type TopologySpec
} from '../harness/index.js'
import { startPeer, type PeerProcess } from '../harness/peer-process.js'
import { parseTraceJson, runTrace, type SummaryRecord, type VantageRecord } from '../overlay/trace-client-runner.js'

const BUDGET = DEFAULT_PROBES_PER_TARGET_PER_MINUTE
const MINUTE_MS = 60_000
/** The control's --probes-per-target: the CLI's largest, far above anything the test sends. */
const NO_BUDGET = 1_000_000
const ROUTERS = 5
/** The peers' hosts (on r1, beside src) and names; the last one is the control. */
const PEER_HOSTS = ['t1', 't2', 't3']
const BUDGETED = ['p1', 'p2']
const CONTROL = 'control'
const NAMES = [...BUDGETED, CONTROL]
/** Where the requester runs: a host with no peer, so its own packets are never counted. */
const CLIENT = 'src'
const MAXIMA = ['--max-hops', String(MAX_PROBE_HOPS), '--queries', String(MAX_PROBE_QUERIES)]
/** Requests to the loop, and how many at once: about twice what the budget covers (about 73 probes each). */
const LOOP_REQUESTS = 16
const HONEST_TRACES = 8
const AT_ONCE = 4
const FORMATION_TIMEOUT_MS = 60_000
/** The clients' --timeout (s): the deadline every result must meet. */
const CLIENT_TIMEOUT_S = 20

/**
 * line(5), src — r1 … r5 — dst, with the peers' hosts on r1 too (dst 6 hops from each), and a prefix r5 routes back
 * to r4, which routes it to r5 (the bench's "loop" scenario): from a peer, r1 … r5, r4, r5 again.
 */
function budgetWan (): TopologySpec {
  const base = line(ROUTERS)
  return {
    hosts: [...base.hosts, ...PEER_HOSTS.map(name => ({ name, rateLimit: false }))],
    routers: base.routers,
    links: [...base.links, ...PEER_HOSTS.map(name => ({ a: name, b: 'r1' }))],
    prefixes: [{ name: 'looped', router: `r${ROUTERS}`, kind: 'loop', via: `r${ROUTERS - 1}` }]
  }
}

/** `n` jobs, `atOnce` at a time, results in job order. */
async function inBatches<T> (n: number, atOnce: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < n; i += atOnce) {
    out.push(...await Promise.all(Array.from({ length: Math.min(atOnce, n - i) }, async (_, k) => await job(i + k))))
  }
  return out
}

interface Run { results: VantageRecord[], summary: SummaryRecord }

/** Probes a result lists (every probe sent at each TTL it reports; those past its end are not listed). */
const listed = (r: VantageRecord): number => r.hops.reduce((sum, hop) => sum + (hop.probes?.length ?? 0), 0)
/** Probes a result lists as unanswered. */
const unanswered = (r: VantageRecord): number => r.hops.reduce((sum, hop) => sum + (hop.probes ?? []).filter(p => p.addr === null).length, 0)
/**
 * Each hop of `r` along `path` and sent `queries` probes or more (a retry adds one), every answer from that hop's
 * address: what the budget never trims. A probe without an answer is allowed: the budget cannot cause one.
 */
const givenEveryProbe = (r: VantageRecord, path: Array<string | null> | undefined, queries: number): boolean =>
  r.error === undefined && JSON.stringify(r.hops.map(h => h.addr)) === JSON.stringify(path) &&
  r.hops.every(h => (h.probes?.length ?? 0) >= queries && (h.probes ?? []).every(p => p.addr === null || p.addr === h.addr))

describe('security: the per-target probe budget with real nodes and real probes (issue 14, item 2)', function () {
  this.timeout(300_000)
  let lab: Lab
  const peers: PeerProcess[] = []
  const hostOf = new Map<string, string>()

  before(async function () {
    requireRoot(this)
    lab = await createLab(budgetWan())
    const first = await startPeer(lab, PEER_HOSTS[0], { name: NAMES[0] })
    peers.push(first)
    for (let i = 1; i < PEER_HOSTS.length; i++) {
      const extraArgs = NAMES[i] === CONTROL ? ['--probes-per-target', String(NO_BUDGET)] : []
      peers.push(await startPeer(lab, PEER_HOSTS[i], { name: NAMES[i], bootstrap: [first.address], extraArgs }))
    }
    PEER_HOSTS.forEach((host, i) => hostOf.set(NAMES[i], host))
    await Promise.all(peers.map(async p => { await p.until('2 neighbours', () => p.neighbours >= 2, FORMATION_TIMEOUT_MS) }))
  })

  after(async function () {
    await Promise.allSettled(peers.map(async p => { await p.shutdown() }))
    await lab?.destroy()
  })

  /**
   * One `peertrace trace` from CLIENT through p1, within its deadline: one result from every peer (a trace, or the
   * error it refused with), and the entry's end. It exits 0 when one peer or more answered with a trace.
   */
  const trace = async (target: string, extraArgs: string[] = []): Promise<Run> => {
    const run = await runTrace(lab, CLIENT, peers[0], target, { timeoutS: CLIENT_TIMEOUT_S, extraArgs })
    const parsed = parseTraceJson(run.stdout)
    assert.deepEqual(parsed.results.map(r => r.name).sort(), [...NAMES].sort(), JSON.stringify(run))
    assert.notEqual(parsed.summary.incomplete, true, run.stdout)
    assert.equal(run.code, parsed.summary.answered > 0 ? 0 : 1, JSON.stringify(run))
    return parsed
  }

  /**
   * Counters installed in every peer's namespace for `target` (the probes it sends, the answers its kernel takes in),
   * and a reader of them with the time they cover.
   */
  const countProbes = async (target: string): Promise<() => Promise<{ counts: Map<string, ProbeCount>, answers: Map<string, AnswerCount>, spanMs: number }>> => {
    await Promise.all(PEER_HOSTS.map(async host => {
      await installProbeCounters(lab, host, target)
      await installAnswerCounters(lab, host, target)
    }))
    const from = performance.now()
    return async () => {
      const counts = new Map<string, ProbeCount>()
      const answers = new Map<string, AnswerCount>()
      for (const name of NAMES) {
        counts.set(name, await readProbeCounters(lab, hostOf.get(name) ?? '', target))
        answers.set(name, await readAnswerCounters(lab, hostOf.get(name) ?? '', target))
      }
      return { counts, answers, spanMs: performance.now() - from }
    }
  }
  const noAnswers: AnswerCount = { timeExceeded: NaN, echoReplies: NaN }

  it(`(a) ${LOOP_REQUESTS} requests at the maxima (${MAX_PROBE_HOPS} hops, ${MAX_PROBE_QUERIES} queries) to a loop: each budgeted peer sends at most ${BUDGET}: the trace that meets the budget comes back trimmed, later ones are refused`, async function () {
    const target = lab.addr('looped', 4)
    const truth = new Map(NAMES.map(name => {
      const t = lab.traceTruth(hostOf.get(name) ?? '', 'looped', 4, { method: 'icmp', maxHops: MAX_PROBE_HOPS })
      assert.equal(t.paths.length, 1)
      assert.equal(t.paths[0].stop, 'loop')
      return [name, t.paths[0].hops]
    }))
    const read = await countProbes(target)
    const runs = await inBatches(LOOP_REQUESTS, AT_ONCE, async () => await trace(target, MAXIMA))
    const { counts, answers, spanMs } = await read()

    // A minute's budget: all of it was sent within one minute of the counters' start unless the run took longer.
    const allowed = BUDGET * Math.max(1, Math.ceil(spanMs / MINUTE_MS))
    /** Not trimmed: the truth's hops to the loop's second sighting, each sent every query asked for. */
    const whole = (name: string, r: VantageRecord): boolean => r.stop === 'loop' && givenEveryProbe(r, truth.get(name), MAX_PROBE_QUERIES)
    console.log(`      loop ${target}: ${LOOP_REQUESTS} requests (${AT_ONCE} at once) in ${(spanMs / 1000).toFixed(1)} s; truth ${truth.get(NAMES[0])?.length} hops, stop loop`)
    const seen = NAMES.map(name => {
      const mine = runs.map(run => run.results.find(r => r.name === name)).filter((r): r is VantageRecord => r !== undefined)
      const traces = mine.filter(r => r.error === undefined)
      const count = counts.get(name) ?? { udp: NaN, echoRequests: NaN, tcpSyns: NaN, all: NaN }
      const sentListed = traces.reduce((sum, r) => sum + listed(r), 0)
      console.log(`      ${name}${name === CONTROL ? ' (budget lifted)' : ''}: ${count.echoRequests} probes sent to the target` +
        ` (${sentListed} listed in its results, ${traces.reduce((sum, r) => sum + unanswered(r), 0)} of them unanswered;` +
        ` its kernel took in ${(answers.get(name) ?? noAnswers).timeExceeded} answers); ${traces.filter(r => whole(name, r)).length} whole traces,` +
        ` ${traces.filter(r => !whole(name, r)).length} trimmed, ${mine.length - traces.length} refused`)
      return { name, mine, traces, refused: mine.filter(r => r.error !== undefined), count, sentListed }
    })
    for (const { name, mine, traces, refused, count, sentListed } of seen) {
      assert.equal(mine.length, LOOP_REQUESTS)
      assert.equal(count.all, count.echoRequests, 'nothing but ICMP echo requests to the target')
      assert.equal(count.udp, 0)
      assert.ok(sentListed <= count.echoRequests, 'every probe a result lists was counted on the wire')
      // Every hop a trace reports, trimmed or not, is the truth's at that TTL (or silent: never probed).
      for (const r of traces) {
        for (const hop of r.hops) assert.ok(hop.addr === null || hop.addr === truth.get(name)?.[hop.ttl - 1], `${name}: ${JSON.stringify(r)}`)
      }
      if (name === CONTROL) {
        // Without the budget the same requests cost more than a minute's budget: the attack is one the budget acts on.
        assert.deepEqual(refused, [])
        for (const r of traces) assert.deepEqual(r.hops.map(h => h.addr), truth.get(name), JSON.stringify(r))
        assert.ok(count.echoRequests > allowed, `the control sent ${count.echoRequests}`)
        continue
      }
      assert.ok(count.echoRequests <= allowed, `${name} sent ${count.echoRequests} probes to ${target}, past ${allowed}`)
      // Nor refused short of it: every probe the budget counted was sent, but those a trace had waiting past its end
      // in the engine's pacer when it ended (one a TTL, at most a window of them).
      const served = BUDGET - traces.length * DEFAULT_WINDOW
      assert.ok(count.echoRequests >= served, `${name} sent ${count.echoRequests} probes to ${target}, short of ${served}`)
      // The budget was met (a refusal comes only once the minute's probes reach it) and the requests refused are
      // refused for it, nothing else; the trace that met it came back with what it had, not refused.
      assert.ok(refused.length > 0, `${name} refused none`)
      for (const r of refused) {
        assert.deepEqual(r.error, { code: 'ERR_RATE_LIMITED', message: `rate limited: ${BUDGET} probes a minute to ${target} already sent from here` })
      }
      assert.ok(traces.some(r => !whole(name, r)), `${name}: no trimmed trace`)
      assert.ok(whole(name, mine[0]), `${name}'s first trace is whole (every probe sent): ${JSON.stringify(mine[0])}`)
    }
  })

  it(`(b) a request at the maxima to a 6-hop path, then ${HONEST_TRACES} honest traces the same minute: all answered by every peer, each peer sending what the path needs`, async function () {
    const target = lab.addr('dst', 4)
    const paths = new Map(NAMES.map(name => [name, lab.path(hostOf.get(name) ?? '', 'dst', 4)]))
    const read = await countProbes(target)
    /**
     * Every peer reached the target along its ground-truth path, `queries` probes or more sent at each hop (none
     * trimmed), every answer from the truth's address there, at most `queries` RTTs reported.
     */
    const assertServed = (run: Run, queries: number): void => {
      assert.equal(run.summary.answered, NAMES.length, JSON.stringify(run.summary))
      assert.deepEqual(run.summary.failed, [])
      for (const r of run.results) {
        const shown = JSON.stringify(r)
        assert.equal(r.reached, true, shown)
        assert.ok(givenEveryProbe(r, paths.get(r.name), queries), shown)
        for (const hop of r.hops) assert.ok(hop.rtts.length <= queries, shown)
      }
    }
    const attack = await trace(target, MAXIMA)
    const honest = await inBatches(HONEST_TRACES, AT_ONCE, async () => await trace(target))
    const { counts, answers, spanMs } = await read()

    const hops = paths.get(NAMES[0])?.length ?? 0
    assert.ok(hops < DEFAULT_MAX_HOPS)
    // What the path needs: hops × queries per trace, listed in the results (with any retry at or below the target);
    // and past the target, not listed, at most a window of TTLs (those sent before the target's answer was read),
    // each probed once, and once more where the end of the path was retried after the NEAR wait before that answer
    // was read (a loaded machine): the next retry would come a rate-limit gap (2.1 s) later.
    const needed = hops * MAX_PROBE_QUERIES + HONEST_TRACES * hops * DEFAULT_QUERIES
    const pastTarget = (1 + HONEST_TRACES) * (DEFAULT_WINDOW - 1)
    const resultsOf = (name: string): VantageRecord[] => [attack, ...honest].flatMap(run => run.results.filter(r => r.name === name))
    const listedBy = (name: string): number => resultsOf(name).reduce((sum, r) => sum + listed(r), 0)
    const byAll = honest.filter(run => run.summary.answered === NAMES.length && run.summary.failed.length === 0).length
    console.log(`      ${target}, ${hops} hops: 1 request at the maxima (answered by ${attack.summary.answered}) then ${HONEST_TRACES} honest traces (${AT_ONCE} at once) in ${(spanMs / 1000).toFixed(1)} s; answered by all ${NAMES.length} peers: ${byAll}/${HONEST_TRACES}`)
    for (const name of NAMES) {
      const count = counts.get(name) ?? { udp: NaN, echoRequests: NaN, tcpSyns: NaN, all: NaN }
      const answered = answers.get(name) ?? noAnswers
      const lost = resultsOf(name).reduce((sum, r) => sum + unanswered(r), 0)
      console.log(`      ${name}: ${count.echoRequests} probes sent to the target: ${needed} on the path (${hops} × ${MAX_PROBE_QUERIES} + ${HONEST_TRACES} × ${hops} × ${DEFAULT_QUERIES}),` +
        ` ${listedBy(name) - needed} retried there, ${count.echoRequests - listedBy(name)} past it; ${lost} listed unanswered;` +
        ` its kernel took in ${answered.timeExceeded + answered.echoReplies} answers`)
    }
    for (const { summary } of honest.filter(run => run.summary.answered !== NAMES.length || run.summary.failed.length > 0)) {
      console.log(`        answered ${summary.answered}; ${summary.failed.map(f => `${f.name ?? f.peer}: ${f.reason}`).join('; ')}`)
    }
    assertServed(attack, MAX_PROBE_QUERIES)
    for (const run of honest) assertServed(run, DEFAULT_QUERIES)
    for (const name of NAMES) {
      const count = counts.get(name)
      assert.ok(count !== undefined)
      assert.equal(count.all, count.echoRequests, 'nothing but ICMP echo requests to the target')
      const onPath = listedBy(name)
      assert.ok(onPath >= needed && onPath <= count.echoRequests, `${name}: ${onPath} listed, ${count.echoRequests} sent`)
      assert.ok(count.echoRequests - onPath <= 2 * pastTarget, `${name}: ${count.echoRequests - onPath} probes past the target`)
      assert.ok(count.echoRequests <= BUDGET)
    }
  })
})
