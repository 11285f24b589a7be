// Prints a trace in one of the output formats, result by result then the summary: `trace` prints a live trace
// with it and `show` a stored one, so both print the very same text.

import { summaryLine, vantageLine } from '../format/lines.js'
import { summaryJson, vantageJson } from '../format/ndjson.js'
import { formatTree } from '../format/tree.js'
import { cutOffCount } from '../format/vantage.js'
import type { SummaryView, VantageView } from '../model/index.js'

export const FORMATS = ['lines', 'tree', 'json'] as const
export type Format = typeof FORMATS[number]

export class TracePrinter {
  readonly views: VantageView[] = []
  private readonly write: (text: string) => void
  private readonly format: Format
  private readonly target: string

  constructor (write: (text: string) => void, format: Format, target: string) {
    this.write = write
    this.format = format
    this.target = target
  }

  /** One vantage point's result: printed at once, except by the tree, which needs them all. */
  result (view: VantageView): void {
    this.views.push(view)
    if (this.format === 'lines') this.write(vantageLine(view) + '\n')
    if (this.format === 'json') this.write(vantageJson(view) + '\n')
  }

  finish (summary: SummaryView): void {
    if (this.format === 'tree') this.write(formatTree(this.target, this.views))
    this.write((this.format === 'json' ? summaryJson(summary) : summaryLine(summary, cutOffCount(this.views))) + '\n')
  }
}
