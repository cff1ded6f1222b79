#!/usr/bin/env bash
# The floor: the same blobs moved by nothing but curl, FLOOR_JOBS (default 6) at a time, no digest
# checks, no retries, no progress. A copy tool cannot beat this; the bench compares berth with it.
#
#   floor.sh reg-reg SRC_URL SRC_REPO DST_URL DST_REPO TAG MANIFEST_DIGEST BLOB_DIGEST...
#   floor.sh reg-oci SRC_URL SRC_REPO LAYOUT_DIR   TAG MANIFEST_DIGEST BLOB_DIGEST...
#   floor.sh oci-reg LAYOUT_DIR -     DST_URL DST_REPO TAG MANIFEST_DIGEST BLOB_DIGEST...
#   floor.sh mount   REG_URL SRC_REPO REG_URL DST_REPO TAG MANIFEST_DIGEST BLOB_DIGEST...
set -euo pipefail
export MT='application/vnd.oci.image.manifest.v1+json'
JOBS=${FLOOR_JOBS:-6}
mode=$1
shift

# Opens an upload session in $DST/$DST_REPO and prints the PUT URL for digest $1.
upload_url() {
  local loc
  loc=$(curl -fsS -o /dev/null -X POST -w '%header{location}' "$DST/v2/$DST_REPO/blobs/uploads/")
  [[ $loc == /* ]] && loc="$DST$loc"
  if [[ $loc == *'?'* ]]; then echo "$loc&digest=$1"; else echo "$loc?digest=$1"; fi
}
# GET from the source registry piped into a chunked PUT to the destination.
reg_reg_blob() {
  curl -fsS "$SRC/v2/$SRC_REPO/blobs/$1" |
    curl -fsS -o /dev/null -H 'Expect:' -H 'content-type: application/octet-stream' -T - "$(upload_url "$1")"
}
reg_oci_blob() { curl -fsS -o "$LAYOUT/blobs/sha256/${1#sha256:}" "$SRC/v2/$SRC_REPO/blobs/$1"; }
oci_reg_blob() {
  curl -fsS -o /dev/null -H 'Expect:' -H 'content-type: application/octet-stream' \
    -T "$LAYOUT/blobs/sha256/${1#sha256:}" "$(upload_url "$1")"
}
mount_blob() {
  local code
  code=$(curl -fsS -o /dev/null -w '%{http_code}' -X POST "$DST/v2/$DST_REPO/blobs/uploads/?mount=$1&from=$SRC_REPO")
  [[ $code == 201 ]] || { echo "mount of $1 answered $code" >&2; return 1; }
}
export -f upload_url reg_reg_blob reg_oci_blob oci_reg_blob mount_blob

each_blob() { printf '%s\n' "${@:2}" | xargs -P "$JOBS" -n 1 bash -o pipefail -c "$1 \"\$0\""; }
get_manifest() { curl -fsS -H "Accept: $MT" -o "$2" "$SRC/v2/$SRC_REPO/manifests/$1"; }
put_manifest() { curl -fsS -o /dev/null -X PUT -H "content-type: $MT" --data-binary @"$2" "$DST/v2/$DST_REPO/manifests/$1"; }

case $mode in
reg-reg | mount)
  export SRC=$1 SRC_REPO=$2 DST=$3 DST_REPO=$4
  tag=$5
  shift 6
  manifest=$(mktemp)
  trap 'rm -f "$manifest"' EXIT
  get_manifest "$tag" "$manifest"
  if [[ $mode == mount ]]; then each_blob mount_blob "$@"; else each_blob reg_reg_blob "$@"; fi
  put_manifest "$tag" "$manifest"
  ;;
reg-oci)
  export SRC=$1 SRC_REPO=$2 LAYOUT=$3
  tag=$4 digest=$5
  shift 5
  mkdir -p "$LAYOUT/blobs/sha256"
  manifest="$LAYOUT/blobs/sha256/${digest#sha256:}"
  get_manifest "$tag" "$manifest"
  each_blob reg_oci_blob "$@"
  printf '{"imageLayoutVersion":"1.0.0"}' >"$LAYOUT/oci-layout"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"%s","digest":"%s","size":%d,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
    "$MT" "$digest" "$(stat -c %s "$manifest")" "$tag" >"$LAYOUT/index.json"
  ;;
oci-reg)
  export LAYOUT=$1 DST=$3 DST_REPO=$4
  tag=$5 digest=$6
  shift 6
  each_blob oci_reg_blob "$@"
  put_manifest "$tag" "$LAYOUT/blobs/sha256/${digest#sha256:}"
  ;;
*)
  echo "unknown mode $mode" >&2
  exit 2
  ;;
esac
