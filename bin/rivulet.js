#!/usr/bin/env node
// The `rivulet` command (package.json "bin"): the CLI lives in dist/cli/main.js, built from cli/.
import "../dist/cli/main.js";
