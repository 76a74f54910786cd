// Helpers of the extension-host suite: the extension's API, the sample workspace, polling.
const vscode = require('vscode');

const EXTENSION_ID = 'cloudtrail-s3.cloudtrail-s3-explorer';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value (the server answers asynchronously), or throws the last error. */
async function waitFor(what, fn, timeoutMs = 30000, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await sleep(everyMs);
  }
}

async function api() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.isActive ? ext.exports : ext.activate();
}

function workspaceUri(...segments) {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

async function findGzipTrailFile() {
  const [file] = await vscode.workspace.findFiles('AWSLogs/**/*.json.gz', undefined, 1);
  if (!file) throw new Error('no .json.gz trail file in the workspace');
  return file;
}

function hoverText(hovers) {
  return (hovers || []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** Position just inside the value of the first `"eventName": "<name>"` of a document. */
function eventNamePosition(doc, name) {
  const text = doc.getText();
  const at = name ? text.search(new RegExp(`"eventName"\\s*:\\s*"${name}"`)) : text.indexOf('"eventName"');
  if (at < 0) throw new Error(`no eventName ${name || ''} in ${doc.uri.toString()}`);
  const valueStart = text.indexOf('"', text.indexOf(':', at)) + 1;
  return doc.positionAt(valueStart + 2);
}

async function indexReady(sendRequest) {
  return waitFor('the workspace index', async () => {
    const status = await sendRequest('cloudtrail/indexStatusGet', {});
    return status && (status.state === 'ready' || status.state === 'cancelled') && status.s3Records > 0 ? status : undefined;
  }, 60000, 300);
}

module.exports = { EXTENSION_ID, sleep, waitFor, api, workspaceUri, findGzipTrailFile, hoverText, eventNamePosition, indexReady };
