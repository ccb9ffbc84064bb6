#!/usr/bin/env bash
# deploy/nginx.conf is valid nginx configuration (`nginx -t`), when nginx is installed: the
# suite does not install nginx for this check alone, and says so when it cannot run it.
set -euo pipefail
root=${1:?usage: $0 REPO_ROOT}
if ! command -v nginx >/dev/null; then
  echo "nginx is not installed: deploy/nginx.conf not checked"
  exit 0
fi
nginx -t -q -c "$root/deploy/nginx.conf"
