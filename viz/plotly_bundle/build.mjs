// Builds plotly-mlpath.min.js, the plotly.js bundle the pages carry (viz/assets.py, docs/viz.md).
//
// Run by ./build.sh (npm ci from package-lock.json, then this file), never at runtime.  It does what
// plotly.js's own partial-bundle task does for its dist/plotly-<name>.min.js files: esbuild over an
// index that registers the chosen traces with plotly.js's core (entry.js), with the settings of
// plotly.js's esbuild-config.js (IIFE named Plotly, `global` as window, AMD off, ES2016, minified,
// the same plugins; GLSL is left out, as no trace here has a shader), with the attributes' metadata
// that only documents them (descriptions, human-readable names, option lists) left out of plotly.js's
// sources as the prebuilt bundles leave it out (stripMetadata below), wrapped in the same UMD header
// and footer as the prebuilt bundles.  Every input is pinned by package-lock.json, so the same lock
// gives the same bytes (build.sh --check compares them).
import { build } from 'esbuild';
import { environmentPlugin } from 'esbuild-plugin-environment';
import InlineCSSPlugin from 'esbuild-plugin-inline-css';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] || join(here, 'plotly-mlpath.min.js');
const version = JSON.parse(readFileSync(join(here, 'node_modules', 'plotly.js', 'package.json'), 'utf8')).version;

// Attribute metadata in plotly.js's sources: `description`, `hrName`, `requiredOpts` and `otherOpts`
// properties whose value is a literal (a string, or an array of strings, joined or not).  plotly.js
// reads none of it to draw; it documents the attributes in its schema.
const METADATA_KEY = /^[ \t]*(?:description|hrName|requiredOpts|otherOpts):[ \t]*(?=['"`[])/gm;

// The end of the expression that starts at `from`: the first comma (included) or closing bracket
// (excluded) outside strings and brackets.
function expressionEnd(text, from) {
    let depth = 0;
    for (let i = from; i < text.length; i++) {
        const c = text[i];
        if (c === "'" || c === '"' || c === '`') {
            for (i++; text[i] !== c; i++) if (text[i] === '\\') i++;
        } else if (c === '(' || c === '[' || c === '{') {
            depth++;
        } else if (c === ')' || c === ']' || c === '}') {
            if (depth === 0) return i;
            depth--;
        } else if (c === ',' && depth === 0) {
            return i + 1;
        }
    }
    throw new Error('build.mjs: unterminated attribute metadata');
}

function withoutMetadata(text) {
    let out = '', at = 0;
    for (const match of text.matchAll(METADATA_KEY)) {
        if (match.index < at) continue;
        out += text.slice(at, match.index);
        at = expressionEnd(text, match.index + match[0].length);
    }
    return out + text.slice(at);
}

const stripMetadata = {
    name: 'strip-attribute-metadata',
    setup(builder) {
        builder.onLoad({ filter: /[\\/]plotly\.js[\\/]src[\\/].*\.js$/ }, args => {
            return { contents: withoutMetadata(readFileSync(args.path, 'utf8')), loader: 'js' };
        });
    },
};

const result = await build({
    entryPoints: [join(here, 'entry.js')],
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    sourcemap: false,
    write: false,
    legalComments: 'eof',
    plugins: [InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false }), stripMetadata],
    alias: { stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    logLevel: 'warning',
});

const header = `/**
* plotly.js (mlpath: scatter and bar - minified) v${version}
* Copyright 2012-2026, Plotly, Inc.
* All rights reserved.
* Licensed under the MIT license
*/
(
 function(root, factory) {
  if (typeof module === "object" && module.exports) {
   module.exports = factory();
  } else {
   root.moduleName = factory();
  }
} (typeof self !== "undefined" ? self : this, () => {
"use strict";`;
const footer = `
window.Plotly = Plotly;
return Plotly;
}));
`;
writeFileSync(out, header + result.outputFiles[0].text + footer);
console.log(`build.mjs: wrote ${out} (plotly.js ${version})`);
