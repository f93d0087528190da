#!/bin/sh
# Install the system packages that are missing.
#   sh scripts/install-system-deps.sh build   Cairo, Pango and fonts, for the PDFs and preview images
#   sh scripts/install-system-deps.sh test    those, plus Chromium, poppler-utils and (if missing) Node.js and a Java runtime for the tests
set -eu
PACKAGES="libcairo2 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
if [ "${1:-test}" = "test" ]; then
  PACKAGES="$PACKAGES chromium poppler-utils"
  command -v node >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs npm"
  command -v java >/dev/null 2>&1 || PACKAGES="$PACKAGES default-jre-headless"
fi
missing=""
for pkg in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install these packages with your package manager:$missing" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
