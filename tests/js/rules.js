// The rules the build writes into the catalogue (lbeg/views.py, link_rules):
// the tests use the real ones, from the project's Python, not a copy.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const python = process.env.LBEG_PYTHON || `${root}.venv/bin/python`;
const code = "import json; from lbeg.views import link_rules; print(json.dumps(link_rules()))";

export const RULES = JSON.parse(execFileSync(python, ["-c", code], { cwd: root, encoding: "utf-8" }));
