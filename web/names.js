// names.js: the names the dashboard shows beside codes ("190 use conventional military
// force", "RUSMIL Russia: Military"), from names.json (built from dict/cameo.txt,
// dict/actor-codes.txt and npm world-countries), and the DOM helpers that put every string
// from the API on the page as text, never as HTML.
'use strict';
window.herald = window.herald || {};
(function (H) {
  H.names = { codes: {}, parts: {}, countries: {} };
  H.namesReady = fetch('names.json').then((r) => r.json()).then((n) => { H.names = n; }).catch(() => {});

  H.codeName = (code) => H.names.codes[code] || '';
  H.codeLabel = (code) => (code ? `${code} ${H.codeName(code)}`.trim() : '');
  H.countryName = (cc) => H.names.countries[cc] || cc || '';
  // "RUSMIL" -> "Russia: Military"; "GOV" -> "Government"; "IGOEUREEC" -> "Intergovernmental
  // organization Europe European Union"; a part of no name stays its code
  H.actorName = function (code) {
    if (!code) return '';
    const parts = [];
    let rest = code;
    if (/^[A-Z]{3}/.test(rest) && H.names.countries[rest.slice(0, 3)]) {
      parts.push(H.names.countries[rest.slice(0, 3)]);
      rest = rest.slice(3);
    }
    const named = [];
    for (; rest.length >= 3; rest = rest.slice(3)) named.push(H.names.parts[rest.slice(0, 3)] || rest.slice(0, 3));
    return parts.concat(named.length ? [named.join(' ')] : []).join(': ');
  };
  H.actorLabel = (code) => (code ? `${code} (${H.actorName(code)})` : '?');

  // An element whose children are nodes or text: a stored name holding markup is shown as the
  // characters it is (a text node), never parsed.
  H.el = function (tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of children) if (c != null) node.append(c instanceof Node ? c : String(c));
    return node;
  };
})(window.herald);
