#!/bin/bash
# bench/attachments.sh: the thumbnail of a 12-megapixel JPEG, its time and peak RSS, and what
# an upload of that photo costs.
#
#   1. bench/thumb.c (src/attachments/image.c alone, -O2 as the release) writes a photo-like
#      4000 x 3000 JPEG at quality 92 with an EXIF segment (gradients, edges and sensor noise:
#      about 4 MB, as a phone's), then, each in a fresh process so that its peak RSS is its own:
#        read       the file only: the floor of the RSS
#        thumbnail  the header checked and the 320 px thumbnail made (libjpeg-turbo decodes at
#                   1/8 by its DCT scaling), BENCH_RUNS times
#        upload     what an upload does to it: checked, the shown copy of 2,560 px and the
#                   thumbnail made, BENCH_RUNS times
#   2. bin/linli serving a fresh SQLite database: the same photo POSTed to /api/v1/attachments
#      (multipart, a bearer token, one request of the community) BENCH_UPLOADS times one after
#      another, curl's time of each, and the server's peak RSS (VmHWM) before and after.
# Writes bench/out/attachments.md. Environment: BENCH_RUNS (20), BENCH_UPLOADS (10),
# BENCH_LINLI (bin/linli).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${BENCH_RUNS:-20}
uploads=${BENCH_UPLOADS:-10}
server_bin=${BENCH_LINLI:-bin/linli}
out=bench/out
mkdir -p "$out"

. bench/lib.sh

scripts/deps.sh run
make --no-print-directory all
command -v curl >/dev/null || die "curl is not installed (scripts/deps.sh bench installs it)"

work=$(mktemp -d /tmp/linli-bench.XXXXXX)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

# --- the library by itself --------------------------------------------------------------------
${CC:-cc} -std=c17 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Isrc \
	$(pkg-config --cflags libjpeg libpng libwebp) bench/thumb.c src/attachments/image.c \
	-o "$work/thumb" $(pkg-config --libs libjpeg libpng libwebp) -lm
photo=$work/photo.jpg
"$work/thumb" make "$photo"
bytes=$(stat -c %s "$photo")
log "a 4000 x 3000 JPEG of $bytes bytes"
read_line=$("$work/thumb" read "$photo")
thumb_line=$("$work/thumb" thumbnail "$photo" "$runs")
upload_line=$("$work/thumb" upload "$photo" "$runs")
field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<<"$2"; }
floor_kb=$(field peak_rss_kb "$read_line")

# --- through the server ------------------------------------------------------------------------
db="sqlite:$work/bench.db"
"$server_bin" migrate --db "$db" >/dev/null
"$server_bin" unit add 510104099 --name 测试街道 --kind street --db "$db" >/dev/null
unit_id=$("$server_bin" unit add 510104099001 --name 测试社区 --kind community --parent 510104099 --db "$db" |
	sed -n 's/.*(id \([0-9]*\)).*/\1/p')
printf '%s\n' 'Bench-pass-2026' | "$server_bin" user add bench_att --role staff --unit 510104099001 --db "$db" >/dev/null
token=$("$server_bin" token create bench_att --name bench --db "$db" 2>/dev/null | tail -n 1)
[ -n "$token" ] || die "no token was created"
start_linli "$db" "$work/linli.log"
[ -n "$unit_id" ] || die "the community was not made"
rq=$(curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
	-d "{\"channel\":\"window\",\"body\":\"路灯不亮\",\"unit_id\":$unit_id}" "$linli_base/api/v1/requests" |
	sed -n 's/^{"id":\([0-9]*\).*/\1/p')
[ -n "$rq" ] || die "no request was created"
rss_before=$(peak_rss_mb "$linli_pid")
times=()
for i in $(seq 1 "$uploads"); do
	r=$(curl -s -o "$work/answer" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $token" \
		-F entity=request -F entity_id="$rq" -F "file=@$photo;filename=IMG_$i.jpg;type=image/jpeg" \
		"$linli_base/api/v1/attachments")
	[ "${r%% *}" = 201 ] || { cat "$work/answer" >&2; die "upload $i answered ${r%% *}"; }
	times+=("$(awk -v s="${r#* }" 'BEGIN { printf "%.1f", s * 1000 }')")
done
rss_after=$(peak_rss_mb "$linli_pid")
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
up_min=${sorted[0]}
up_med=${sorted[$((uploads / 2))]}
up_max=${sorted[$((uploads - 1))]}

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
{
	echo "## Attachments: a 12-megapixel JPEG"
	echo
	echo "A photo-like 4000 x 3000 JPEG of $bytes bytes (quality 92, with an EXIF segment)."
	echo
	echo "| what | runs | min ms | median ms | max ms | peak RSS MB |"
	echo "|---|---:|---:|---:|---:|---:|"
	echo "| the file read, nothing else (the floor) | 1 | | | | $(mb "$floor_kb") |"
	echo "| thumbnail (320 px, decoded at 1/8) | $runs | $(field min_ms "$thumb_line") | $(field median_ms "$thumb_line") | $(field max_ms "$thumb_line") | $(mb "$(field peak_rss_kb "$thumb_line")") |"
	echo "| upload's work (checked, shown copy of 2,560 px, thumbnail) | $runs | $(field min_ms "$upload_line") | $(field median_ms "$upload_line") | $(field max_ms "$upload_line") | $(mb "$(field peak_rss_kb "$upload_line")") |"
	echo "| POST /api/v1/attachments through linli (curl, loopback) | $uploads | $up_min | $up_med | $up_max | server $rss_before → $rss_after |"
} | tee "$out/attachments.md"
