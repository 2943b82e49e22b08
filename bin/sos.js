#!/usr/bin/env node
// The `sos` command: runs the compiled CLI (npm run build first, or use npm start).
import '../dist/src/main/cli.js';
