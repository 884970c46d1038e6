// Areas (GeoJSON Polygon / MultiPolygon, [lon, lat]) drawn locally as SVG: an equirectangular
// projection around the middle latitude, scaled to fit the drawing. No map tiles, no network.
const M_PER_DEG = 111320

// A geometry's polygons, each a list of rings (the first its outline), each a list of [lon, lat].
export function polygons(geometry) {
  if (!geometry || !Array.isArray(geometry.coordinates)) return []
  if (geometry.type === 'Polygon') return [geometry.coordinates]
  if (geometry.type === 'MultiPolygon') return geometry.coordinates
  return []
}

// [minLon, minLat, maxLon, maxLat] of every position in the geometries (and points), or null.
export function bounds(geometries, points = []) {
  let b = null
  const add = ([lon, lat]) => {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return
    if (!b) b = [lon, lat, lon, lat]
    else b = [Math.min(b[0], lon), Math.min(b[1], lat), Math.max(b[2], lon), Math.max(b[3], lat)]
  }
  for (const g of geometries) for (const poly of polygons(g)) for (const ring of poly) for (const p of ring) add(p)
  for (const p of points) add(p)
  return b
}

// A square-ish box of `meters` around a point, for drawing where nothing is drawn yet.
export function boxAround(lon, lat, meters = 1000) {
  const dLat = meters / 2 / M_PER_DEG
  const dLon = dLat / Math.max(0.1, Math.cos((lat * Math.PI) / 180))
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat]
}

// The projection of box b into a width × height drawing with pad pixels around.
export function projection(b, width, height, pad = 24) {
  const [minLon, minLat, maxLon, maxLat] = b
  const midLat = (minLat + maxLat) / 2
  const kx = Math.max(0.1, Math.cos((midLat * Math.PI) / 180))
  const spanX = Math.max((maxLon - minLon) * kx, 1e-7)
  const spanY = Math.max(maxLat - minLat, 1e-7)
  const s = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY)
  const ox = (width - spanX * s) / 2
  const oy = (height - spanY * s) / 2
  return {
    // pixels per degree of latitude
    scale: s,
    point: ([lon, lat]) => [ox + (lon - minLon) * kx * s, oy + (maxLat - lat) * s],
    invert: ([x, y]) => [minLon + (x - ox) / (kx * s), maxLat - (y - oy) / s],
    metersPerPixel: M_PER_DEG / s,
  }
}

const r2 = (v) => Math.round(v * 100) / 100

// An SVG path for the geometry (holes cut out with fill-rule evenodd).
export function pathOf(geometry, proj) {
  let d = ''
  for (const poly of polygons(geometry)) {
    for (const ring of poly) {
      ring.forEach((p, i) => {
        const [x, y] = proj.point(p)
        d += `${i ? 'L' : 'M'}${r2(x)} ${r2(y)}`
      })
      d += 'Z'
    }
  }
  return d
}

// Where to write a geometry's name: the middle of the box of its largest outline.
export function labelPoint(geometry, proj) {
  let best = null
  for (const poly of polygons(geometry)) {
    const b = bounds([{ type: 'Polygon', coordinates: [poly[0] || []] }])
    if (b && (!best || (b[2] - b[0]) * (b[3] - b[1]) > (best[2] - best[0]) * (best[3] - best[1]))) best = b
  }
  return best ? proj.point([(best[0] + best[2]) / 2, (best[1] + best[3]) / 2]) : null
}

// A round length (1, 2 or 5 × 10^n metres) about a quarter of the drawing's width, and its pixels.
export function scaleBar(proj, width) {
  const target = (width / 4) * proj.metersPerPixel
  const pow = 10 ** Math.floor(Math.log10(target))
  const meters = [5, 2, 1].map((m) => m * pow).find((m) => m <= target) || pow
  return { meters, pixels: meters / proj.metersPerPixel }
}

// Positions rounded to 7 decimals (about a centimetre), as people paste them.
export const round7 = (v) => Math.round(v * 1e7) / 1e7

// A drawn outline as a closed Polygon.
export function polygonOf(points) {
  const ring = points.map(([lon, lat]) => [round7(lon), round7(lat)])
  if (ring.length) ring.push([...ring[0]])
  return { type: 'Polygon', coordinates: [ring] }
}
