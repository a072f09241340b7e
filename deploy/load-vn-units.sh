#!/usr/bin/env bash
# Loads Vietnam's real administrative units (data/vn-units) into a running service:
#   deploy/load-vn-units.sh BASE_URL ADMIN_KEY        e.g. deploy/load-vn-units.sh http://127.0.0.1:5080 "$KEY"
#
# 1. the three trees, each with the day its list came into force:
#      2023-04  15 April 2023  the GSO list of 15 April 2023 (the file's own date: no list is in force from the 1st)
#      2025-03  1 March 2025   after the commune mergers of 2023-2025
#      2025-07  1 July 2025    districts abolished, communes merged (Decision 19/2025/QĐ-TTg)
# 2. each tree's units from its list (header code,name,level,parent,kind: what the units endpoint takes, as is);
# 3. the mapping 2023-04 -> 2025-03 by persisting codes (a 2023 commune whose code is in the 2025-03 list is
#    the same commune; the 566 merged ones stay unmapped), then 2025-03 -> 2025-07 from the shipped file
#    (its twelve codes of other editions of the list come back as unknownCodes).
#
# Re-running it is safe: trees are renamed in place, unchanged units are counted unchanged, mappings replaced.
# Every step prints the service's answer; the script stops at the first refusal or file with conflicts.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 BASE_URL ADMIN_KEY" >&2; exit 2; }
base=${1%/}
key=$2
data=$(cd "$(dirname "${BASH_SOURCE[0]}")/../data/vn-units" && pwd)

# call METHOD PATH [curl body options...]: prints the answer; fails on a status other than 2xx or on conflicts.
call() {
  local method=$1 path=$2
  shift 2
  local answer status
  answer=$(curl -sS -X "$method" "$base$path" -H "Authorization: Bearer $key" -w $'\n%{http_code}' "$@")
  status=${answer##*$'\n'}
  answer=${answer%$'\n'*}
  echo "$method $path -> $status"
  echo "$answer" | cut -c1-2000
  if [ "${status:0:1}" != 2 ]; then
    echo "refused: stopping" >&2
    exit 1
  fi
  if echo "$answer" | grep -q '"conflicts":\[{'; then
    echo "the file has conflicts and nothing of it was stored: stopping" >&2
    exit 1
  fi
}

tree() {
  local id=$1 day=$2 name=$3
  call PUT "/api/trees/$id" -H 'Content-Type: application/json' --data-binary "{\"validFrom\":\"$day\",\"name\":\"$name\"}"
}

tree 2023-04 2023-04-15 "Danh mục đơn vị hành chính 15/04/2023"
tree 2025-03 2025-03-01 "Danh mục đơn vị hành chính 01/03/2025"
tree 2025-07 2025-07-01 "Danh mục đơn vị hành chính 01/07/2025"

for id in 2023-04 2025-03 2025-07; do
  call POST "/api/trees/$id/units" -H 'Content-Type: text/csv' --data-binary "@$data/units-$id.csv"
done

call POST "/api/trees/2025-03/mapping?from=2023-04&by=code"
call POST "/api/trees/2025-07/mapping?from=2025-03" -H 'Content-Type: text/csv' --data-binary "@$data/mapping-2025-03-to-2025-07.csv"
echo "loaded: trees 2023-04, 2025-03 and 2025-07 with their units and mappings"
