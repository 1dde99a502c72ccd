#!/usr/bin/env bash
# Installs the front-end packages from the npm registry and copies only the files the pages load into
# dangan/static/vendor/ (generated, not committed). No CDN is used at run time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if ! command -v npm >/dev/null 2>&1; then
    echo "build_assets: npm 未安装（Debian: apt-get install npm）/ npm is not installed" >&2
    exit 1
fi

if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
else
    npm install --no-audit --no-fund --loglevel=error
fi

NM="$ROOT/node_modules"
VENDOR="$ROOT/dangan/static/vendor"
rm -rf "$VENDOR"
mkdir -p "$VENDOR/bootstrap" "$VENDOR/bootstrap-icons/fonts" "$VENDOR/htmx" "$VENDOR/echarts"

cp "$NM/bootstrap/dist/css/bootstrap.min.css" "$VENDOR/bootstrap/"
cp "$NM/bootstrap/dist/js/bootstrap.bundle.min.js" "$VENDOR/bootstrap/"
# The icon stylesheet refers to ./fonts/bootstrap-icons.woff2 and .woff relative to itself.
cp "$NM/bootstrap-icons/font/bootstrap-icons.min.css" "$VENDOR/bootstrap-icons/"
cp "$NM/bootstrap-icons/font/fonts/bootstrap-icons.woff2" "$NM/bootstrap-icons/font/fonts/bootstrap-icons.woff" \
    "$VENDOR/bootstrap-icons/fonts/"
cp "$NM/htmx.org/dist/htmx.min.js" "$VENDOR/htmx/"
cp "$NM/echarts/dist/echarts.min.js" "$VENDOR/echarts/"

# Source maps are not shipped; drop their references so collectstatic's manifest storage does not look
# for the missing .map files.
sed -i -e '/sourceMappingURL=/d' "$VENDOR/bootstrap/bootstrap.min.css" "$VENDOR/bootstrap/bootstrap.bundle.min.js"

for pkg in bootstrap bootstrap-icons htmx.org echarts; do
    version="$(node -p "require('$NM/$pkg/package.json').version")"
    echo "$pkg $version"
done > "$VENDOR/VERSIONS.txt"

echo "build_assets: 已复制到 $VENDOR"
cat "$VENDOR/VERSIONS.txt"
