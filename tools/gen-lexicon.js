// gen-lexicon.js: writes the part-of-speech lexicon of npm `en-lexicon` (MIT) as
// "word<TAB>TAG|TAG..." lines (most frequent tag first) for herald-dictc.
'use strict';
const { lexicon } = require('en-lexicon');
const out = [];
for (const word of Object.keys(lexicon)) {
  const tags = lexicon[word];
  if (typeof tags !== 'string' || !word || /[\t\n]/.test(word)) continue;
  out.push(word + '\t' + tags);
}
process.stdout.write(out.join('\n') + '\n');
