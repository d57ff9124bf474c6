#!/usr/bin/env bash
# Builds a self-contained Linux app image of IOPT Explorer (its own Java runtime, the icon and a .desktop entry)
# with the JDK's jpackage. Usage, from anywhere:  packaging/build-app-image.sh [OUTPUT_DIR]
# The image lands in OUTPUT_DIR/iopt-explorer (default: target/app-image/iopt-explorer); start it with
# OUTPUT_DIR/iopt-explorer/bin/iopt-explorer (no arguments: the window; arguments: the command line).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out=${1:-$root/target/app-image}
command -v jpackage >/dev/null || { echo "jpackage not found: it ships with JDK 14 and newer (set JAVA_HOME/PATH)" >&2; exit 2; }

version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)
echo "Building the jar (mvn -B -q -DskipTests package) ..."
(cd "$root" && mvn -B -q -DskipTests package)

# jpackage copies every file of --input into the image: give it a folder holding only the self-contained jar.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$root/app/target/iopt-explorer.jar" "$stage/"

rm -rf "$out/iopt-explorer"
mkdir -p "$out"
echo "Running jpackage --type app-image ..."
# The classpath launcher (not the Application subclass) is the main class: see the toolchain notes.
# -Xmx8g: the window runs the 1 TiB sample in 8 GiB of heap (README, Performance); smaller samples use far less.
jpackage --type app-image \
  --name iopt-explorer \
  --app-version "$version" \
  --input "$stage" \
  --main-jar iopt-explorer.jar \
  --main-class io.ioptexplorer.app.Launcher \
  --icon "$here/iopt-explorer.png" \
  --java-options '-Xmx8g' \
  --dest "$out"

# A desktop entry beside the launcher; install it with
#   cp OUTPUT_DIR/iopt-explorer/iopt-explorer.desktop ~/.local/share/applications/
sed -e "s:@EXEC@:$out/iopt-explorer/bin/iopt-explorer:" -e "s:@ICON@:$out/iopt-explorer/lib/iopt-explorer.png:" \
    "$here/iopt-explorer.desktop.in" > "$out/iopt-explorer/iopt-explorer.desktop"
echo "App image: $out/iopt-explorer  (start: $out/iopt-explorer/bin/iopt-explorer)"
