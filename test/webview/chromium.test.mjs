// Every Chromium suite of the explorer webview in one process, sharing one browser page (opening a
// page costs seconds on a busy machine): the explorer behaviour, security, screenshots.

import { after } from 'node:test';
import { closeShared } from './harness.mjs';
import './suites/explorer.mjs';
import './suites/security.mjs';
import './suites/screenshots.mjs';
import './suites/responsive.mjs';
import './suites/group-by.mjs';
import './suites/pins.mjs';
import './suites/access-logs.mjs';
import './suites/findings.mjs';
import './suites/integrity.mjs';

after(() => closeShared());
