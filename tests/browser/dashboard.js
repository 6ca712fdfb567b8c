// dashboard.js: drives the dashboard in headless Chromium (Debian's, through playwright-core):
// the map shows a marker near the expected place, its event panel shows the highlighted
// sentence, a pasted article is coded live, markup planted in the store is shown as text and
// never run, and a screenshot is saved. Waits are generous: a sanitizer build is slow.
// usage: node dashboard.js URL LAT LON SCREENSHOT
'use strict';
const { chromium } = require('playwright-core');

const [url, lat, lon, shot] = process.argv.slice(2);
const say = (ok, name) => console.log((ok ? 'ok ' : 'not ok ') + name);

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const failed = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    const refused = []; // what the Content-Security-Policy blocked: the dashboard must need nothing of it
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) refused.push(m.text()); });
    const first = await page.goto(url);
    const csp = first.headers()['content-security-policy'] || '';
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) || '';
    say(scriptSrc === "script-src 'self'",
      `Content-Security-Policy forbids inline script ("${csp}")`);
    await page.waitForSelector('path.event-marker', { timeout: 120000 });
    await page.waitForSelector('#map path.leaflet-interactive', { timeout: 120000 });
    const near = await page.evaluate(([la, lo]) => {
      const rad = Math.PI / 180;
      let best = null;
      window.heraldMarkers.eachLayer((m) => {
        const p = m.getLatLng();
        const d = 6371 * 2 * Math.asin(Math.sqrt(Math.sin((p.lat - la) * rad / 2) ** 2 +
          Math.cos(la * rad) * Math.cos(p.lat * rad) * Math.sin((p.lng - lo) * rad / 2) ** 2));
        if (!best || d < best.d) best = { d, id: m.eventId };
      });
      return best;
    }, [Number(lat), Number(lon)]);
    say(near && near.d <= 25, `a marker within 25 km of ${lat},${lon} (${near ? near.d.toFixed(1) : '-'} km)`);
    await page.evaluate((id) => {
      window.heraldMarkers.eachLayer((m) => { if (m.eventId === id) m.fire('click'); });
    }, near.id);
    await page.waitForSelector('#panel mark.trigger', { timeout: 120000 });
    const sentence = await page.textContent('#panel p.sentence');
    const trigger = await page.textContent('#panel mark.trigger');
    say(sentence.length > 20 && sentence.includes(trigger), `event panel: highlighted "${trigger}" in "${sentence.slice(0, 60)}..."`);
    await page.evaluate(() => window.heraldMarkers.eachLayer((m) => m.openTooltip()));
    await page.waitForLoadState('networkidle'); // an <img> that failed to load has run its onerror by now
    const tooltips = await page.$$eval('.leaflet-tooltip', (t) => t.map((x) => x.textContent).join(' '));
    const panelText = await page.textContent('#panel');
    const ran = await page.evaluate(() => window.__xss || null);
    const planted = await page.$$eval('#panel img, .leaflet-tooltip img, #events img, #panel script', (n) => n.length);
    say(ran === null && planted === 0, `stored markup never runs and makes no element (ran: ${JSON.stringify(ran)}, elements: ${planted})`);
    say(tooltips.includes('<img src=x onerror=') && panelText.includes('<img src=x onerror=') && panelText.includes('<script>'),
      'stored markup shown as text in the tooltip and the event panel');
    await page.fill('#paste', 'Turkish warplanes struck Kurdish militants near the town of Qandil on Sunday, the army said.');
    await page.click('#code');
    await page.waitForSelector('#coded li', { timeout: 120000 });
    const coded = await page.textContent('#coded li');
    say(/19/.test(coded), `pasted article coded live: "${coded.slice(0, 60)}"`);
    const bars = await page.$$eval('#timeline rect.bar', (r) => r.length);
    say(bars > 0, `timeline bars: ${bars}`);
    await page.screenshot({ path: shot });
    say(refused.length === 0, `the dashboard works within its Content-Security-Policy${refused.length ? ': ' + refused.join(' | ') : ''}`);
    say(failed.length === 0, `no request failed (offline map)${failed.length ? ': ' + failed.join(' ') : ''}`);
  } catch (e) {
    say(false, 'dashboard: ' + e.message.split('\n')[0]);
  } finally {
    await browser.close();
  }
})();
