// app.js: the dashboard's behaviour. It reads /api/events, /api/stats and /api/events/ID,
// and posts pasted text to /api/code. The basemap is world-atlas's Natural Earth countries
// drawn as GeoJSON: no tile server is involved.
'use strict';
const state = { filters: {}, from: null, to: null };
const map = L.map('map', { worldCopyJump: true }).setView([30, 20], 2);
const markers = L.layerGroup().addTo(map);
window.heraldMarkers = markers; // for the browser test
const QUAD_COLOURS = { 1: '#2e7d32', 2: '#1565c0', 3: '#ef6c00', 4: '#c62828' };

fetch('countries-110m.json').then((r) => r.json()).then((topo) => {
  const land = topojson.feature(topo, topo.objects.countries);
  L.geoJSON(land, { style: { color: '#90a4ae', weight: 0.6, fillColor: '#eceff1', fillOpacity: 1 } }).addTo(map);
  markers.bringToFront && markers.bringToFront();
});

function params(extra) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(state.filters)) if (v) p.set(k, v);
  if (state.from) p.set('from', state.from);
  if (state.to) p.set('to', state.to);
  for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
  return p.toString();
}

// Every string from the API reaches the page as text (a text node or textContent), never as
// HTML: a stored name or sentence holding markup is shown as the characters it is.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children) if (c != null) node.append(c instanceof Node ? c : String(c));
  return node;
}

function svgEl(tag, attrs, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children) if (c != null) node.append(c instanceof Node ? c : String(c));
  return node;
}

function label(e) {
  const who = e.source ? e.source.code : '?';
  const whom = e.target ? ' → ' + e.target.code : '';
  const where = e.location ? ' · ' + (e.location.mention || e.location.name) : '';
  return `${e.date} ${who}${whom} ${e.code}${where} (${e.num_sources} source${e.num_sources === 1 ? '' : 's'})`;
}

async function loadEvents() {
  const r = await fetch('/api/events?' + params({ limit: 500 }));
  const data = await r.json();
  markers.clearLayers();
  const list = document.getElementById('events');
  list.replaceChildren();
  document.getElementById('count').textContent = data.error ? '' : `(${data.count})`;
  for (const e of data.events || []) {
    if (e.location && e.location.lat != null) {
      const m = L.circleMarker([e.location.lat, e.location.lon], {
        radius: 4 + 3 * Math.sqrt(e.num_sources || 1), color: QUAD_COLOURS[e.quad_class] || '#555',
        fillOpacity: 0.6, weight: 1, className: 'event-marker',
      });
      m.eventId = e.store_id;
      m.bindTooltip(el('span', {}, label(e))); // an element: Leaflet would read a string as HTML
      m.on('click', () => showEvent(e.store_id));
      m.addTo(markers);
    }
    const li = document.createElement('li');
    li.textContent = label(e);
    li.dataset.id = e.store_id;
    li.addEventListener('click', () => showEvent(e.store_id));
    list.appendChild(li);
  }
}

// the sentence with its highlighted spans (byte offsets in UTF-8), as text nodes and <mark>s
function highlighted(text, highlights) {
  const bytes = new TextEncoder().encode(String(text == null ? '' : text));
  const dec = new TextDecoder();
  const spans = (highlights || []).filter((h) => Number.isInteger(h.start) && Number.isInteger(h.end))
    .sort((a, b) => a.start - b.start);
  const p = el('p', { class: 'sentence' });
  let at = 0;
  for (const h of spans) {
    if (h.start < at || h.end < h.start) continue;
    p.append(dec.decode(bytes.slice(at, h.start)));
    p.append(el('mark', { class: String(h.kind).replace(/[^a-z]/g, '') }, dec.decode(bytes.slice(h.start, h.end))));
    at = h.end;
  }
  p.append(dec.decode(bytes.slice(at)));
  return p;
}

async function showEvent(id) {
  const r = await fetch('/api/events/' + encodeURIComponent(id));
  const d = await r.json();
  const panel = document.getElementById('panel');
  panel.hidden = false;
  if (d.error) { panel.textContent = d.error; return; }
  const e = d.event;
  panel.replaceChildren(el('b', {}, label(e)), el('br'),
    `${e.acled_sub_event_type || ''} · CAMEO ${e.code}`);
  for (const m of d.mentions) {
    const chain = (m.attribution || []).map((a) => `${a.kind}: ${a.name}`).join(' → ');
    panel.append(highlighted(m.text, m.highlights),
      el('div', { class: 'chain' }, `${m.document.outlet || ''} ${m.document.date || ''}` + (chain ? ' · ' + chain : '')));
  }
}

// the timeline: counts per day; dragging across it sets the date range
async function loadTimeline() {
  const r = await fetch('/api/stats?' + params());
  const st = await r.json();
  const svg = document.getElementById('timeline');
  const days = st.by_day || [];
  const w = svg.clientWidth || 800, h = 90;
  const max = Math.max(1, ...days.map((d) => d.count));
  const bw = days.length ? w / days.length : w;
  svg.replaceChildren(...days.map((d, i) => svgEl('rect', {
    class: 'bar', 'data-day': d.key, x: i * bw, y: h - (h - 10) * d.count / max,
    width: Math.max(1, bw - 1), height: (h - 10) * d.count / max,
  }, svgEl('title', {}, `${d.key}: ${d.count}`))));
  svg.days = days;
  svg.bw = bw;
}

(function brush() {
  const svg = document.getElementById('timeline');
  let start = null, rect = null;
  svg.addEventListener('mousedown', (ev) => {
    start = ev.offsetX;
    rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    rect.setAttribute('class', 'brush');
    rect.setAttribute('y', 0);
    rect.setAttribute('height', 90);
    svg.appendChild(rect);
  });
  svg.addEventListener('mousemove', (ev) => {
    if (start === null) return;
    rect.setAttribute('x', Math.min(start, ev.offsetX));
    rect.setAttribute('width', Math.abs(ev.offsetX - start));
  });
  svg.addEventListener('mouseup', (ev) => {
    if (start === null || !svg.days || !svg.days.length) { start = null; return; }
    const a = Math.max(0, Math.floor(Math.min(start, ev.offsetX) / svg.bw));
    const b = Math.min(svg.days.length - 1, Math.floor(Math.max(start, ev.offsetX) / svg.bw));
    state.from = svg.days[a].key;
    state.to = svg.days[b].key;
    start = null;
    document.getElementById('range').textContent = `from ${state.from} to ${state.to}`;
    loadEvents();
  });
})();

document.getElementById('filters').addEventListener('submit', (ev) => {
  ev.preventDefault();
  state.filters = Object.fromEntries(new FormData(ev.target).entries());
  loadEvents();
  loadTimeline();
});
document.getElementById('clear').addEventListener('click', () => {
  document.getElementById('filters').reset();
  state.filters = {}; state.from = state.to = null;
  document.getElementById('range').textContent = '';
  loadEvents();
  loadTimeline();
});
document.getElementById('code').addEventListener('click', async () => {
  const text = document.getElementById('paste').value;
  const r = await fetch('/api/code', { method: 'POST', body: text });
  const d = await r.json();
  const list = document.getElementById('coded');
  list.replaceChildren();
  if (d.error) { list.append(el('li', {}, d.error)); return; }
  for (const e of d.events) {
    const li = document.createElement('li');
    li.textContent = `${e.source ? e.source.code : '?'} ${e.code}${e.target ? ' ' + e.target.code : ''}: ${e.text}`;
    list.appendChild(li);
  }
});
loadEvents();
loadTimeline();
