#!/bin/sh
# embed.sh NAME FILE: print a C file holding FILE's bytes as `NAME` and its length as `NAME_len`.
set -eu
name=$1 file=$2
printf '/* generated from %s by scripts/embed.sh */\n' "$file"
printf 'const unsigned char %s[] = {\n' "$name"
od -An -v -tx1 "$file" | sed 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g'
printf '0x00};\nconst unsigned int %s_len = %s;\n' "$name" "$(wc -c < "$file" | tr -d ' ')"
