//! What the benches and the measuring examples share: where the 31,030-article perf corpus
//! is, and the peak memory of the process.

#![allow(dead_code)] // each bench or example uses what it needs

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The folder of the perf corpus's articles: `QARI_PERF_CORPUS`, or `../shared/data/perf`
/// unpacked (once) into `target/perf-corpus` by `../shared/tools/unpack-perf-corpus`; `None`
/// when neither is there.
pub fn perf_corpus() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("QARI_PERF_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tool = manifest.join("../shared/tools/unpack-perf-corpus");
    let target = manifest.join("target/perf-corpus");
    if !tool.exists() {
        return None;
    }
    let status = Command::new(&tool)
        .arg(&target)
        .stdout(Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| target.join("articles"))
}

/// Peak resident memory of this process, from /proc (Linux).
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Starts [`peak_rss_bytes`] again from the memory in use now (Linux: `clear_refs`), to
/// measure the peak of one step of a run.
pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Writes a project file at `project` over the corpus folder `corpus` with `n` annotations
/// spread evenly over its documents: real passages with their context and the document's
/// hash (so opening it finds every one where it is), one or two of 40 codes, a note on every
/// fifth, three coders. Returns the number of documents.
#[allow(clippy::expect_used)] // for benches: a failure is a failed run
pub fn annotated_project(corpus: &Path, project: &Path, n: usize) -> usize {
    use qari::annotations::{Anchor, Annotation, AnnotationId, Annotations, CodeId};
    use qari::project::{DocumentRecord, ProjectFile, format};
    let corpus_root = std::path::absolute(corpus).expect("an absolute path");
    let opened = qari::corpus::Corpus::open(&corpus_root).expect("the corpus opens");
    // Documents long enough for passages with context, and how many each gets.
    let roomy: Vec<usize> = (0..opened.documents.len())
        .filter(|&i| opened.documents[i].char_len >= 80)
        .collect();
    let mut counts = vec![0usize; opened.documents.len()];
    for j in 0..n {
        counts[roomy[j % roomy.len()]] += 1;
    }
    let index: std::collections::HashMap<&str, usize> = opened
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let time: jiff::Timestamp = "2026-11-21T17:00:00Z".parse().expect("a time");
    let per_doc = opened.map_texts(|doc, text| {
        let i = index[doc.id.as_str()];
        let len = text.chars().count();
        (0..counts[i])
            .filter_map(|k| {
                let start = (k * 211 + i * 31) % (len - 40);
                let range = start..start + 5 + (k + i) % 20;
                let anchor = Anchor::of(text, range.clone())?;
                Some((doc.id.clone(), doc.hash.clone(), range, anchor))
            })
            .collect::<Vec<_>>()
    });
    let list: Vec<Annotation> = per_doc
        .into_iter()
        .flatten()
        .flatten()
        .enumerate()
        .map(|(j, (doc, hash, range, anchor))| {
            let mut a = Annotation {
                id: AnnotationId(j as u64 + 1),
                doc,
                start: 0,
                end: 0,
                codes: if j % 3 == 0 {
                    vec![CodeId((j % 40) as u32 + 1), CodeId(1)]
                } else {
                    vec![CodeId((j % 40) as u32 + 1)]
                },
                quote: String::new(),
                prefix: String::new(),
                suffix: String::new(),
                hash: hash.clone(),
                note: if j % 5 == 0 {
                    format!("ملاحظة {j}: \"إطار\" التدخل الأجنبي")
                } else {
                    String::new()
                },
                attention: String::new(),
                author: ["sara", "omar", "lina"][j % 3].into(),
                created: time,
                modified: time,
            };
            a.set_anchor(anchor, range, hash);
            a
        })
        .collect();
    let project_file = ProjectFile {
        documents: opened.documents.iter().map(DocumentRecord::from).collect(),
        codebook: codebook(),
        annotations: Annotations::from_vec(list).expect("ids given once"),
        ..ProjectFile::new(corpus_root.to_string_lossy().into_owned())
    };
    let text = format::to_ron(&project_file).expect("the project serialises");
    std::fs::write(project, text).expect("the project is written");
    opened.documents.len()
}

/// A codebook of 40 codes, ten at the top and three under each.
pub fn codebook() -> qari::annotations::Codebook {
    use qari::annotations::{Code, CodeId, Codebook, Colour};
    Codebook {
        codes: (1..=40)
            .map(|i| Code {
                id: CodeId(i),
                name: format!("رمز {i}"),
                colour: Colour::PALETTE[i as usize % 10],
                description: String::new(),
                shortcut: None,
                parent: (i > 10).then_some(CodeId(i % 10 + 1)),
                attention: String::new(),
                kind: None,
            })
            .collect(),
    }
}
