//! Collocates of a query: the words most associated with its hits, counted in a window of words
//! on each side of every hit and compared with how often each word occurs in the whole corpus.
//!
//! For a word w: `o` = times it occurs in the windows, `c` = times in the corpus, `r` = words in
//! all windows, `n` = words in the corpus. Mutual information is `log2(o·n / (r·c))`;
//! log-likelihood is Dunning's G² over the 2×2 table (in a window or not × w or not). Words are
//! compared folded, as written (with their clitics: `والكرملين` and `الكرملين` are two words),
//! and shown in their most common spelling. Corpus counts are made once per index.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;

use super::{DocHits, SearchIndex};
use crate::text::compact::is_compact_word_byte;

/// How collocates are ranked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Measure {
    /// Dunning's log-likelihood (G²): frequent and associated first.
    #[default]
    LogLikelihood,
    /// Mutual information: strongly associated first (rare words score high; use a minimum
    /// frequency).
    MutualInformation,
}

/// What to count.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// Words on each side of a hit.
    pub window: usize,
    /// Ranking.
    pub measure: Measure,
    /// Words seen fewer times than this in the windows are left out.
    pub min_count: u32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            window: 5,
            measure: Measure::LogLikelihood,
            min_count: 3,
        }
    }
}

/// A collocate.
#[derive(Clone, Debug, PartialEq)]
pub struct Collocate {
    /// The word, in its most common spelling in the windows.
    pub word: String,
    /// Times in the windows.
    pub count: u32,
    /// Times in the corpus.
    pub corpus_count: u32,
    /// Log-likelihood (G²).
    pub log_likelihood: f64,
    /// Mutual information (bits).
    pub mutual_information: f64,
}

/// Word counts of a whole index (folded bytes → count) and its number of words.
#[derive(Debug, Default)]
pub struct CorpusCounts {
    counts: HashMap<Vec<u8>, u32>,
    words: u64,
}

impl CorpusCounts {
    /// Counts every word of an index (in parallel).
    pub fn of(index: &SearchIndex) -> Self {
        index
            .docs
            .par_iter()
            .fold(Self::default, |mut acc, doc| {
                for word in word_ranges(&doc.compact.bytes) {
                    *acc.counts
                        .entry(doc.compact.bytes[word].to_vec())
                        .or_insert(0) += 1;
                    acc.words += 1;
                }
                acc
            })
            .reduce(Self::default, |mut a, b| {
                for (word, n) in b.counts {
                    *a.counts.entry(word).or_insert(0) += n;
                }
                a.words += b.words;
                a
            })
    }

    /// Words in the corpus.
    pub fn words(&self) -> u64 {
        self.words
    }
}

/// The corpus counts of an index, made on first use.
pub fn corpus_counts(index: &SearchIndex) -> &CorpusCounts {
    index.counts.get_or_init(|| CorpusCounts::of(index))
}

/// The lazily made counts an index carries.
#[derive(Debug, Default)]
pub struct LazyCounts(OnceLock<CorpusCounts>);

impl LazyCounts {
    fn get_or_init(&self, make: impl FnOnce() -> CorpusCounts) -> &CorpusCounts {
        self.0.get_or_init(make)
    }
}

impl Clone for LazyCounts {
    fn clone(&self) -> Self {
        Self::default()
    }
}

/// The words of folded text, as byte ranges.
fn word_ranges(bytes: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() && !is_compact_word_byte(bytes[at]) {
            at += 1;
        }
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() && is_compact_word_byte(bytes[at]) {
            at += 1;
        }
        Some(start..at)
    })
}

