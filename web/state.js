// state.js: the dashboard's filters, kept in three places that always agree: `herald.state`,
// the filter form, and the page's URL (so that a view can be bookmarked and shared, and is
// restored when the link is opened). The API parameters are the URL parameters.
'use strict';
window.herald = window.herald || {};
(function (H) {
  // the API's filters, then the dashboard's own settings
  const FILTERS = ['from', 'to', 'country', 'actor', 'code', 'acled_type', 'source', 'text'];
  const SETTINGS = ['bin'];
  H.state = { filters: {}, bin: 'day' };

  H.readUrl = function () {
    const p = new URLSearchParams(window.location.search);
    H.state.filters = {};
    for (const k of FILTERS) if (p.get(k)) H.state.filters[k] = p.get(k);
    H.state.bin = ['day', 'week', 'month'].includes(p.get('bin')) ? p.get('bin') : 'day';
  };

  H.writeUrl = function () {
    const p = new URLSearchParams();
    for (const k of FILTERS) if (H.state.filters[k]) p.set(k, H.state.filters[k]);
    if (H.state.bin !== 'day') p.set('bin', H.state.bin);
    const q = p.toString();
    window.history.replaceState(null, '', window.location.pathname + (q ? '?' + q : ''));
  };

  // the API query of the current filters, with extra parameters (limit, format)
  H.query = function (extra) {
    const p = new URLSearchParams();
    for (const k of FILTERS) if (H.state.filters[k]) p.set(k, H.state.filters[k]);
    for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
    return p.toString();
  };

  H.formToState = function (form) {
    H.state.filters = {};
    for (const [k, v] of new FormData(form).entries()) {
      if (FILTERS.includes(k) && String(v).trim()) H.state.filters[k] = String(v).trim();
      if (SETTINGS.includes(k)) H.state[k] = String(v);
    }
  };

  H.stateToForm = function (form) {
    for (const k of FILTERS.concat(SETTINGS)) {
      const input = form.elements.namedItem(k);
      if (input) input.value = k === 'bin' ? H.state.bin : (H.state.filters[k] || '');
    }
  };
})(window.herald);
