// map.js: the map: Natural Earth country shapes from world-atlas as an offline basemap (no tile
// server), every placed event of the filter as a circle marker (GeoJSON features of
// /api/events?placed=1), grouped into clusters (leaflet.markercluster) that open as one zooms
// in, and a legend of what colour and size mean and how many events are placed.
'use strict';
window.herald = window.herald || {};
(function (H) {
  const QUAD = { 1: ['#2e7d32', 'verbal cooperation'], 2: ['#1565c0', 'material cooperation'],
    3: ['#ef6c00', 'verbal conflict'], 4: ['#c62828', 'material conflict'] };
  H.quadColour = (q) => (QUAD[q] ? QUAD[q][0] : '#555');

  const map = L.map('map', { worldCopyJump: true, maxZoom: 16 }).setView([30, 20], 2); // clusters need a maxZoom
  const clusters = L.markerClusterGroup({ disableClusteringAtZoom: 9, maxClusterRadius: 40, chunkedLoading: true });
  clusters.addTo(map);
  H.map = map;
  H.markers = clusters;
  window.heraldMap = map; // for the browser test
  window.heraldMarkers = clusters;

  // A ring that crosses the antimeridian jumps from +179 to -179 and is drawn as a stripe across
  // the whole map: its longitudes are unwrapped so that each point lies within 180 degrees of
  // the one before (the shape then runs past 180, as Leaflet draws it on a wrapped world).
  function unwrapRing(ring) {
    for (let i = 1; i < ring.length; i++) {
      while (ring[i][0] - ring[i - 1][0] > 180) ring[i][0] -= 360;
      while (ring[i][0] - ring[i - 1][0] < -180) ring[i][0] += 360;
    }
  }
  H.unwrapGeometry = function (g) {
    if (!g) return g;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const p of polys) for (const ring of p) unwrapRing(ring);
    return g;
  };

  fetch('countries-110m.json').then((r) => r.json()).then((topo) => {
    const land = topojson.feature(topo, topo.objects.countries);
    for (const f of land.features) H.unwrapGeometry(f.geometry);
    L.geoJSON(land, { style: { color: '#90a4ae', weight: 0.6, fillColor: '#eceff1', fillOpacity: 1 } }).addTo(map);
  });

  const legend = L.control({ position: 'bottomleft' });
  legend.onAdd = function () {
    const box = H.el('div', { class: 'legend' }, H.el('b', {}, 'QuadClass'));
    for (const q of [1, 2, 3, 4]) {
      box.append(H.el('div', {}, H.el('span', { class: 'swatch', style: `background:${QUAD[q][0]}` }), ` ${QUAD[q][1]}`));
    }
    box.append(H.el('div', { class: 'note' }, 'size: sources reporting it; numbers: clustered events'));
    box.append(H.el('div', { class: 'note', id: 'placed' }));
    return box;
  };
  legend.addTo(map);

  // one marker per placed event (a GeoJSON Point feature); clicking it opens its evidence
  H.showMarkers = function (features, label, onClick, total) {
    clusters.clearLayers();
    const layers = [];
    for (const f of features) {
      if (!f.geometry || f.geometry.type !== 'Point') continue;
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties;
      const m = L.circleMarker([lat, lon], {
        radius: 4 + 3 * Math.sqrt(p.num_sources || 1), color: H.quadColour(p.quad_class),
        fillOpacity: 0.6, weight: 1, className: 'event-marker',
      });
      m.eventId = p.store_id;
      m.bindTooltip(H.el('span', {}, label(p))); // an element: Leaflet would read a string as HTML
      m.on('click', () => onClick(p.store_id));
      layers.push(m);
    }
    clusters.addLayers(layers);
    const note = document.getElementById('placed');
    if (note) note.textContent = total == null ? '' : `${layers.length.toLocaleString()} of ${total.toLocaleString()} events placed`;
  };
})(window.herald);
