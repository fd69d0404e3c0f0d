#!/bin/sh
# Reproduce engine/server/pages/static/nlds/: the NL Design System CSS the web pages use, copied
# unmodified from the npm packages pinned in scripts/nlds/package-lock.json, with their licence files.
#   @utrecht/component-library-css                      the components (EUPL-1.2)
#   @nl-design-system-unstable/voorbeeld-design-tokens  the free example theme: colours, fonts, sizes (EUPL-1.2)
# (Utrecht's own design tokens are not used: their licence keeps them for Gemeente Utrecht.)
# Needs node with npm and access to the npm registry. Run from anywhere: sh scripts/nlds-css.sh
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$repo/scripts/nlds/package.json" "$repo/scripts/nlds/package-lock.json" "$work/"
npm ci --prefix "$work" --ignore-scripts --no-audit --no-fund >/dev/null
out="$repo/engine/server/pages/static/nlds"
mkdir -p "$out"
components="$work/node_modules/@utrecht/component-library-css"
theme="$work/node_modules/@nl-design-system-unstable/voorbeeld-design-tokens"
cp "$components/dist/index.css" "$out/utrecht-component-library.css"
cp "$components/dist/html.css" "$out/utrecht-html.css"  # plain HTML elements inside class utrecht-html
cp "$components/LICENSE.md" "$out/LICENSE-utrecht-component-library-css.md"
cp "$theme/dist/theme.css" "$out/voorbeeld-theme.css"
cp "$theme/LICENSE.md" "$out/LICENSE-voorbeeld-design-tokens.md"
node -e 'for (const p of process.argv.slice(1)) { const j = require(p); console.log(j.name + " " + j.version + " " + j.license); }' \
  "$components/package.json" "$theme/package.json" > "$out/VERSIONS.txt"
echo "NL Design System CSS bijgewerkt in $out"
