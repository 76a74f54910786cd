// Loaded by the REAL extension host (extensionTestsPath): runs every test/e2e/suite/*.test.js with mocha.
// Shared by the code-server runner (exthost.e2e.mjs) and the desktop runner (desktop.mjs).
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

module.exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: 'spec' });
  const grep = process.env.EXTHOST_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
};