/// The collocates of a search's hits, best first.
pub fn collocates(index: &SearchIndex, hits: &[DocHits], options: Options) -> Vec<Collocate> {
    let corpus = corpus_counts(index);
    // Folded word → (count in windows, spellings and their counts).
    let mut found: HashMap<Vec<u8>, (u32, HashMap<String, u32>)> = HashMap::new();
    let mut window_words: u64 = 0;
    for doc_hits in hits {
        let Some(doc) = index.docs.get(doc_hits.doc) else {
            continue;
        };
        let words: Vec<Range<usize>> = word_ranges(&doc.compact.bytes).collect();
        let chars: Vec<char> = doc.text.chars().collect();
        for hit in &doc_hits.hits {
            let (start, end) = (
                doc.compact.position_of(hit.start),
                doc.compact.position_of(hit.end),
            );
            // Words wholly before the hit's first word, and after its last.
            let first = words.partition_point(|w| w.end <= start);
            let last = words.partition_point(|w| w.start < end);
            let before = first.saturating_sub(options.window)..first;
            let after = last..(last + options.window).min(words.len());
            for w in before.chain(after) {
                let range = words[w].clone();
                let spelled = doc.compact.to_document(range.clone());
                let spelling: String = chars
                    [spelled.start.min(chars.len())..spelled.end.min(chars.len())]
                    .iter()
                    .collect();
                let entry = found.entry(doc.compact.bytes[range].to_vec()).or_default();
                entry.0 += 1;
                *entry.1.entry(spelling).or_insert(0) += 1;
                window_words += 1;
            }
        }
    }
    let n = corpus.words as f64;
    let r = window_words as f64;
    let mut out: Vec<Collocate> = found
        .into_iter()
        .filter(|(_, (count, _))| *count >= options.min_count)
        .map(|(word, (count, spellings))| {
            let c = f64::from(
                corpus
                    .counts
                    .get(&word)
                    .copied()
                    .unwrap_or(count)
                    .max(count),
            );
            let o = f64::from(count);
            let spelling = spellings
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(s, _)| s)
                .unwrap_or_default();
            Collocate {
                word: spelling,
                count,
                corpus_count: c as u32,
                log_likelihood: log_likelihood(o, r, c, n),
                mutual_information: (o * n / (r * c)).log2(),
            }
        })
        .collect();
    let score = |c: &Collocate| match options.measure {
        Measure::LogLikelihood => c.log_likelihood,
        Measure::MutualInformation => c.mutual_information,
    };
    out.sort_by(|a, b| {
        score(b)
            .total_cmp(&score(a))
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| a.word.cmp(&b.word))
    });
    out
}

/// Dunning's G² for a word seen `o` times in `r` window words and `c` times in `n` corpus
/// words.
fn log_likelihood(o: f64, r: f64, c: f64, n: f64) -> f64 {
    let cells = [
        (o, r * c / n),
        (r - o, r * (n - c) / n),
        (c - o, (n - r) * c / n),
        (n - r - c + o, (n - r) * (n - c) / n),
    ];
    2.0 * cells
        .iter()
        .filter(|(observed, expected)| *observed > 0.0 && *expected > 0.0)
        .map(|(observed, expected)| observed * (observed / expected).ln())
        .sum::<f64>()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

    use super::*;
    use crate::entities::Register;
    use crate::search::{Names, Progress, Search};

    #[test]
    fn the_word_always_beside_the_query_ranks_first() {
        let mut texts = Vec::new();
        for i in 0..20 {
            texts.push((
                format!("{i}.txt"),
                format!("قال المتحدث إن الثورة الملونة خطر على البلاد إن الناس في كل مكان {i}"),
            ));
        }
        let index = SearchIndex::of_texts(texts.iter().map(|(a, b)| (a.as_str(), b.as_str())));
        let register = Register::default();
        let names = Names {
            register: &register,
            codebook: None,
            annotations: None,
        };
        let search = Search::parse("الثورة", names).unwrap();
        let hits = index.search(&search, &Progress::default(), |_, _| {});
        let options = Options {
            window: 1,
            ..Options::default()
        };
        let found = collocates(&index, &hits, options);
        let words: Vec<&str> = found.iter().map(|c| c.word.as_str()).collect();
        assert_eq!(words, ["الملونة", "إن"]);
        assert_eq!((found[0].count, found[0].corpus_count), (20, 20));
        // "إن" is twice in every text: half as bound to the query.
        assert_eq!(found[1].corpus_count, 40);
        assert!(found[0].log_likelihood > found[1].log_likelihood);
        assert!(found[0].mutual_information > found[1].mutual_information);
        let mi = Options {
            window: 1,
            measure: Measure::MutualInformation,
            min_count: 1,
        };
        assert_eq!(collocates(&index, &hits, mi)[0].word, "الملونة");
    }

    #[test]
    fn log_likelihood_is_zero_when_the_word_is_as_common_everywhere() {
        // 10 in 100 window words, 100 in 1,000 corpus words: as expected.
        assert!(log_likelihood(10.0, 100.0, 100.0, 1000.0).abs() < 1e-9);
        assert!(log_likelihood(50.0, 100.0, 100.0, 1000.0) > 50.0);
    }
}
