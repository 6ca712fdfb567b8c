// dashboard.js: drives the dashboard in headless Chromium (Debian's, through playwright-core):
// the map shows a marker near the expected place, its event panel shows the highlighted
// sentence, a pasted article is coded live, and a screenshot is saved.
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
    await page.goto(url);
    await page.waitForSelector('path.event-marker', { timeout: 15000 });
    await page.waitForSelector('#map path.leaflet-interactive', { timeout: 15000 });
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
    await page.waitForSelector('#panel mark.trigger', { timeout: 10000 });
    const sentence = await page.textContent('#panel p.sentence');
    const trigger = await page.textContent('#panel mark.trigger');
    say(sentence.length > 20 && sentence.includes(trigger), `event panel: highlighted "${trigger}" in "${sentence.slice(0, 60)}..."`);
    await page.fill('#paste', 'Turkish warplanes struck Kurdish militants near the town of Qandil on Sunday, the army said.');
    await page.click('#code');
    await page.waitForSelector('#coded li', { timeout: 10000 });
    const coded = await page.textContent('#coded li');
    say(/19/.test(coded), `pasted article coded live: "${coded.slice(0, 60)}"`);
    const bars = await page.$$eval('#timeline rect.bar', (r) => r.length);
    say(bars > 0, `timeline bars: ${bars}`);
    await page.screenshot({ path: shot });
    say(failed.length === 0, `no request failed (offline map)${failed.length ? ': ' + failed.join(' ') : ''}`);
  } catch (e) {
    say(false, 'dashboard: ' + e.message.split('\n')[0]);
  } finally {
    await browser.close();
  }
})();
