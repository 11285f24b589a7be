// Zoom and pan of the map as plain numbers: which part of the map (in its own units, the SVG's viewBox) a viewport
// of a given pixel size shows. map-view.ts turns wheel, drag and buttons into calls of these.

/** Zoomed in at most this far: one map unit drawn 4 px wide. */
const MAX_SCALE = 4
/** The map is never shown larger than drawn when fitted: a small map stays at its own size, not blown up. */
const MAX_FIT_SCALE = 1

export interface Size { width: number, height: number }

/** The map point at the viewport's top-left corner, and pixels per map unit. */
export interface View { x: number, y: number, scale: number }

/** The whole map, centred, as large as fits (never above its own size). */
export function fitView (map: Size, port: Size): View {
  const scale = fitScale(map, port)
  return { x: (map.width - port.width / scale) / 2, y: (map.height - port.height / scale) / 2, scale }
}

function fitScale (map: Size, port: Size): number {
  if (map.width <= 0 || map.height <= 0 || port.width <= 0 || port.height <= 0) return 1
  return Math.min(MAX_FIT_SCALE, port.width / map.width, port.height / map.height)
}

/** Zoomed by `factor` about the viewport pixel (px, py): the map point under it stays under it. */
export function zoomAt (view: View, factor: number, px: number, py: number, map: Size, port: Size): View {
  // Zoomed out no further than the whole map.
  const scale = Math.min(MAX_SCALE, Math.max(fitScale(map, port), view.scale * factor))
  const mx = view.x + px / view.scale
  const my = view.y + py / view.scale
  return clampView({ x: mx - px / scale, y: my - py / scale, scale }, map, port)
}

/** Moved by a drag of (dx, dy) pixels: the map follows the pointer. */
export function panBy (view: View, dx: number, dy: number, map: Size, port: Size): View {
  return clampView({ x: view.x - dx / view.scale, y: view.y - dy / view.scale, scale: view.scale }, map, port)
}

/** The SVG viewBox for a view of a viewport. */
export function viewBox (view: View, port: Size): string {
  const r = (n: number): string => String(Math.round(n * 100) / 100)
  return `${r(view.x)} ${r(view.y)} ${r(port.width / view.scale)} ${r(port.height / view.scale)}`
}

/** Half the viewport at most past any edge of the map: it cannot be dragged out of sight. */
function clampView (view: View, map: Size, port: Size): View {
  const w = port.width / view.scale
  const h = port.height / view.scale
  const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, Math.min(lo, hi)), Math.max(lo, hi))
  return { x: clamp(view.x, -w / 2, map.width - w / 2), y: clamp(view.y, -h / 2, map.height - h / 2), scale: view.scale }
}
