// A hop's statistics as mtr reports them (sent, loss, last, average, best, worst, standard deviation, jitter),
// computed from its per-probe records: with `--rounds`, from the rounds' probes alone (one per round, as mtr sends
// them); otherwise from every probe sent at the hop; from its answers alone for a peer that predates probe records.

import type { Hop, Probe } from '../model/index.js'

export interface HopStats {
  sent: number
  lost: number
  /** 100 * lost / sent; 100 for a hop nothing was sent to (a row of a peer that predates probe records). */
  lossPct: number
  /** Every address that answered, first answer first. */
  addrs: string[]
  /** The answered RTTs in ms, in the order the probes were sent. */
  rtts: number[]
  /** The last answered RTT, and the mean, least and greatest; 0 with no answer (as mtr prints them). */
  last: number
  avg: number
  best: number
  worst: number
  /** Sample standard deviation (n - 1), mtr's; 0 below two answers. */
  stdev: number
  /**
   * Jitter: the absolute differences of consecutive answered RTTs (in the order sent, lost probes skipped), their
   * last (mtr's Jttr), their mean (Javg; mtr divides by the answers, counting the first as 0, we by the
   * differences) and their greatest (Jmax); 0 below two answers.
   */
  jitter: number
  javg: number
  jmax: number
}

/** The probes the statistics are taken from: the rounds' when the hop has any, else all of them. */
function statsProbes (hop: Hop): Probe[] | undefined {
  if (hop.probes === undefined || hop.probes.length === 0) return undefined
  const rounds = hop.probes.filter(p => p.round !== undefined)
  return rounds.length > 0 ? rounds : hop.probes
}

export function hopStats (hop: Hop): HopStats {
  const probes = statsProbes(hop)
  const answered = probes === undefined
    ? hop.rtts.map(rtt => ({ addr: hop.addr ?? '', rtt }))
    : probes.flatMap(p => p.addr === null || p.rtt === undefined ? [] : [{ addr: p.addr, rtt: p.rtt }])
  const sent = probes?.length ?? hop.rtts.length
  const rtts = answered.map(a => a.rtt)
  const lost = sent - rtts.length
  const n = rtts.length
  const avg = n === 0 ? 0 : rtts.reduce((a, b) => a + b, 0) / n
  const diffs = rtts.slice(1).map((rtt, i) => Math.abs(rtt - rtts[i]))
  return {
    sent,
    lost,
    lossPct: sent === 0 ? 100 : 100 * lost / sent,
    addrs: [...new Set(answered.map(a => a.addr).filter(addr => addr !== ''))],
    rtts,
    last: rtts.at(-1) ?? 0,
    avg,
    best: n === 0 ? 0 : Math.min(...rtts),
    worst: n === 0 ? 0 : Math.max(...rtts),
    stdev: n < 2 ? 0 : Math.sqrt(rtts.reduce((a, b) => a + (b - avg) ** 2, 0) / (n - 1)),
    jitter: diffs.at(-1) ?? 0,
    javg: diffs.length === 0 ? 0 : diffs.reduce((a, b) => a + b, 0) / diffs.length,
    jmax: diffs.length === 0 ? 0 : Math.max(...diffs)
  }
}
