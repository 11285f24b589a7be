// The headers every response carries: a strict Content-Security-Policy (this server's own files only, no inline
// script, nothing fetched from elsewhere), no MIME sniffing, no framing, no referrer, no cross-origin embedding.

import { createHash } from 'node:crypto'
import { renderMapSvg } from '../../format/map-svg.js'

/**
 * The CSP hash of the style sheet every map SVG carries inline (src/format/map-svg.ts). Taken from a rendered
 * (empty) map, so it follows that file: the page may show the map with its own styles and still allow no other
 * inline style.
 */
export function mapStyleHash (): string {
  const svg = renderMapSvg({ nodes: [], edges: [] })
  const css = /<style>([\s\S]*?)<\/style>/.exec(svg)?.[1]
  if (css === undefined) throw new Error('the map SVG carries no <style> element')
  return `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`
}

export function contentSecurityPolicy (styleHashes: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' ${styleHashes.join(' ')}`.trim(),
    "img-src 'self'",
    "connect-src 'self'",
    "font-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'"
  ].join('; ')
}

export function securityHeaders (csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin'
  }
}
