@echo off
rem The repository's build entry point (NUKE layout): build.cmd [compile^|test^|pack^|publish^|sample]
setlocal
set DOTNET_CLI_TELEMETRY_OPTOUT=1
set DOTNET_NOLOGO=1
dotnet build "%~dp0build\_build.csproj" -c Release -nologo -v quiet -o "%~dp0artifacts\build" || exit /b 1
dotnet "%~dp0artifacts\build\_build.dll" %*
