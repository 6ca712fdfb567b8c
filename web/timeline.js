// timeline.js: events over time on a real time axis (d3's time scale and axis, labelled dates),
// counted by day, week or month from /api/stats's by_day, with a brush: dragging across it
// sets the date range, a click clears it. With no date range set, the axis spans the middle
// 98% of the dated events: news retells history ("the 1945 bombing"), and a few events a
// century old would squeeze the rest into a sliver; those off the axis are counted beside it.
'use strict';
window.herald = window.herald || {};
(function (H) {
  const HEIGHT = 110, MARGIN = { top: 8, right: 12, bottom: 22, left: 36 };
  const parseDay = d3.utcParse('%Y-%m-%d');
  const fmtDay = d3.utcFormat('%Y-%m-%d');
  const INTERVAL = { day: d3.utcDay, week: d3.utcMonday, month: d3.utcMonth };

  // by_day counts into bins of the interval: [{start, end, count}]
  function bins(byDay, bin) {
    const interval = INTERVAL[bin] || d3.utcDay;
    const sums = new Map();
    for (const d of byDay) {
      const day = parseDay(d.key);
      if (!day) continue; // undated events have no place on a time axis
      const start = interval.floor(day).getTime();
      sums.set(start, (sums.get(start) || 0) + d.count);
    }
    return [...sums.entries()].sort((a, b) => a[0] - b[0])
      .map(([t, count]) => ({ start: new Date(t), end: interval.offset(new Date(t), 1), count }));
  }

  // the days between which lie all but `share` of the dated events at each end
  function central(byDay, share) {
    const dated = byDay.filter((d) => parseDay(d.key)).sort((a, b) => (a.key < b.key ? -1 : 1));
    const total = d3.sum(dated, (d) => d.count);
    let seen = 0, from = null, to = null;
    for (const d of dated) {
      seen += d.count;
      if (from === null && seen > share * total) from = d.key;
      if (to === null && seen >= (1 - share) * total) to = d.key;
    }
    return { from, to, before: d3.sum(dated.filter((d) => d.key < from), (d) => d.count),
      after: d3.sum(dated.filter((d) => d.key > to), (d) => d.count) };
  }

  H.drawTimeline = function (byDay, onRange) {
    const svg = d3.select('#timeline');
    const width = document.getElementById('timeline').clientWidth || 800;
    svg.attr('height', HEIGHT).selectAll('*').remove();
    let shown = byDay || [], off = null;
    if (!H.state.filters.from && !H.state.filters.to) {
      off = central(shown, 0.01);
      if (off.from) shown = shown.filter((d) => !parseDay(d.key) || (d.key >= off.from && d.key <= off.to));
    }
    const data = bins(shown, H.state.bin);
    if (!data.length) {
      svg.append('text').attr('x', 10).attr('y', 20).text('no dated events');
      return;
    }
    const x = d3.scaleUtc().domain([data[0].start, data[data.length - 1].end])
      .range([MARGIN.left, width - MARGIN.right]);
    const y = d3.scaleLinear().domain([0, d3.max(data, (d) => d.count)]).nice()
      .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
    // dates, never hours: a few days span day ticks, months month ticks, years year ticks
    const days = d3.utcDay.count(x.domain()[0], x.domain()[1]);
    const room = Math.max(2, Math.floor(width / 110));
    const ticks = days <= room ? d3.utcDay.every(1) : room;
    const format = d3.utcFormat(days > 3 * 365 ? '%Y' : days > 90 ? '%b %Y' : '%b %d, %Y');
    svg.append('g').attr('class', 'axis x').attr('transform', `translate(0,${HEIGHT - MARGIN.bottom})`)
      .call(d3.axisBottom(x).ticks(ticks).tickFormat(format));
    svg.append('g').attr('class', 'axis y').attr('transform', `translate(${MARGIN.left},0)`)
      .call(d3.axisLeft(y).tickValues(y.ticks(3).filter(Number.isInteger)).tickFormat(d3.format('~d')));
    svg.append('g').selectAll('rect').data(data).join('rect')
      .attr('class', 'bar')
      .attr('data-start', (d) => fmtDay(d.start))
      .attr('x', (d) => x(d.start))
      .attr('width', (d) => Math.max(1, x(d.end) - x(d.start) - 1))
      .attr('y', (d) => y(d.count))
      .attr('height', (d) => y(0) - y(d.count))
      .append('title').text((d) => `${fmtDay(d.start)}: ${d.count}`);
    const brush = d3.brushX().extent([[MARGIN.left, MARGIN.top], [width - MARGIN.right, HEIGHT - MARGIN.bottom]])
      .on('end', (ev) => {
        if (!ev.sourceEvent) return; // moved by code, not by the user
        if (!ev.selection) { onRange(null, null); return; }
        const [a, b] = ev.selection.map(x.invert);
        onRange(fmtDay(d3.utcDay.floor(a)), fmtDay(d3.utcDay.offset(d3.utcDay.ceil(b), -1)));
      });
    const g = svg.append('g').attr('class', 'brush').call(brush);
    if (off && (off.before || off.after))
      svg.append('text').attr('class', 'off-axis').attr('x', width - MARGIN.right).attr('y', MARGIN.top + 10)
        .attr('text-anchor', 'end')
        .text(`${off.before.toLocaleString()} earlier and ${off.after.toLocaleString()} later events off the axis`);
    // the range in force is shown as the brush's selection
    const f = H.state.filters;
    if (f.from || f.to) {
      const a = f.from ? parseDay(f.from) : data[0].start, b = f.to ? d3.utcDay.offset(parseDay(f.to), 1) : x.domain()[1];
      if (a && b) g.call(brush.move, [Math.max(x.range()[0], x(a)), Math.min(x.range()[1], x(b))]);
    }
  };
})(window.herald);
