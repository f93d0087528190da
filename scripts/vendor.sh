#!/bin/sh
# Copy the browser packages pinned in package.json into docs/assets/vendor/,
# and record where each copy came from. Run by `make vendor`; the copies are
# committed, so building the site never needs npm.
set -eu
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --silent
mkdir -p docs/assets/vendor
version=$(node -p 'require("./node_modules/qrcode-generator/package.json").version')
cp node_modules/qrcode-generator/dist/qrcode.js docs/assets/vendor/qrcode-generator.js
sum=$(sha256sum docs/assets/vendor/qrcode-generator.js | cut -d" " -f1)
cat > docs/assets/vendor/SOURCES.txt <<TXT
# Copies of npm packages, made by scripts/vendor.sh. Do not edit them by hand.
qrcode-generator $version dist/qrcode.js MIT sha256:$sum
TXT
echo "vendored qrcode-generator $version"
