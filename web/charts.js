// charts.js: what the events are, in four bar charts from /api/stats: by ACLED event type, by
// CAMEO root, by actor and by outlet (the most counted first), each bar named, not just coded.
// Clicking a bar filters by it.
'use strict';
window.herald = window.herald || {};
(function (H) {
  const CHARTS = [
    { key: 'by_acled', title: 'Event type (ACLED)', filter: 'acled_type', name: (k) => k },
    { key: 'by_root', title: 'CAMEO root', filter: 'code', name: (k) => H.codeLabel(k) },
    { key: 'by_actor', title: 'Actors', filter: 'actor', name: (k) => H.actorLabel(k) },
    { key: 'by_outlet', title: 'Outlets', filter: 'source', name: (k) => k },
  ];
  const TOP = 8;

  H.drawCharts = function (stats, onPick) {
    const box = document.getElementById('charts');
    box.replaceChildren();
    for (const c of CHARTS) {
      // events of no type (no ACLED type, no actor) are no bar: the chart shows what they are
      const rows = (stats[c.key] || []).filter((r) => r.key).sort((a, b) => b.count - a.count).slice(0, TOP);
      const max = Math.max(1, ...rows.map((r) => r.count));
      const chart = H.el('div', { class: 'chart', 'data-chart': c.key }, H.el('h3', {}, c.title));
      for (const r of rows) {
        const bar = H.el('div', { class: 'bar', title: `${c.name(r.key)}: ${r.count}` },
          H.el('span', { class: 'fill', style: `width:${(100 * r.count / max).toFixed(1)}%` }),
          H.el('span', { class: 'name' }, c.name(r.key)), H.el('span', { class: 'n' }, r.count.toLocaleString()));
        bar.addEventListener('click', () => onPick(c.filter, r.key));
        chart.append(bar);
      }
      if (!rows.length) chart.append(H.el('div', { class: 'note' }, 'none'));
      box.append(chart);
    }
  };
})(window.herald);
