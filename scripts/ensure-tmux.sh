#!/usr/bin/env bash
# Installs tmux from Debian's packages when it is missing, for the test that
# reads the export's progress display off a real terminal
# (__test__/cli-terminal.test.ts). Only as root with apt-get; anywhere else,
# or when apt fails, it says so and that test skips, naming the reason.
set -uo pipefail

command -v tmux >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-tmux: tmux is not installed and apt-get as root is not available; the terminal test will skip" >&2
  exit 0
fi
echo "ensure-tmux: installing tmux (apt-get)" >&2
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux; } >/dev/null 2>&1; then
  echo "ensure-tmux: apt-get could not install tmux; the terminal test will skip" >&2
fi
exit 0
