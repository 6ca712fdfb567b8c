// gen-web-names.js: writes the names the dashboard shows beside codes, as one JSON object:
// CAMEO event codes (dict/cameo.txt), the parts of actor codes (roles, regions, religions:
// dict/actor-codes.txt) and countries by ISO
// alpha-2 and alpha-3 (npm world-countries). usage: node gen-web-names.js > names.json
'use strict';
const fs = require('fs');
const countries = require('world-countries');

const lines = (file) => fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
const codes = {};
for (const l of lines('dict/cameo.txt')) {
  const m = /^cameo\s+(\d+)\s+\S+\s+(.*)$/.exec(l);
  if (m) codes[m[1]] = m[2].trim();
}
const parts = {};
for (const l of lines('dict/actor-codes.txt')) {
  const m = /^actor-code\s+([A-Z]{3})\s+\S+\s+(.*)$/.exec(l);
  if (m) parts[m[1]] = m[2].trim();
}
const names = {};
for (const c of countries) {
  names[c.cca2] = c.name.common;
  names[c.cca3] = c.name.common;
}
process.stdout.write(JSON.stringify({ codes, parts, countries: names }) + '\n');
