#!/usr/bin/env bash
# The repository's build entry point (NUKE layout): ./build.sh [compile|test|pack|publish|sample]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build "$root/build/_build.csproj" -c Release -nologo -v quiet -clp:NoSummary -o "$root/artifacts/build" >/dev/null \
  || dotnet build "$root/build/_build.csproj" -c Release -nologo -o "$root/artifacts/build"
exec dotnet "$root/artifacts/build/_build.dll" "$@"
