// Extension-host suite for a workspace WITHOUT CloudTrail (test/e2e/fixtures/quiet-workspace): the
// extension activates on JSON but must not start its server or show anything until CloudTrail appears.
const path = require('path');
const Mocha = require('mocha');

module.exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'quiet-workspace.test.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
};
