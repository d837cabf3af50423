"""Tests of the Python package against the app's own data and its command line.

Run from the repository root after installing the wheel (see the README):
``python -m pytest crates/qari-py/tests``. Tests that compare with ``qari entities`` need the
CLI (``QARI_BIN``, else ``target/debug/qari`` or ``target/release/qari``); those on the
shared articles need ``QARI_SHARED_DATA`` (else ``../shared/data``). Each skips with a
message when what it needs is absent.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import qari

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO / "assets" / "sample"
V7 = REPO / "tests" / "data" / "project_v7.ron"
V7_TEXT = "قال الرئيس توكاييف في ألماتا إن القوات ستغادر.\n"
SENTENCE = "قال الرئيس توكاييف إن قوات منظمة معاهدة الأمن الجماعي ستغادر ألماتا."


def qari_bin() -> Path:
    """The qari CLI to compare with, or skip."""
    candidates = [os.environ.get("QARI_BIN")] if os.environ.get("QARI_BIN") else []
    candidates += [REPO / "target" / "debug" / "qari", REPO / "target" / "release" / "qari"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    pytest.skip("no qari binary (set QARI_BIN or run `cargo build`)")


def shared_data() -> Path:
    """The shared test data, or skip."""
    root = os.environ.get("QARI_SHARED_DATA") or str(REPO.parent / "shared" / "data")
    if not (Path(root) / "import-test").is_dir():
        pytest.skip("shared data not found (set QARI_SHARED_DATA)")
    return Path(root)


def jsonl(rows) -> str:
    """Mentions as JSON lines, spelt as serde_json spells them."""
    return "".join(
        json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n" for row in rows
    )


def rows_of(columns: dict):
    """Column dicts as row dicts, without the batch position."""
    names = [n for n in columns if n != "row"]
    for i in range(len(columns["start"])):
        yield {n: columns[n][i] for n in names}


def cli_entities(path: Path, *args: str) -> str:
    done = subprocess.run(
        [str(qari_bin()), "entities", str(path), *args],
        check=True,
        capture_output=True,
        env={**os.environ, "QARI_CONFIG_DIR": "/nonexistent-qari-config"},
    )
    return done.stdout.decode("utf-8")


# ---------------------------------------------------------------- reading


def test_read_decodes_windows_1256_bytes_and_names_them():
    doc = qari.read("ألماتا ترحب بالقرار".encode("cp1256"), name="a.txt")
    assert doc["text"] == "ألماتا ترحب بالقرار"
    assert doc["encoding"] == "windows-1256"
    assert doc["title"] == "ألماتا ترحب بالقرار"
    assert doc["chars"] == 19
    assert doc["warnings"] == []
    assert doc["date"] is None
    named = qari.read("نص".encode("cp1256"), name="2015-07-21_aawsat_00000.txt")
    assert named["date"] == "2015-07-21"


def test_read_utf16_html_from_a_path_with_its_date(tmp_path):
    page = (
        '<html><head><meta property="article:published_time" content="2022-01-06T10:00">'
        "<title>أحداث كازاخستان</title></head><body><p>وصل توكاييف</p></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(b"\xff\xfe" + page.encode("utf-16-le"))
    doc = qari.read(path)
    assert doc["title"] == "أحداث كازاخستان"
    assert "وصل توكاييف" in doc["text"]
    assert doc["date"] == "2022-01-06"
    assert doc["encoding"].lower().startswith("utf-16")


def test_read_matches_the_cli_on_every_shared_encoding_specimen():
    data = shared_data()
    for folder in ("cp1256_transcoded", "utf16le_bom_transcoded", "utf8_bom_crlf"):
        for path in sorted((data / "import-test" / folder).iterdir())[:40]:
            expected = (data / "import-test" / "expected_utf8" / path.name).read_text("utf-8")
            assert qari.read(path)["text"] == expected, path


def test_bad_input_raises_an_error_naming_the_file(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(qari.QariError, match="image.txt"):
        qari.read(binary)
    with pytest.raises(qari.QariError, match="missing.txt"):
        qari.read(tmp_path / "missing.txt")
    with pytest.raises(ValueError, match="no format"):
        qari.read(b"x", format="pdf")


def test_fold():
    assert qari.fold("إِلَى الْمَدْرَسَةِ") == "الي المدرسه"
    assert qari.fold("أحمد ١٢٣") == "احمد 123"


# ---------------------------------------------------------------- entities


def test_register_finds_names_in_code_points():
    register = qari.Register.default()
    found = register.find(SENTENCE)
    by_entity = {m["entity"]: m for m in found}
    tokayev = by_entity["Kassym-Jomart Tokayev"]
    assert SENTENCE[tokayev["start"] : tokayev["end"]] == "توكاييف"
    assert tokayev["kind"] == "person" and tokayev["type"] == "PER"
    almaty = by_entity["Almaty"]
    assert SENTENCE[almaty["start"] : almaty["end"]] == "ألماتا"
    assert list(tokayev) == [
        "start", "end", "text", "entity", "kind", "type", "prefix", "source", "score",
    ]
    assert register.find(SENTENCE, doc="a.txt")[0]["doc"] == "a.txt"
    assert register.has_tagger and len(register) > 1000
    assert not qari.Register.default(tagger=False).has_tagger


def test_clitic_is_inside_the_word_and_named_as_prefix():
    text = "زار الوفد وألماتا"
    (m,) = [m for m in qari.Register.default(tagger=False).find(text) if m["entity"] == "Almaty"]
    assert text[m["start"] : m["end"]] == "وألماتا" and m["prefix"] == "و"


def test_register_from_tsv_alone_and_its_errors(tmp_path):
    tsv = tmp_path / "names.tsv"
    tsv.write_text("canonical\tkind\taliases\nCSTO\torganisation\tمنظمة معاهدة الأمن الجماعي\n")
    register = qari.Register.from_tsv(tsv)
    assert len(register) == 1 and not register.has_tagger
    assert [m["entity"] for m in register.find(SENTENCE)] == ["CSTO"]
    assert register.entities() == [
        {"canonical": "CSTO", "kind": "organisation", "aliases": ["منظمة معاهدة الأمن الجماعي"]}
    ]
    with_bundled = qari.Register.from_tsv(tsv, bundled=True)
    assert len(with_bundled) > len(register)
    bad = tmp_path / "bad.tsv"
    bad.write_text("name\tkind\nx\ty\n")
    with pytest.raises(qari.QariError, match="bad.tsv"):
        qari.Register.from_tsv(bad)
    with pytest.raises(qari.QariError, match="nothere.tsv"):
        qari.Register.from_tsv(tmp_path / "nothere.tsv")


def test_find_batch_columns_and_arrow():
    texts = [SENTENCE, None, "لا أسماء هنا", SENTENCE]
    columns = qari.find_batch(texts, docs=["a", "b", "c", "d"])
    assert list(columns) == list(qari.MENTION_COLUMNS)
    n = len(columns["row"])
    assert n > 0 and all(len(v) == n for v in columns.values())
    assert set(columns["row"]) == {0, 3}
    assert set(columns["doc"]) == {"a", "d"}
    one = qari.Register.default().find(SENTENCE)
    assert n == 2 * len(one)
    assert qari.find_batch(texts, parallel=True) == qari.find_batch(texts)
    pa = pytest.importorskip("pyarrow")
    table = qari.find_batch(pa.array(texts), arrow=True)
    assert table.schema == qari.mention_schema(with_doc=False)
    assert table.num_rows == n
    with pytest.raises(ValueError, match="2 texts but 1 document ids"):
        qari.find_batch(["a", "b"], docs=["x"])


def test_mentions_equal_qari_entities_byte_for_byte_on_the_seed_articles():
    expected = cli_entities(SAMPLE)
    assert expected.count("\n") > 50
    # The folder in one call …
    assert jsonl(rows_of(qari.entities(SAMPLE))) == expected
    # … and article by article through read and find.
    register = qari.Register.default()
    lines = []
    for path in sorted(SAMPLE.iterdir()):
        lines += register.find(qari.read(path)["text"], doc=path.name)
    assert jsonl(lines) == expected
    # … and a batch.
    paths = sorted(SAMPLE.iterdir())
    texts = [qari.read(p)["text"] for p in paths]
    assert jsonl(rows_of(qari.find_batch(texts, docs=[p.name for p in paths]))) == expected


def test_unreadable_files_are_warnings_naming_them(tmp_path):
    (tmp_path / "good.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(bytes(range(256)) * 40)
    with pytest.warns(UserWarning, match="image.txt"):
        columns = qari.entities(tmp_path, tagger=False)
    assert set(columns["doc"]) == {"good.txt"}


def test_find_batch_takes_a_pandas_series_with_missing_texts():
    pd = pytest.importorskip("pandas")
    series = pd.Series([SENTENCE, None, float("nan"), SENTENCE], dtype=object)
    columns = qari.find_batch(series)
    assert set(columns["row"]) == {0, 3}


def test_register_only_mentions_equal_the_cli_on_a_shared_sample():
    folder = shared_data() / "import-test" / "utf8"
    expected = cli_entities(folder, "--no-tagger")
    got = jsonl(rows_of(qari.entities(folder, tagger=False)))
    assert got == expected


def test_the_gil_is_released_while_mentions_are_found():
    # With a switch interval of minutes, another Python thread runs only when the thread
    # finding mentions gives the GIL up of itself: if it did not, the main thread would wake
    # only once the batch was done.
    register = qari.Register.default()
    texts = [SENTENCE * 20] * 50
    started, finished = threading.Event(), threading.Event()

    def work():
        started.set()
        register.find_batch(texts)
        finished.set()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(300)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        started.wait()
        ran_meanwhile = not finished.is_set()
        worker.join()
    finally:
        sys.setswitchinterval(interval)
    assert ran_meanwhile and finished.is_set()


# ---------------------------------------------------------------- pickling


def _find_in_child(register_bytes: bytes, text: str):
    register = pickle.loads(register_bytes)
    return register.find(text)


def test_registers_pickle_small_and_find_the_same_in_another_process(tmp_path):
    register = qari.Register.default()
    data = pickle.dumps(register)
    assert len(data) < 1000, "the bundled register travels as a word"
    assert pickle.loads(data).__dask_tokenize__() == register.__dask_tokenize__()
    tsv = tmp_path / "names.tsv"
    tsv.write_text("canonical\tkind\taliases\nCSTO\torganisation\tمنظمة معاهدة الأمن الجماعي\n")
    custom = qari.Register.from_tsv(tsv)
    custom_data = pickle.dumps(custom)
    tsv.unlink()  # a worker needs no copy of the file
    assert custom.__dask_tokenize__() != register.__dask_tokenize__()
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        assert pool.apply(_find_in_child, (data, SENTENCE)) == register.find(SENTENCE)
        assert pool.apply(_find_in_child, (custom_data, SENTENCE)) == custom.find(SENTENCE)


def test_queries_pickle():
    query = qari.Query("ألماتا OR توكاييف")
    again = pickle.loads(pickle.dumps(query))
    assert again.find(SENTENCE) == query.find(SENTENCE)


# ---------------------------------------------------------------- search


def test_search_finds_through_clitics_and_spellings():
    text = "وصل إلى ألماتا ثم غادر الماتا وبألماتا"
    hits = qari.search("ألماتا", text)
    assert [h["text"] for h in hits] == ["ألماتا", "الماتا", "ألماتا"]
    assert all(text[h["start"] : h["end"]] == h["text"] for h in hits)
    assert qari.Query("entity:Almaty").count(text) == 3
    assert qari.search("ال.اتا", text, regex=True)[0]["start"] == 8
    with pytest.raises(qari.QariError, match="no entity"):
        qari.Query("entity:Nobody-At-All")
    columns = qari.Query("ألماتا").find_batch([text, None, text], docs=["a", "b", "c"])
    assert columns["doc"] == ["a"] * 3 + ["c"] * 3


# ---------------------------------------------------------------- projects


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "a.txt").write_text(V7_TEXT, encoding="utf-8")
    shutil.copy(V7, tmp_path / "qari.ron")
    return tmp_path / "qari.ron"


def test_project_reads_documents_codebook_annotations(project):
    p = qari.Project(project.parent)
    assert p.name == project.parent.name  # a qari.ron is named by its folder
    (doc,) = p.documents()
    assert doc["id"] == "a.txt" and doc["chars"] == len(V7_TEXT)
    assert p.text("a.txt") == V7_TEXT
    assert p.path == project and p.corpus_root == project.parent
    assert doc["attributes"] == {}
    assert pickle.loads(pickle.dumps(p)).annotations() == p.annotations()
    assert [c["path"] for c in p.codebook()] == ["PER", "مكان", "مكان/مدينة"]
    annotations = p.annotations()
    assert [(a["start"], a["end"], a["quote"], a["codes"]) for a in annotations] == [
        (11, 18, "توكاييف", ["PER"]),
        (22, 28, "ألماتا", ["مكان/مدينة"]),
    ]
    for a in annotations:
        assert V7_TEXT[a["start"] : a["end"]] == a["quote"]
    assert annotations[1]["note"] == "سطر"
    with pytest.raises(KeyError):
        p.text("nothere.txt")
    pa = pytest.importorskip("pyarrow")
    table = qari.annotations_table(p)
    assert table.num_rows == 2 and table.column("codes").to_pylist()[1] == ["مكان/مدينة"]
    assert isinstance(table, pa.Table)
    documents = qari.documents_table(p)
    assert documents.column("id").to_pylist() == ["a.txt"]
    assert documents.column("attributes").to_pylist() == [[]]
    codes = qari.codebook_table(p)
    assert codes.column("path").to_pylist() == ["PER", "مكان", "مكان/مدينة"]
    assert codes.column("parent").to_pylist() == [None, None, 2]


def test_project_attributes_and_dates(project):
    text = project.read_text("utf-8").replace("format_version: 7", "format_version: 8")
    text = text.replace(
        "    annotations: [",
        '    attributes: [\n        (doc: "a.txt", values: {"date": "2015-07-21", "المصدر": "الشرق الأوسط"}),\n    ],\n    annotations: [',
    )
    project.write_text(text, encoding="utf-8")
    p = qari.Project(project)
    assert p.attributes() == {"a.txt": {"date": "2015-07-21", "المصدر": "الشرق الأوسط"}}
    (doc,) = p.documents()
    assert doc["attributes"]["المصدر"] == "الشرق الأوسط"
    assert doc["date"] == "2015-07-21"  # the attribute dates the document
    pytest.importorskip("pyarrow")
    table = qari.documents_table(p)
    assert dict(table.column("attributes").to_pylist()[0])["date"] == "2015-07-21"
    out = project.parent / "where.jsonl"
    assert p.export("jsonl", out, where=("المصدر", "الشرق الأوسط")).startswith("exported 2")
    with pytest.raises(qari.QariError, match="no document has"):
        p.export("jsonl", out, where=("المصدر", "الحياة"))


def test_project_exports_as_the_cli_does(project, tmp_path):
    p = qari.Project(project)
    out = tmp_path / "out.jsonl"
    said = p.export("jsonl", out)
    assert said.startswith("exported 2 annotations")
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [(line["start"], line["end"]) for line in lines] == [(11, 18), (22, 28)]
    w3c = tmp_path / "out.jsonld"
    p.export("w3c", w3c, codes=["مكان"])
    collection = json.loads(w3c.read_text("utf-8"))
    assert collection["total"] == 1
    assert '"exact": "ألماتا"' in json.dumps(collection, ensure_ascii=False)
    with pytest.raises(ValueError, match="no export format"):
        p.export("pdf", tmp_path / "x.pdf")
    with pytest.raises(qari.QariError, match="will not write over"):
        p.export("csv", project)


def test_project_errors_name_the_file(tmp_path):
    with pytest.raises(qari.QariError, match="no project file"):
        qari.Project(tmp_path)
    broken = tmp_path / "broken.ron"
    broken.write_text("(format_version: 7, corpus_root: ")
    with pytest.raises(qari.QariError, match="broken.ron"):
        qari.Project(broken)


def test_register_from_project(project):
    register = qari.Register.from_project(project)
    assert register.has_tagger
    assert {m["entity"] for m in register.find(V7_TEXT)} >= {"Kassym-Jomart Tokayev", "Almaty"}
    expected = cli_entities(project)
    assert jsonl(rows_of(qari.entities(project))) == expected
