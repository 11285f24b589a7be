// The requester's hop annotation as options of `trace` and `show`: reverse DNS unless -n (as traceroute), and AS
// numbers from `--asn-db FILE`. The names are looked up here, by the requester, never by the vantage points.

import type { Command } from 'commander'
import type { TraceAnnotator } from '../annotate/trace-annotator.js'
import type { ReverseDns } from '../annotate/reverse-dns.js'

export interface AnnotationFlags {
  /** -n: no reverse DNS. */
  numeric?: boolean
  /** An iptoasn TSV file. */
  asnDb?: string
}

const ASN_DB_HELP = 'AS numbers of hop addresses from this iptoasn TSV file (ip2asn-v4.tsv, ip2asn-v6.tsv or ip2asn-combined.tsv; no network lookups)'

export function annotationOptions (command: Command): Command {
  return command
    .option('-n, --numeric', 'print hop addresses only: no reverse DNS of them (as traceroute -n)')
    .option('--asn-db <file>', ASN_DB_HELP)
}

/**
 * `PEERTRACE_NUMERIC=1` in the environment: no reverse DNS at all, whatever the flags say. The tests, the demo and
 * the benchmarks set it, so that no lookup of an emulated network's address leaves for the host's resolver; a test
 * of the names themselves sets it to 0 inside a namespace whose resolver it controls.
 */
export function numericByEnvironment (): boolean {
  return process.env.PEERTRACE_NUMERIC === '1'
}

/** One cache for the process: each address is looked up once however many results (or web viewers) name it. */
let processDns: ReverseDns | undefined

/**
 * The process's reverse DNS (the `trace`/`show` client's, or the node's for its web view). Its helper process starts
 * now, while the client dials and the peers probe (or the node waits for its first viewer), not when the first
 * result has come.
 */
export async function sharedReverseDns (): Promise<ReverseDns> {
  if (processDns === undefined) {
    processDns = new (await import('../annotate/reverse-dns.js')).ReverseDns()
    void processDns.ready()
  }
  return processDns
}

/**
 * The annotator of one trace's output, or undefined when the flags ask for nothing. Reads the ASN database first:
 * a file that cannot be used fails here (ERR_ASN_DB, exit 2), before anything is asked of the overlay.
 */
export async function traceAnnotator (flags: AnnotationFlags): Promise<TraceAnnotator | undefined> {
  if (numericByEnvironment()) flags = { ...flags, numeric: true }
  if (flags.numeric === true && flags.asnDb === undefined) return undefined
  const { TraceAnnotator } = await import('../annotate/trace-annotator.js')
  const asn = flags.asnDb === undefined ? undefined : await (await import('../annotate/asn-db.js')).AsnDatabase.load(flags.asnDb)
  return new TraceAnnotator({ dns: flags.numeric === true ? undefined : await sharedReverseDns(), asn })
}

