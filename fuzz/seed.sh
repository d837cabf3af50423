#!/bin/sh
# Copies the fixtures of tests/data (and the regression inputs of tests/data/fuzz) into
# fuzz/corpus/<target>/, the seed corpora of the `cargo fuzz` targets. Run from anywhere;
# fuzz/corpus is git-ignored, so run this again after a fresh clone.
set -eu
fuzz=$(cd "$(dirname "$0")" && pwd)
data="$fuzz/../tests/data"
sample="$fuzz/../assets/sample"
corpus="$fuzz/corpus"

seed() { # seed TARGET FILE...
    target=$1
    shift
    mkdir -p "$corpus/$target"
    for file in "$@"; do
        [ -f "$file" ] && cp "$file" "$corpus/$target/"
    done
    return 0
}

seed project_text "$data"/*.ron "$data"/merge/*.ron
seed project_file "$data"/*.ron "$data"/merge/*.ron
seed import_jsonl "$data/export/annotations.jsonl"
seed import_w3c "$data/export/annotations.jsonld"
seed html_text "$data/export/report.html" "$data/v1_corpus/sub/page.html"
seed decode_bytes "$data/v1_corpus/article.txt" "$sample"/*.txt

# brat: annotation.conf, the separator of qari::fuzzing::BRAT_SEPARATOR, then the .ann file.
mkdir -p "$corpus/import_brat"
cp "$data/export/مقال.ann" "$corpus/import_brat/ann-only"
{
    cat "$data/export/annotation.conf"
    printf '\n%%%%ann%%%%\n'
    cat "$data/export/مقال.ann"
} > "$corpus/import_brat/conf-and-ann"

# The sample articles in the legacy encodings the detector must tell apart.
if command -v iconv > /dev/null; then
    for file in "$data/v1_corpus/article.txt" "$sample"/000_*.txt; do
        name=$(basename "$file" .txt)
        for enc in WINDOWS-1256 ISO-8859-6 UTF-16LE UTF-16BE; do
            iconv -c -f UTF-8 -t "$enc" "$file" > "$corpus/decode_bytes/$name.$enc" 2> /dev/null || true
        done
    done
    iconv -c -f UTF-8 -t WINDOWS-1256 "$data/v1_corpus/sub/page.html" \
        > "$corpus/html_text/page.windows-1256.html" 2> /dev/null || true
fi

# Inputs that once broke a target stay in its seeds.
for dir in "$data"/fuzz/*/; do
    [ -d "$dir" ] || continue
    target=$(basename "$dir")
    mkdir -p "$corpus/$target"
    cp "$dir"* "$corpus/$target/" 2> /dev/null || true
done
echo "seeded: $(find "$corpus" -type f | wc -l) files in $corpus"
