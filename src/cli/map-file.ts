// Writes the merged paths of a trace to a file: a self-contained page when the name ends in .html, else SVG.
// `trace --map` and `show --map` both draw with it.

import { writeFile } from 'node:fs/promises'
import type { Annotations, VantageView } from '../model/index.js'

/** Draws the merged paths to `file` (routers named and numbered as `annotations` say); false, said on stderr, if it cannot. */
export async function writeMap (file: string, target: string, views: VantageView[], annotations?: Annotations): Promise<boolean> {
  // Loaded here so that dagre is only loaded by the runs that draw.
  const { buildMapGraph } = await import('../format/map-graph.js')
  const { renderMapSvg } = await import('../format/map-svg.js')
  const { renderMapHtml } = await import('../format/map-html.js')
  const svg = renderMapSvg(buildMapGraph(target, views, annotations))
  const text = file.toLowerCase().endsWith('.html') ? renderMapHtml(svg, `peertrace: paths to ${target}`) : svg
  try {
    await writeFile(file, text)
  } catch (err) {
    process.stderr.write(`error: cannot write map to ${file}: ${(err as Error).message}\n`)
    return false
  }
  process.stderr.write(`map written to ${file}\n`)
  return true
}
