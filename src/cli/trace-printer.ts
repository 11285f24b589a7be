// Prints a trace in one of the output formats, result by result then the summary: `trace` prints a live trace
// with it and `show` a stored one, so both print the very same text.

import { atlasJson } from '../format/atlas.js'
import { formatHopTable } from '../format/hop-table.js'
import { summaryLine, vantageLine } from '../format/lines.js'
import { summaryJson, vantageJson } from '../format/ndjson.js'
import { formatTree } from '../format/tree.js'
import { cutOffCount } from '../format/vantage.js'
import type { Annotations, SummaryView, VantageResult, VantageView } from '../model/index.js'

export const FORMATS = ['lines', 'tree', 'json', 'atlas', 'table'] as const
export type Format = typeof FORMATS[number]

export interface PrinterOptions {
  /** lines: each hop's RTTs after its address. */
  rtt?: boolean
  /** atlas: Unix ms for results that do not say when they started (errors, older peers). */
  startedAt?: number
  /** What the requester knows of hop addresses (names, AS numbers), read when each result is printed. */
  annotations?: Annotations
}

export class TracePrinter {
  readonly views: VantageView[] = []
  private readonly write: (text: string) => void
  private readonly format: Format
  private readonly target: string
  private readonly options: PrinterOptions

  constructor (write: (text: string) => void, format: Format, target: string, options: PrinterOptions = {}) {
    this.write = write
    this.format = format
    this.target = target
    this.options = options
  }

  /** Whether results wait for the end (the tree): then their names are looked up once, before finish(). */
  get printsAtEnd (): boolean {
    return this.format === 'tree'
  }

  /** One vantage point's result: printed at once, except by the tree, which needs them all. */
  result (view: VantageView | VantageResult): void {
    this.views.push(view)
    switch (this.format) {
      case 'lines': this.write(vantageLine(view, { rtt: this.options.rtt, annotations: this.options.annotations }) + '\n'); break
      case 'json': this.write(vantageJson(view, this.options.annotations) + '\n'); break
      case 'table': this.write(formatHopTable(view, this.options.annotations)); break
      case 'atlas': {
        const requestId = 'requestId' in view ? view.requestId : ''
        const context = { requestId, target: this.target, fallbackTime: this.options.startedAt ?? 0, annotations: this.options.annotations }
        this.write(atlasJson(view, context) + '\n')
        break
      }
      case 'tree': break
    }
  }

  /** The summary: a JSON line for json, none for atlas (its lines are Atlas results only), else the text line. */
  finish (summary: SummaryView): void {
    if (this.format === 'tree') this.write(formatTree(this.target, this.views, this.options.annotations))
    if (this.format === 'atlas') return
    this.write((this.format === 'json' ? summaryJson(summary) : summaryLine(summary, cutOffCount(this.views))) + '\n')
  }
}
