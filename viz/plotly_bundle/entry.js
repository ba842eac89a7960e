'use strict';

// plotly.js with only what mlpath's figures draw (viz.assets.TRACE_TYPES): its core, which always
// holds the scatter trace and the components (legend, hover, shapes, modebar, ...), and the bar trace.
// The same as plotly.js's own lib/index-basic.js without the pie trace and the world calendars.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar')
]);

module.exports = Plotly;
