// The webview source never uses markup-parsing DOM APIs, and the page shell escapes what it interpolates
// and writes a strict CSP.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, build } from './harness.mjs';

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.(ts|mts|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

describe('webview source', () => {
  test('no innerHTML, outerHTML, insertAdjacentHTML, document.write or inline handlers in webview/', () => {
    const files = sourceFiles(path.join(ROOT, 'webview'));
    assert.ok(files.length >= 10, 'the webview sources are there');
    const banned = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write(ln)?|createContextualFragment|srcdoc|DOMParser)\b|setAttribute\(\s*['"]on|\beval\(|new Function\(/;
    const hits = [];
    for (const f of files) {
      fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
        if (banned.test(line)) hits.push(`${path.relative(ROOT, f)}:${i + 1}: ${line.trim()}`);
      });
    }
    assert.deepEqual(hits, []);
  });

  test('the check above catches what it bans', () => {
    const banned = /\b(innerHTML|outerHTML|insertAdjacentHTML)\b/;
    assert.ok(banned.test('el.innerHTML = record.eventName;'));
    assert.ok(banned.test("row.insertAdjacentHTML('beforeend', html)"));
  });
});

describe('explorerHtml', () => {
  test('escapes every interpolated value and writes a strict CSP', async () => {
    const { explorerHtml } = await build();
    const html = explorerHtml({
      nonce: 'abc"def;script-src *',
      cspSource: "https://x.example 'unsafe-inline'; script-src *",
      scriptUri: 'https://x.example/webview.js"><script>alert(1)</script>',
      title: '<img src=x onerror=alert(1)>',
    });
    assert.ok(!html.includes('<img'), 'title escaped');
    assert.ok(!html.includes('<script>alert'), 'script URI escaped');
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'exactly one script element');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
    assert.ok(csp);
    assert.equal(csp, "default-src 'none'; script-src 'nonce-abcdefscript-src'; style-src https://x.example 'nonce-abcdefscript-src'; img-src https://x.example data:; font-src https://x.example");
    assert.equal(csp.split(';').length, 5);
    assert.ok(!/<[^>]*\son[a-z]+=/i.test(html.replace(/"[^"]*"/g, '""')), 'no inline handlers outside quoted attribute values');
  });

  test('the first rows travel as an inert JSON data block that log text cannot end or escape', async () => {
    const { explorerHtml } = await build();
    const evil = '</script><script>alert(1)</script><!-- \u2028 & <img src=x onerror=alert(2)>';
    const firstWindow = {
      params: { query: '', sort: { column: 'time', descending: true }, offset: 0, limit: 60 },
      result: { ok: true, total: 1, s3Total: 1, allTotal: 1, tookMs: 1, rows: [{ id: 0, file: evil, eventName: evil, key: '</SCRIPT >' }] },
    };
    const html = explorerHtml({ nonce: 'N0nce', cspSource: 'https://x.example', scriptUri: 'https://x.example/webview.js', firstWindow });
    // One executable script (ours, with the nonce) and one data block; no markup of the data anywhere.
    assert.equal((html.match(/<script/gi) ?? []).length, 2);
    assert.equal((html.match(/<\/script/gi) ?? []).length, 2);
    assert.ok(!html.includes('<img') && !html.includes('<!--'));
    const block = /<script type="application\/json" id="first-window">([^<]*)<\/script>/.exec(html)?.[1];
    assert.ok(block, 'the data block');
    assert.deepEqual(JSON.parse(block), firstWindow, 'and it reads back as it was');
  });

  test('a plain call gives the documented policy', async () => {
    const { explorerHtml } = await build();
    const html = explorerHtml({ nonce: 'N0nce', cspSource: 'https://*.vscode-cdn.net', scriptUri: 'https://file%2B.vscode-resource.vscode-cdn.net/dist/webview.js' });
    assert.ok(html.includes(`content="default-src 'none'; script-src 'nonce-N0nce'; style-src https://*.vscode-cdn.net 'nonce-N0nce'; img-src https://*.vscode-cdn.net data:; font-src https://*.vscode-cdn.net"`));
    assert.ok(html.includes('<script nonce="N0nce" src="https://file%2B.vscode-resource.vscode-cdn.net/dist/webview.js"></script>'));
  });
});

