// app.js: the dashboard's wiring. It reads /api/events (a page of events and the total that
// match; every placed one as GeoJSON for the map), /api/stats (the timeline and the charts) and
// /api/events/ID (the evidence), posts
// pasted text to /api/code, and keeps the filters in the URL (state.js). The map, timeline
// and charts are map.js, timeline.js and charts.js.
'use strict';
(function (H) {
  const PAGE = 500;
  const MAP_LIMIT = 100000; // the API's most: every placed event of a large store

  const form = document.getElementById('filters');

  function describe(date, source, target, code, place, nSources) {
    const whom = target ? ' → ' + H.actorLabel(target) : '';
    const where = place ? ' · ' + place : '';
    const sources = `${nSources} source${nSources === 1 ? '' : 's'}`;
    return `${date || 'undated'} ${H.actorLabel(source)}${whom} ${H.codeLabel(code)}${where} (${sources})`;
  }
  // an event record's words (the list, the panel) and a map marker's (GeoJSON properties)
  const label = (e) => describe(e.date, e.source && e.source.code, e.target && e.target.code, e.code,
    e.location && (e.location.mention || e.location.name), e.num_sources);
  const featureLabel = (p) => describe(p.date, p.source_code, p.target_code, p.code, p.place, p.num_sources);

  function exportLinks() {
    for (const [id, format] of [['export-csv', 'csv'], ['export-geojson', 'geojson']])
      document.getElementById(id).setAttribute('href', '/api/events?' + H.query({ format, limit: 100000 }));
  }

  // the page of events in the list; resolves to the total that match (null on error)
  async function loadEvents() {
    const r = await fetch('/api/events?' + H.query({ limit: PAGE }));
    const data = await r.json();
    const list = document.getElementById('events');
    list.replaceChildren();
    const count = document.getElementById('count');
    if (data.error) {
      count.textContent = '';
      list.append(H.el('li', { class: 'error' }, data.error));
      return null;
    }
    count.textContent = data.total > data.count
      ? `(${data.count.toLocaleString()} shown of ${data.total.toLocaleString()})`
      : `(${data.total.toLocaleString()})`;
    count.dataset.total = data.total;
    for (const e of data.events) {
      const li = H.el('li', { 'data-id': e.store_id }, label(e));
      li.addEventListener('click', () => showEvent(e.store_id));
      list.append(li);
    }
    return data.total;
  }

  // every placed event of the filter; the legend counts them against the list's total
  async function loadMap(total) {
    const r = await fetch('/api/events?' + H.query({ format: 'geojson', placed: 1, limit: MAP_LIMIT }));
    const geo = r.ok ? await r.json() : { features: [] };
    H.showMarkers(geo.features || [], featureLabel, showEvent, await total);
  }

  async function loadStats() {
    const r = await fetch('/api/stats?' + H.query());
    const st = await r.json();
    if (st.error) return;
    H.drawTimeline(st.by_day, (from, to) => {
      H.state.filters.from = from || '';
      H.state.filters.to = to || '';
      H.stateToForm(form);
      refresh(false);
    });
    H.drawCharts(st, (filter, value) => {
      H.state.filters[filter] = value;
      H.stateToForm(form);
      refresh(true);
    });
  }

  // the sentence with its highlighted spans (byte offsets in UTF-8), as text nodes and <mark>s
  function highlighted(text, highlights) {
    const bytes = new TextEncoder().encode(String(text == null ? '' : text));
    const dec = new TextDecoder();
    const spans = (highlights || []).filter((h) => Number.isInteger(h.start) && Number.isInteger(h.end))
      .sort((a, b) => a.start - b.start);
    const p = H.el('p', { class: 'sentence' });
    let at = 0;
    for (const h of spans) {
      if (h.start < at || h.end < h.start) continue;
      p.append(dec.decode(bytes.slice(at, h.start)));
      p.append(H.el('mark', { class: String(h.kind).replace(/[^a-z]/g, '') }, dec.decode(bytes.slice(h.start, h.end))));
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
    panel.replaceChildren(H.el('b', {}, label(e)), H.el('br'),
      [e.acled_event_type, e.acled_sub_event_type, e.plover_event_type].filter(Boolean).join(' · '));
    for (const m of d.mentions) {
      const chain = (m.attribution || []).map((a) => `${a.kind}: ${a.name}`).join(' → ');
      panel.append(highlighted(m.text, m.highlights),
        H.el('div', { class: 'chain' }, `${m.document.outlet || ''} ${m.document.date || ''}` + (chain ? ' · ' + chain : '')));
    }
  }

  // after the filters changed: the URL, the export links, the events; the timeline and charts
  // too unless the change came from the timeline's own brush
  function refresh(withStats) {
    H.writeUrl();
    exportLinks();
    loadMap(loadEvents());
    if (withStats) loadStats();
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    H.formToState(form);
    refresh(true);
  });
  form.elements.namedItem('bin').addEventListener('change', () => {
    H.state.bin = form.elements.namedItem('bin').value;
    H.writeUrl();
    loadStats();
  });
  document.getElementById('clear').addEventListener('click', () => {
    H.state.filters = {};
    H.stateToForm(form);
    refresh(true);
  });
  document.getElementById('code').addEventListener('click', async () => {
    const text = document.getElementById('paste').value;
    const r = await fetch('/api/code', { method: 'POST', body: text });
    const d = await r.json();
    const list = document.getElementById('coded');
    list.replaceChildren();
    if (d.error) { list.append(H.el('li', {}, d.error)); return; }
    for (const e of d.events) {
      list.append(H.el('li', {}, `${H.actorLabel(e.source && e.source.code)} ${H.codeLabel(e.code)}` +
        `${e.target ? ' ' + H.actorLabel(e.target.code) : ''}: ${e.text}`));
    }
  });
  window.addEventListener('popstate', () => { H.readUrl(); H.stateToForm(form); refresh(true); });

  H.readUrl();
  H.stateToForm(form);
  H.namesReady.then(() => refresh(true));
})(window.herald);
