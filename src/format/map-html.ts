// The network map as one self-contained HTML page: the SVG inline and inline CSS only, so opening the file makes
// no request (no scripts, fonts, images or style sheets from anywhere). The map is fitted into the window.

import { escapeXml } from './map-svg.js'

export function renderMapHtml (svg: string, title: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Belt and braces: even if something in the page tried, the browser may fetch nothing.
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
    `<title>${escapeXml(title)}</title>`,
    '<style>',
    'body { margin: 16px; font-family: ui-monospace, Menlo, Consolas, monospace; color: #111; background: #fafafa; }',
    'h1 { font-size: 16px; font-weight: normal; margin: 0 0 12px; }',
    '.map { border: 1px solid #ddd; background: #fff; }',
    // Fitted whole into the window, however wide the paths (the browser's own zoom shows the detail), as the web
    // view fits its map; the SVG's viewBox keeps its proportions.
    '.map svg { display: block; width: 100%; height: auto; max-height: calc(100vh - 72px); }',
    '</style>',
    '</head>',
    '<body>',
    `<h1>${escapeXml(title)}</h1>`,
    '<div class="map">',
    svg.trimEnd(),
    '</div>',
    '</body>',
    '</html>',
    ''
  ].join('\n')
}
