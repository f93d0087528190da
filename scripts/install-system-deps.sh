#!/bin/sh
# Install the system packages that the tests need and that are missing: Chromium,
# poppler-utils, the DejaVu fonts the browser tests were measured with, and (if
# missing) Node.js and a Java runtime (for the HTML checker). Building and
# serving the site need no system packages: the PDF engine (typst) and its fonts
# come from Python packages.
#   sh scripts/install-system-deps.sh test
set -eu
PACKAGES="chromium poppler-utils fonts-dejavu-core"
command -v node >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs npm"
command -v java >/dev/null 2>&1 || PACKAGES="$PACKAGES default-jre-headless"
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
