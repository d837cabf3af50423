#!/usr/bin/env python3
"""Write the five agreement fixtures to fixtures/*.json.

The JSON files are the source of truth (they are committed alongside this
script); this script only documents how they were laid out and can recreate
them byte-identically.

Documents are described by token lengths (in code points) separated by one
space, and by how many tokens each sentence holds.  A token range is
[start, end) of the token itself (the separating space belongs to no token);
a sentence range runs from the start of its first token to the end of its
last token.  Annotations are written as token spans plus optional code-point
shifts of the start/end edges, then converted to code-point offsets.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def make_doc(token_lengths, sentence_sizes):
    assert sum(sentence_sizes) == len(token_lengths)
    tokens = []
    pos = 0
    for i, n in enumerate(token_lengths):
        tokens.append([pos, pos + n])
        pos += n + (1 if i + 1 < len(token_lengths) else 0)
    length = pos
    sentences = []
    t = 0
    for size in sentence_sizes:
        sentences.append([tokens[t][0], tokens[t + size - 1][1]])
        t += size
    return {"length": length, "tokens": tokens, "sentences": sentences}


def span(docs, doc, coder, code, first_tok, last_tok, d_start=0, d_end=0):
    toks = docs[doc]["tokens"]
    start = toks[first_tok][0] + d_start
    end = toks[last_tok][1] + d_end
    assert 0 <= start < end <= docs[doc]["length"], (doc, start, end)
    return {"coder": coder, "doc": doc, "start": start, "end": end, "code": code}


def fixture_01():
    docs = {"d1": make_doc([4, 3, 6, 2, 5, 7, 3, 4], [3, 3, 2])}
    ann = []
    for c in ["A", "B"]:
        ann += [
            span(docs, "d1", c, "PER", 0, 0),
            span(docs, "d1", c, "ORG", 4, 5),
            span(docs, "d1", c, "PER", 7, 7),
        ]
    return {
        "name": "01_perfect_agreement",
        "description": "Two coders, identical annotations: every measure must be 1 (where defined).",
        "codes": ["PER", "ORG"],
        "coders": ["A", "B"],
        "docs": docs,
        "annotations": ann,
    }


def fixture_02():
    docs = {
        "d1": make_doc([5, 4, 3, 6, 4, 2, 5, 3, 6, 4], [3, 4, 3]),
        "d2": make_doc([3, 5, 4, 4, 6, 3, 5, 2], [4, 4]),
    }
    ann = [
        # coder A (reference)
        span(docs, "d1", "A", "PER", 0, 1),
        span(docs, "d1", "A", "LOC", 4, 4),
        span(docs, "d1", "A", "PER", 7, 8),
        span(docs, "d2", "A", "LOC", 1, 2),
        span(docs, "d2", "A", "PER", 5, 5),
        # coder B
        span(docs, "d1", "B", "PER", 0, 1, d_end=-2),   # end shifted left, stops mid-token 1
        span(docs, "d1", "B", "LOC", 4, 5),             # end extended over token 5
        span(docs, "d1", "B", "PER", 7, 8),             # exact match
        span(docs, "d2", "B", "LOC", 1, 2, d_start=1),  # start shifted right, mid-token 1
        # B dropped A's d2 PER span on token 5
    ]
    return {
        "name": "02_partial_overlap",
        "description": "Two coders, two codes; shifted edges (one mid-token), one span extended, one exact, one dropped.",
        "codes": ["PER", "LOC"],
        "coders": ["A", "B"],
        "docs": docs,
        "annotations": ann,
    }


def fixture_03():
    docs = {
        "d1": make_doc([4, 6, 3, 5, 7, 2, 4, 5, 3, 6, 4, 5], [4, 4, 4]),
        "d2": make_doc([5, 3, 6, 4, 5, 2, 6, 3], [3, 5]),
    }
    ann = [
        # ann1
        span(docs, "d1", "ann1", "PER", 0, 1),
        span(docs, "d1", "ann1", "ORG", 3, 4),
        span(docs, "d1", "ann1", "LOC", 8, 8),
        span(docs, "d1", "ann1", "PER", 10, 11),
        span(docs, "d2", "ann1", "ORG", 0, 0),
        span(docs, "d2", "ann1", "LOC", 4, 5),
        span(docs, "d2", "ann1", "PER", 7, 7),
        # ann2
        span(docs, "d1", "ann2", "PER", 0, 1),
        span(docs, "d1", "ann2", "ORG", 3, 3),            # shorter
        span(docs, "d1", "ann2", "LOC", 8, 8),
        span(docs, "d1", "ann2", "LOC", 10, 11),          # code disagreement (ann1/ann3: PER)
        span(docs, "d2", "ann2", "ORG", 0, 0),
        span(docs, "d2", "ann2", "LOC", 4, 5),
        span(docs, "d2", "ann2", "PER", 7, 7, d_start=1), # start shifted mid-token
        # ann3
        span(docs, "d1", "ann3", "PER", 1, 1),            # only the second token
        span(docs, "d1", "ann3", "ORG", 3, 4),
        span(docs, "d1", "ann3", "ORG", 8, 8),            # code disagreement (others: LOC)
        span(docs, "d1", "ann3", "PER", 10, 11),
        span(docs, "d2", "ann3", "ORG", 0, 1),            # longer
        span(docs, "d2", "ann3", "LOC", 4, 4),            # shorter
        span(docs, "d2", "ann3", "PER", 2, 2),            # extra span nobody else has
        # ann3 left d2 token 7 uncoded
    ]
    return {
        "name": "03_three_coders",
        "description": "Three coders, three codes, two documents: boundary and code disagreements, extra and missing spans.",
        "codes": ["PER", "ORG", "LOC"],
        "coders": ["ann1", "ann2", "ann3"],
        "docs": docs,
        "annotations": ann,
    }


def fixture_04():
    docs = {"d1": make_doc([5, 3, 4, 6, 2, 5, 4, 3, 5, 4], [4, 3, 3])}
    ann = [
        span(docs, "d1", "A", "PER", 0, 0),
        span(docs, "d1", "A", "ORG", 2, 3),
        span(docs, "d1", "A", "PER", 7, 7),
        span(docs, "d1", "B", "PER", 1, 1),
        span(docs, "d1", "B", "PER", 5, 5),
        span(docs, "d1", "B", "ORG", 9, 9),
    ]
    return {
        "name": "04_no_overlap",
        "description": "Two coders whose spans never overlap in any code point (they do share sentences).",
        "codes": ["PER", "ORG"],
        "coders": ["A", "B"],
        "docs": docs,
        "annotations": ann,
    }


def fixture_05():
    docs = {
        "d1": make_doc([4, 5, 3, 6, 4, 5], [3, 3]),
        "d2": make_doc([6, 3, 5, 4, 2, 5, 4], [4, 3]),
    }
    ann = [
        span(docs, "d1", "A", "PER", 0, 0),
        span(docs, "d1", "A", "ORG", 3, 4),
        span(docs, "d2", "A", "PER", 1, 1),
        span(docs, "d2", "A", "ORG", 4, 5),
        span(docs, "d1", "B", "PER", 0, 0),
        span(docs, "d1", "B", "ORG", 3, 3),
        # B coded nothing in d2 (d2 still counts: B's value there is 0 everywhere)
    ]
    return {
        "name": "05_empty_code_one_sided_doc",
        "description": "Code MISC is in the codebook but never used; in d2 only coder A coded anything.",
        "codes": ["PER", "ORG", "MISC"],
        "coders": ["A", "B"],
        "docs": docs,
        "annotations": ann,
    }


def main():
    out = os.path.join(HERE, "fixtures")
    os.makedirs(out, exist_ok=True)
    for f in [fixture_01, fixture_02, fixture_03, fixture_04, fixture_05]:
        fx = f()
        with open(os.path.join(out, fx["name"] + ".json"), "w", encoding="utf-8") as fh:
            json.dump(fx, fh, indent=1, ensure_ascii=False)
            fh.write("\n")


if __name__ == "__main__":
    main()
