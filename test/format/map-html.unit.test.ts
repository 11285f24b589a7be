// The map as an HTML page: the SVG inline and nothing the browser would fetch when the file is opened.

import assert from 'node:assert/strict'
import { buildMapGraph } from '../../src/format/map-graph.js'
import { renderMapHtml } from '../../src/format/map-html.js'
import { renderMapSvg } from '../../src/format/map-svg.js'
import { TARGET, assertBalancedTags, trace, view } from './map-fixtures.js'

describe('network map page', () => {
  const views = [
    view('pA', 'alpha', trace([{ ttl: 1, addr: '10.0.0.1', rtts: [1] }, { ttl: 2, addr: TARGET, rtts: [3] }], true)),
    view('pB', 'beta <script src="http://evil.example/x.js">', trace([{ ttl: 1, addr: null, rtts: [] }], false))
  ]
  const svg = renderMapSvg(buildMapGraph(TARGET, views))
  const html = renderMapHtml(svg, `paths to ${TARGET} <&>`)

  it('embeds the SVG as is', () => {
    assert.ok(html.includes(svg.trimEnd()))
    assert.match(html, /^<!DOCTYPE html>/)
    assert.ok(html.includes('<title>paths to 203.0.113.9 &lt;&amp;&gt;</title>'))
    assertBalancedTags(html)
  })

  it('references nothing outside the file', () => {
    // A hostile name is text, escaped: only what sits inside tags could make the browser fetch.
    const tags = html.match(/<[^>]*>/g) ?? []
    for (const tag of tags) {
      assert.doesNotMatch(tag, /\s(src|href|xlink:href|action|poster|srcset)\s*=/i, tag)
      assert.doesNotMatch(tag, /^<(script|link|img|iframe|object|embed|image|use|foreignObject)\b/i, tag)
    }
    // The only URL in a tag is the SVG namespace name, an identifier that is never fetched.
    const urls = tags.flatMap(tag => tag.match(/(https?:)?\/\/[^"\s]*/g) ?? [])
    assert.deepEqual([...new Set(urls)], ['http://www.w3.org/2000/svg'])
    assert.doesNotMatch(html, /<script/i)
    assert.doesNotMatch(html, /@import/i)
    assert.doesNotMatch(html, /url\(/i)
  })
})
