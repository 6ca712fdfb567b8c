// dashboard.js: drives the dashboard in headless Chromium (Debian's, through playwright-core):
// the map shows a marker near the expected place (clusters open as one zooms in), a legend, a
// time axis with labelled dates, charts of event types, roots, actors and outlets with names
// beside codes, totals from the API; a filter is reflected in the URL and restored from it;
// an export of the filter is downloaded and parsed; the event panel shows the highlighted
// sentence, a pasted article is coded live, markup planted in the store is shown as text and
// never run; screenshots are saved (SCREENSHOT, and -overview and -filtered beside it).
// Waits are generous: a sanitizer build is slow.
// usage: node dashboard.js URL LAT LON SCREENSHOT [plain]
// plain: the store holds no planted markup (a real corpus), so none is looked for.
'use strict';
const fs = require('fs');
const { chromium } = require('playwright-core');

const [url, lat, lon, shot, mode] = process.argv.slice(2);
const plantedMarkup = mode !== 'plain';
const say = (ok, name) => console.log((ok ? 'ok ' : 'not ok ') + name);
const WAIT = { timeout: 120000 };

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const failed = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    const refused = []; // what the Content-Security-Policy blocked: the dashboard must need nothing of it
    const errors = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
      else if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    const first = await page.goto(url);
    const csp = first.headers()['content-security-policy'] || '';
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) || '';
    say(scriptSrc === "script-src 'self'", `Content-Security-Policy forbids inline script ("${csp}")`);
    await page.waitForSelector('#map path.leaflet-interactive', WAIT);
    await page.waitForFunction(() => window.heraldMarkers && window.heraldMarkers.getLayers().length > 0, null, WAIT);

    // the marker nearest the expected place, and the map zoomed there (clusters open)
    const near = await page.evaluate(([la, lo]) => {
      const rad = Math.PI / 180;
      let best = null;
      window.heraldMarkers.eachLayer((m) => {
        const p = m.getLatLng();
        const d = 6371 * 2 * Math.asin(Math.sqrt(Math.sin((p.lat - la) * rad / 2) ** 2 +
          Math.cos(la * rad) * Math.cos(p.lat * rad) * Math.sin((p.lng - lo) * rad / 2) ** 2));
        if (!best || d < best.d) best = { d, id: m.eventId, lat: p.lat, lng: p.lng };
      });
      return best;
    }, [Number(lat), Number(lon)]);
    say(near && near.d <= 25, `a marker within 25 km of ${lat},${lon} (${near ? near.d.toFixed(1) : '-'} km)`);
    const clustered = await page.$$eval('.marker-cluster', (c) => c.length);
    const markersAtStart = await page.$$eval('path.event-marker', (m) => m.length);
    say(clustered > 0 || markersAtStart > 0, `events on the map: ${clustered} clusters, ${markersAtStart} single markers`);
    await page.waitForSelector('#timeline .axis.x .tick text', WAIT);
    await page.screenshot({ path: shot.replace(/\.png$/, '-overview.png') }); // the whole map, clustered
    await page.evaluate((p) => window.heraldMap.setView([p.lat, p.lng], 11, { animate: false }), near);
    // a marker drawn in view (Leaflet leaves the paths of markers out of view empty)
    await page.waitForFunction(() => [...document.querySelectorAll('path.event-marker')]
      .some((p) => p.getBoundingClientRect().width > 0), null, WAIT);
    const legend = await page.textContent('.legend');
    say(/material conflict/.test(legend) && /verbal cooperation/.test(legend), `a legend: "${legend.slice(0, 60)}..."`);

    // the time axis: dated tick labels under bars
    await page.waitForSelector('#timeline .axis.x .tick text', WAIT);
    const ticks = await page.$$eval('#timeline .axis.x .tick text', (t) => t.map((x) => x.textContent));
    const bars = await page.$$eval('#timeline rect.bar', (r) => r.length);
    const offAxis = await page.$$eval('#timeline text.off-axis', (t) => t.map((x) => x.textContent).join(''));
    say(bars > 0 && ticks.length >= 2 && ticks.some((t) => /\d/.test(t)),
      `time axis with labelled dates (${ticks.slice(0, 4).join(', ')}) over ${bars} bars${offAxis ? '; ' + offAxis : ''}`);

    // charts with names beside codes; totals from the API
    await page.waitForSelector('#charts .chart[data-chart="by_root"] .bar', WAIT);
    const rootBar = await page.textContent('#charts .chart[data-chart="by_root"] .bar .name');
    say(/^\d{2} [a-z]/.test(rootBar), `CAMEO root chart names its roots ("${rootBar}")`);
    const eu = await page.evaluate(() => window.herald.actorName('IGOEUREEC'));
    say(/European Union/.test(eu), `an actor code's parts named (IGOEUREEC: "${eu}")`);
    const charts = await page.$$eval('#charts .chart h3', (h) => h.map((x) => x.textContent));
    say(charts.length === 4, `charts: ${charts.join(', ')}`);
    const total = Number(await page.getAttribute('#count', 'data-total'));
    const apiTotal = await page.evaluate(async () => (await (await fetch('/api/events?limit=1')).json()).total);
    say(total > 0 && total === apiTotal, `the event count is the API's total (${total})`);

    // the event panel, and stored markup shown as text
    await page.evaluate((id) => {
      window.heraldMarkers.eachLayer((m) => { if (m.eventId === id) m.fire('click'); });
    }, near.id);
    await page.waitForSelector('#panel mark.trigger', WAIT);
    const sentence = await page.textContent('#panel p.sentence');
    const trigger = await page.textContent('#panel mark.trigger');
    say(sentence.length > 20 && sentence.includes(trigger), `event panel: highlighted "${trigger}" in "${sentence.slice(0, 60)}..."`);
    await page.evaluate(() => window.heraldMarkers.eachLayer((m) => { if (m._map) m.openTooltip(); }));
    await page.waitForLoadState('networkidle'); // an <img> that failed to load has run its onerror by now
    const tooltips = await page.$$eval('.leaflet-tooltip', (t) => t.map((x) => x.textContent).join(' '));
    const panelText = await page.textContent('#panel');
    const ran = await page.evaluate(() => window.__xss || null);
    const planted = await page.$$eval('#panel img, .leaflet-tooltip img, #events img, #charts img, #panel script',
      (n) => n.length);
    say(ran === null && planted === 0, `stored markup never runs and makes no element (ran: ${JSON.stringify(ran)}, elements: ${planted})`);
    if (plantedMarkup)
      say(tooltips.includes('<img src=x onerror=') && panelText.includes('<img src=x onerror=') && panelText.includes('<script>'),
        'stored markup shown as text in the tooltip and the event panel');
    await page.screenshot({ path: shot });

    // a filter: in the URL, restored from it in a new page
    const root = await page.getAttribute('#charts .chart[data-chart="by_root"] .bar:first-of-type', 'title');
    await page.click('#charts .chart[data-chart="by_root"] .bar');
    await page.waitForFunction(() => /[?&]code=\d/.test(window.location.search), null, WAIT);
    const filtered = page.url();
    await page.waitForFunction((t) => Number(document.getElementById('count').dataset.total) < t, total, WAIT);
    const filteredTotal = Number(await page.getAttribute('#count', 'data-total'));
    say(filteredTotal > 0 && filteredTotal < total, `a chart's bar (${root}) filters: ${filteredTotal} of ${total} events, URL ${filtered.replace(/^.*\?/, '?')}`);
    const again = await context.newPage();
    await again.goto(filtered);
    await again.waitForFunction((t) => Number(document.getElementById('count').dataset.total) === t, filteredTotal, WAIT);
    const restored = await again.inputValue('input[name="code"]');
    say(restored !== '' && filtered.includes('code=' + restored), `the filter restored from the URL (code ${restored}, ${filteredTotal} events)`);
    await again.close();

    // an export of the current filter, downloaded and parsed
    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.click('#export-geojson')]);
    const file = await download.path();
    const geo = JSON.parse(fs.readFileSync(file, 'utf8'));
    say(geo.type === 'FeatureCollection' && geo.features.length === filteredTotal,
      `GeoJSON export of the filter: ${geo.features.length} features`);
    const [csvDownload] = await Promise.all([page.waitForEvent('download', WAIT), page.click('#export-csv')]);
    const csv = fs.readFileSync(await csvDownload.path(), 'utf8').trim().split('\n');
    say(csv[0].startsWith('event_id,date') && csv.length - 1 >= filteredTotal, `CSV export: a header and ${csv.length - 1} lines`);

    // live coding of a pasted article
    await page.fill('#paste', 'Turkish warplanes struck Kurdish militants near the town of Qandil on Sunday, the army said.');
    await page.click('#code');
    await page.waitForSelector('#coded li', WAIT);
    const coded = await page.textContent('#coded li');
    say(/19\d? /.test(coded), `pasted article coded live: "${coded.slice(0, 70)}"`);
    await page.screenshot({ path: shot.replace(/\.png$/, '-filtered.png') });
    say(refused.length === 0, `the dashboard works within its Content-Security-Policy${refused.length ? ': ' + refused.join(' | ') : ''}`);
    say(failed.length === 0, `no request failed (offline map)${failed.length ? ': ' + failed.join(' ') : ''}`);
    say(errors.length === 0, `no script error${errors.length ? ': ' + errors.slice(0, 3).join(' | ') : ''}`);
  } catch (e) {
    say(false, 'dashboard: ' + e.message.split('\n')[0]);
  } finally {
    await browser.close();
  }
})();
