//! The register and the trained tagger together: what the sidebar and `qari entities` report.
//!
//! Per document, the register's matcher and the tagger ([`super::tagger`]) each find names;
//! the tagger is given the register's mentions as a feature. Then:
//! - a register mention inside a longer name the tagger found, of another kind, belongs to that
//!   name (مدريد in ريال مدريد is the club, not the city): it is left out, the longer name stays;
//! - a name both found is one mention of the register's entity, over the register's range,
//!   with [`Source::Both`] and the tagger's probability as its score;
//! - a name only the register found is kept with [`Source::Register`] and score 1, unless its
//!   spelling is *weak* ([`WeakAliases`]: a person's alias made only of given names or ordinary
//!   words, such as محمد علي, صلاح الدين, نصر الله): those count only when the tagger agrees;
//! - a name only the tagger found becomes a [`Suggested`] mention (a name the register does not
//!   know), grouped over a corpus by its folded form ([`suggestion_key`], [`tally`]).
//!
//! A register alias the user adds later is found by the matcher, so a suggestion the user
//! accepts joins its entity by itself. Without a model this is the register's matcher alone.
//!
//! This module does not know about the GUI, the project file or the command line.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use super::discover::Candidate;
use super::matcher::{ARTICLE, ARTICLE_PREFIXES, PREFIXES};
use super::tagger::{Model, RegisterSpan, TaggedMention};
use super::{Kind, Matcher, Mention, Register};
use crate::text::{FoldOptions, normalize};

/// Who found a mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The register's matcher alone.
    Register,
    /// The tagger alone.
    Tagger,
    /// Both.
    Both,
}

impl Source {
    /// The name used in exports: `register`, `tagger`, `both`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Register => "register",
            Self::Tagger => "tagger",
            Self::Both => "both",
        }
    }
}

/// A mention of a register entity, with who found it.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// The register's mention (range, bytes, entity, prefix).
    pub mention: Mention,
    /// Who found it.
    pub source: Source,
    /// The tagger's probability that it is a name (1 when only the register found it).
    pub score: f32,
}

/// A name only the tagger found.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggested {
    /// Document code points of its tokens (a clitic attached to the first one included).
    pub range: Range<usize>,
    /// The same, in bytes of the text.
    pub bytes: Range<usize>,
    /// The kind the tagger gave it.
    pub kind: Kind,
    /// The tagger's probability.
    pub score: f32,
    /// What groups it with the same name elsewhere ([`suggestion_key`]).
    pub key: String,
    /// The name as written.
    pub text: String,
}

/// What was found in one text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Recognised {
    /// Mentions of register entities, in text order.
    pub mentions: Vec<Found>,
    /// Names the register does not know, in text order.
    pub suggested: Vec<Suggested>,
}

/// Spellings of the register that are given names or ordinary words on their own, found only
/// when the tagger agrees.
///
/// A person's alias is weak when each of its words is a common given name (the first word of
/// at least [`WeakAliases::GIVEN_NAME_MIN`] people's names in the register, such as محمد، علي،
/// أحمد) or one of the [`NAME_PARTS`] (الله، الدين، عبد …). Folded forms, by entity.
#[derive(Clone, Debug, Default)]
pub struct WeakAliases {
    folded: HashSet<(usize, String)>,
}

/// Words that make compound names and are ordinary words too: نصر الله is also "God's
/// victory", صلاح الدين "the righteousness of the faith". Folded.
pub const NAME_PARTS: &[&str] = &[
    "الله",
    "الدين",
    "عبد",
    "ابو",
    "بن",
    "ابن",
    "نصر",
    "صلاح",
    "نور",
    "جمال",
    "فتح",
    "سيف",
    "عز",
];

impl WeakAliases {
    /// How many people's names a first word must begin to count as a common given name.
    pub const GIVEN_NAME_MIN: usize = 100;

    /// The weak aliases of a register.
    pub fn of(register: &Register) -> Self {
        let fold = |s: &str| normalize(s, FoldOptions::default()).text;
        let people = || {
            register
                .entities
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == Kind::Person)
        };
        let mut first_words: HashMap<String, usize> = HashMap::new();
        for (_, e) in people() {
            for alias in &e.aliases {
                let folded = fold(alias);
                let mut words = folded.split(' ');
                if let (Some(first), Some(_)) = (words.next(), words.next()) {
                    *first_words.entry(first.to_owned()).or_default() += 1;
                }
            }
        }
        let parts: HashSet<String> = NAME_PARTS.iter().map(|p| fold(p)).collect();
        let common = |w: &str| {
            parts.contains(w)
                || first_words
                    .get(w)
                    .is_some_and(|n| *n >= Self::GIVEN_NAME_MIN)
        };
        let mut folded = HashSet::new();
        for (i, e) in people() {
            for alias in &e.aliases {
                let f = fold(alias);
                if !f.is_empty() && f.split(' ').all(common) {
                    folded.insert((i, f));
                }
            }
        }
        Self { folded }
    }

    /// Whether this mention's spelling is weak.
    pub fn contains(&self, text: &str, mention: &Mention) -> bool {
        let Some(written) = text.get(mention.bytes.clone()) else {
            return false;
        };
        let folded = normalize(written, FoldOptions::default()).text;
        self.folded.contains(&(mention.entity, folded))
    }

    /// Number of weak spellings.
    pub fn len(&self) -> usize {
        self.folded.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }
}

/// The register's matcher and, when there is one, the tagger: finds both kinds of names.
pub struct Recogniser {
    /// The register's matcher.
    pub matcher: Matcher,
    kinds: Vec<Kind>,
    weak: WeakAliases,
    model: Option<Arc<Model>>,
}

impl Recogniser {
    /// For this register, with a tagger model or without (`None`: the register alone).
    pub fn new(register: &Register, model: Option<Arc<Model>>) -> Self {
        Self::with_matcher(
            Matcher::new(register, FoldOptions::default()),
            register,
            model,
        )
    }

    /// The same, with a matcher already compiled from `register`.
    pub fn with_matcher(matcher: Matcher, register: &Register, model: Option<Arc<Model>>) -> Self {
        let weak = match model {
            Some(_) => WeakAliases::of(register),
            None => WeakAliases::default(),
        };
        Self {
            matcher,
            kinds: register.entities.iter().map(|e| e.kind).collect(),
            weak,
            model,
        }
    }

    /// The kind of a register entity (by index; [`Kind::Other`] for an index out of range).
    pub fn kind(&self, entity: usize) -> Kind {
        self.kinds.get(entity).copied().unwrap_or(Kind::Other)
    }

    /// The tagger model in use, if any.
    pub fn model(&self) -> Option<&Arc<Model>> {
        self.model.as_ref()
    }

    /// The names in a text.
    pub fn find(&self, text: &str) -> Recognised {
        let mut mentions = self.matcher.find(text);
        mentions.retain(|m| !(self.kind(m.entity) == Kind::Person && after_nasab(text, m)));
        let Some(model) = &self.model else {
            return Recognised {
                mentions: mentions
                    .into_iter()
                    .map(|mention| Found {
                        mention,
                        source: Source::Register,
                        score: 1.0,
                    })
                    .collect(),
                suggested: Vec::new(),
            };
        };
        let spans: Vec<RegisterSpan> = mentions
            .iter()
            .filter_map(|m| {
                Some(RegisterSpan {
                    range: m.range.clone(),
                    kind: *self.kinds.get(m.entity)?,
                })
            })
            .collect();
        let tagged = model.tag(text, &spans);
        combine(text, mentions, &tagged, &self.kinds, &self.weak)
    }
}

/// Whether a mention comes right after بن, ابن or بنت ("son of", "daughter of"): it is then
/// the father's name inside someone else's (محمد بن سلمان بن عبدالعزيز is not King Salman).
fn after_nasab(text: &str, mention: &Mention) -> bool {
    let clitic = mention.prefix.len();
    let before = text
        .get(..mention.bytes.start.saturating_sub(clitic))
        .unwrap_or_default()
        .trim_end();
    let word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or_default();
    matches!(word, "بن" | "ابن" | "إبن" | "بنت")
}

/// Merges the register's mentions and the tagger's (both in text order) by the rules of the
/// module documentation.
pub fn combine(
    text: &str,
    mentions: Vec<Mention>,
    tagged: &[TaggedMention],
    kinds: &[Kind],
    weak: &WeakAliases,
) -> Recognised {
    let overlaps = |a: &Range<usize>, start: usize, end: usize| a.start < end && start < a.end;
    let mut agreed = vec![false; tagged.len()];
    let mut found = Vec::with_capacity(mentions.len());
    for mention in mentions {
        // Inside a longer name of another kind (مدريد in ريال مدريد, the club): that name.
        let kind = kinds.get(mention.entity).copied();
        let from = mention.range.start - mention.prefix.chars().count().min(mention.range.start);
        let inside_another = tagged.iter().any(|t| {
            Some(t.kind) != kind
                && t.start <= from
                && mention.range.end <= t.end
                && (t.start < from || mention.range.end < t.end)
        });
        if inside_another {
            continue;
        }
        let agreeing = tagged
            .iter()
            .enumerate()
            .filter(|(_, t)| overlaps(&mention.range, t.start, t.end))
            .map(|(i, t)| (i, t.score))
            .collect::<Vec<_>>();
        for (i, _) in &agreeing {
            agreed[*i] = true;
        }
        let score = agreeing
            .iter()
            .map(|(_, s)| *s)
            .fold(None, |best: Option<f32>, s| {
                Some(best.map_or(s, |b| b.max(s)))
            });
        match score {
            Some(score) => found.push(Found {
                mention,
                source: Source::Both,
                score,
            }),
            None if weak.contains(text, &mention) => {}
            None => found.push(Found {
                mention,
                source: Source::Register,
                score: 1.0,
            }),
        }
    }
    let bytes = CharBytes::new(text);
    let suggested = tagged
        .iter()
        .zip(agreed)
        .filter(|(_, agreed)| !agreed)
        .filter_map(|(t, _)| {
            let range = bytes.byte(t.start)?..bytes.byte(t.end)?;
            let written = &text[range.clone()];
            let key = suggestion_key(written);
            (!key.is_empty()).then(|| Suggested {
                range: t.start..t.end,
                bytes: range,
                kind: t.kind,
                score: t.score,
                key,
                text: written.to_owned(),
            })
        })
        .collect();
    Recognised {
        mentions: found,
        suggested,
    }
}

/// Code point to byte offsets of a text, walked forward.
struct CharBytes<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> CharBytes<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            starts: text.char_indices().map(|(b, _)| b).collect(),
        }
    }

    fn byte(&self, char: usize) -> Option<usize> {
        match self.starts.get(char) {
            Some(b) => Some(*b),
            None => (char == self.starts.len()).then_some(self.text.len()),
        }
    }
}

/// The form that groups a suggested name: folded, with a clitic set aside only where it sits
/// before the article (والعراق، بالعراق، للعراق are العراق). Other clitics are told apart
/// from a name's own first letters (بريطانيا is not ب + ريطانيا) over the corpus, in
/// [`tally`].
pub fn suggestion_key(written: &str) -> String {
    let folded = normalize(written, FoldOptions::default()).text;
    for prefix in PREFIXES {
        if let Some(rest) = folded.strip_prefix(prefix)
            && rest.starts_with(ARTICLE)
            && rest.chars().count() > 3
        {
            return rest.to_owned();
        }
    }
    for prefix in ARTICLE_PREFIXES {
        if let Some(rest) = folded.strip_prefix(prefix)
            && rest.chars().count() >= 2
        {
            return format!("{ARTICLE}{rest}");
        }
    }
    folded
}

/// Suggested names over a corpus: one [`Candidate`] a key, the most common written form, the
/// kind most often given, how many times and in how many documents, and the mean probability.
/// A key that is another key with a clitic before it (وبريطانيا and بريطانيا) counts as that
/// key. Keys in `dismissed` (folded forms the user rejected), and names found fewer than
/// `min_count` times or with a mean probability under `min_score`, are left out. Most frequent
/// first.
pub fn tally<'a>(
    found: impl IntoIterator<Item = (usize, &'a Suggested)>,
    dismissed: &HashSet<String>,
    min_count: usize,
    min_score: f32,
) -> Vec<Candidate> {
    #[derive(Default)]
    struct Group<'a> {
        written: HashMap<&'a str, usize>,
        kinds: HashMap<Kind, usize>,
        docs: HashSet<usize>,
        count: usize,
        score: f32,
    }
    let mut groups: HashMap<String, Group<'a>> = HashMap::new();
    let mut add = |key: String, doc: usize, written: &'a str, kind: Kind, score: f32, n: usize| {
        let g = groups.entry(key).or_default();
        *g.written.entry(written).or_default() += n;
        *g.kinds.entry(kind).or_default() += n;
        g.docs.insert(doc);
        g.count += n;
        g.score += score;
    };
    for (doc, s) in found {
        add(s.key.clone(), doc, &s.text, s.kind, s.score, 1);
    }
    // Clitics: a key that is another key after و ف ب ل ك (and their pairs) joins it.
    let keys: Vec<String> = groups.keys().cloned().collect();
    for key in keys {
        let Some(base) = after_clitic(&key, |k| groups.contains_key(k)).map(str::to_owned) else {
            continue;
        };
        if let Some(g) = groups.remove(&key)
            && let Some(into) = groups.get_mut(&base)
        {
            for (w, n) in g.written {
                *into.written.entry(w).or_default() += n;
            }
            for (k, n) in g.kinds {
                *into.kinds.entry(k).or_default() += n;
            }
            into.docs.extend(g.docs);
            into.count += g.count;
            into.score += g.score;
        }
    }
    let mut out: Vec<Candidate> = groups
        .into_iter()
        .filter(|(key, g)| {
            !dismissed.contains(key)
                && g.count >= min_count
                && g.score / g.count as f32 >= min_score
        })
        .map(|(key, g)| {
            // The written form without a clitic where there is one: the key's own spelling.
            let text = g
                .written
                .keys()
                .filter(|w| normalize(w, FoldOptions::default()).text == key)
                .max_by(|a, b| g.written[*a].cmp(&g.written[*b]).then(b.cmp(a)))
                .copied()
                .or_else(|| most(&g.written))
                .unwrap_or_default()
                .to_owned();
            Candidate {
                text,
                kind: most(&g.kinds).unwrap_or(Kind::Other),
                count: g.count,
                docs: Some(g.docs.len()),
                score: Some(g.score / g.count as f32),
                folded: key,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.docs.cmp(&a.docs))
            .then(a.folded.cmp(&b.folded))
    });
    out
}

/// The key a key is after a clitic (وبريطانيا → بريطانيا), if `known` has it; the longest
/// clitic first.
fn after_clitic(key: &str, known: impl Fn(&str) -> bool) -> Option<&str> {
    PREFIXES
        .iter()
        .rev()
        .filter_map(|p| key.strip_prefix(p))
        .find(|rest| rest.chars().count() >= 2 && known(rest))
}

/// The group a suggestion's key belongs to among tallied groups (`by_key`: folded form to
/// index): its own, or the one it is after a clitic.
pub fn group_of(key: &str, by_key: &HashMap<String, usize>) -> Option<usize> {
    by_key
        .get(key)
        .or_else(|| after_clitic(key, |k| by_key.contains_key(k)).and_then(|k| by_key.get(k)))
        .copied()
}

/// Where each tallied suggestion occurs: (document, index in that document's list) for each
/// of `candidates` (from [`tally`] over the same lists).
pub fn occurrences(
    candidates: &[Candidate],
    suggested_by_doc: &[Arc<Vec<Suggested>>],
) -> Vec<Vec<(usize, usize)>> {
    let by_key: HashMap<String, usize> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (c.folded.clone(), i))
        .collect();
    let mut out = vec![Vec::new(); candidates.len()];
    for (d, list) in suggested_by_doc.iter().enumerate() {
        for (i, s) in list.iter().enumerate() {
            if let Some(c) = group_of(&s.key, &by_key) {
                out[c].push((d, i));
            }
        }
    }
    out
}

/// The most frequent key of a tally (the smallest of those tied, so the result is stable).
fn most<K: Ord + Copy>(counts: &HashMap<K, usize>) -> Option<K> {
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(k, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Entity;

    fn register(entities: &[(&str, Kind, &[&str])]) -> Register {
        Register {
            entities: entities
                .iter()
                .map(|(c, k, a)| Entity {
                    canonical: (*c).into(),
                    kind: *k,
                    aliases: a.iter().map(|s| (*s).into()).collect(),
                    note: None,
                })
                .collect(),
        }
    }

    fn mention(text: &str, name: &str, entity: usize) -> Mention {
        let byte = text.find(name).unwrap();
        let start = text[..byte].chars().count();
        Mention {
            range: start..start + name.chars().count(),
            bytes: byte..byte + name.len(),
            entity,
            prefix: String::new(),
        }
    }

    fn tagged(text: &str, name: &str, kind: Kind, score: f32) -> TaggedMention {
        let byte = text.find(name).unwrap();
        let start = text[..byte].chars().count();
        TaggedMention {
            start,
            end: start + name.chars().count(),
            kind,
            score,
        }
    }

    #[test]
    fn a_name_both_found_is_one_mention_with_the_tagger_score() {
        let text = "قال الرئيس بوتين في موسكو";
        let found = combine(
            text,
            vec![mention(text, "بوتين", 0), mention(text, "موسكو", 1)],
            &[tagged(text, "بوتين", Kind::Person, 0.9)],
            &[Kind::Person, Kind::Place],
            &WeakAliases::default(),
        );
        assert_eq!(found.mentions.len(), 2);
        assert_eq!(found.mentions[0].source, Source::Both);
        assert_eq!(found.mentions[0].score, 0.9);
        assert_eq!(found.mentions[1].source, Source::Register);
        assert_eq!(found.mentions[1].score, 1.0);
        assert!(found.suggested.is_empty());
    }

    #[test]
    fn a_register_name_inside_a_longer_name_of_another_kind_is_that_name() {
        let text = "فاز ريال مدريد في مدريد";
        let city = text.rfind("مدريد").unwrap();
        let second = Mention {
            range: text[..city].chars().count()..text.chars().count(),
            bytes: city..text.len(),
            entity: 0,
            prefix: String::new(),
        };
        let found = combine(
            text,
            vec![mention(text, "مدريد", 0), second],
            &[
                tagged(text, "ريال مدريد", Kind::Organisation, 0.9),
                TaggedMention {
                    start: text[..city].chars().count(),
                    end: text.chars().count(),
                    kind: Kind::Place,
                    score: 0.8,
                },
            ],
            &[Kind::Place],
            &WeakAliases::default(),
        );
        // The club is suggested; the city stays the register's.
        assert_eq!(found.suggested.len(), 1);
        assert_eq!(found.suggested[0].key, "ريال مدريد");
        assert_eq!(found.mentions.len(), 1);
        assert_eq!(found.mentions[0].source, Source::Both);
    }

    #[test]
    fn a_name_only_the_tagger_found_is_suggested_with_its_key() {
        let text = "وصل كاميرون إلى والعراق";
        let found = combine(
            text,
            vec![],
            &[
                tagged(text, "كاميرون", Kind::Person, 0.8),
                tagged(text, "والعراق", Kind::Place, 0.7),
            ],
            &[],
            &WeakAliases::default(),
        );
        let keys: Vec<_> = found.suggested.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["كاميرون", "العراق"]);
        assert_eq!(&text[found.suggested[0].bytes.clone()], "كاميرون");
    }

    #[test]
    fn a_weak_alias_counts_only_when_the_tagger_agrees() {
        // Enough people called محمد and علي for both to be common given names.
        let mut entities: Vec<(String, Kind, Vec<String>)> = (0..WeakAliases::GIVEN_NAME_MIN)
            .flat_map(|i| {
                [
                    (format!("M{i}"), Kind::Person, vec![format!("محمد س{i}")]),
                    (format!("A{i}"), Kind::Person, vec![format!("علي ص{i}")]),
                ]
            })
            .collect();
        entities.insert(
            0,
            ("Muhammad Ali".into(), Kind::Person, vec!["محمد علي".into()]),
        );
        entities.insert(
            1,
            ("Saladin".into(), Kind::Person, vec!["صلاح الدين".into()]),
        );
        entities.insert(
            2,
            ("Vladimir Putin".into(), Kind::Person, vec!["بوتين".into()]),
        );
        let register = Register {
            entities: entities
                .into_iter()
                .map(|(canonical, kind, aliases)| Entity {
                    canonical,
                    kind,
                    aliases,
                    note: None,
                })
                .collect(),
        };
        let weak = WeakAliases::of(&register);
        let text = "قال محمد علي إن صلاح الدين وبوتين";
        let mentions = vec![
            mention(text, "محمد علي", 0),
            mention(text, "صلاح الدين", 1),
            mention(text, "بوتين", 2),
        ];
        assert!(weak.contains(text, &mentions[0]));
        assert!(weak.contains(text, &mentions[1]));
        assert!(!weak.contains(text, &mentions[2]));
        let kinds = [Kind::Person; 3];
        let alone = combine(text, mentions.clone(), &[], &kinds, &weak);
        let entities: Vec<_> = alone.mentions.iter().map(|f| f.mention.entity).collect();
        assert_eq!(entities, [2]);
        let agreed = combine(
            text,
            mentions,
            &[tagged(text, "صلاح الدين", Kind::Person, 0.6)],
            &kinds,
            &weak,
        );
        let entities: Vec<_> = agreed.mentions.iter().map(|f| f.mention.entity).collect();
        assert_eq!(entities, [1, 2]);
    }

    #[test]
    fn a_person_after_bin_is_the_father_in_someone_elses_name() {
        let register = register(&[("King Salman", Kind::Person, &["سلمان بن عبدالعزيز"])]);
        let recogniser = Recogniser::new(&register, None);
        assert!(
            recogniser
                .find("قال محمد بن سلمان بن عبدالعزيز")
                .mentions
                .is_empty()
        );
        assert_eq!(
            recogniser
                .find("قال الملك سلمان بن عبدالعزيز")
                .mentions
                .len(),
            1
        );
    }

    #[test]
    fn without_a_model_the_register_alone_finds_names() {
        let register = register(&[("Almaty", Kind::Place, &["ألماتا"])]);
        let found = Recogniser::new(&register, None).find("وصل إلى ألماتا");
        assert_eq!(found.mentions.len(), 1);
        assert_eq!(found.mentions[0].source, Source::Register);
        assert!(found.suggested.is_empty());
    }

    #[test]
    fn suggestions_are_tallied_by_key_with_clitics_joined_and_dismissed_left_out() {
        let text = "بريطانيا وبريطانيا للعراق العراق فرنسا";
        let s = |name: &str, kind: Kind, score: f32| {
            let found = combine(
                text,
                vec![],
                &[tagged(text, name, kind, score)],
                &[],
                &Default::default(),
            );
            found.suggested.into_iter().next().unwrap()
        };
        let all = [
            s("بريطانيا", Kind::Place, 0.9),
            s("وبريطانيا", Kind::Place, 0.7),
            s("للعراق", Kind::Place, 0.8),
            s("العراق", Kind::Organisation, 0.6),
            s("فرنسا", Kind::Place, 0.9),
        ];
        let dismissed: HashSet<String> = ["فرنسا".to_owned()].into();
        let tallied = tally(all.iter().map(|s| (0, s)), &dismissed, 1, 0.0);
        let rows: Vec<_> = tallied
            .iter()
            .map(|c| (c.folded.as_str(), c.text.as_str(), c.count))
            .collect();
        assert_eq!(rows, [("العراق", "العراق", 2), ("بريطانيا", "بريطانيا", 2)]);
        assert!((tallied[1].score.unwrap() - 0.8).abs() < 1e-6);
        // A minimum probability leaves out what the tagger doubts.
        assert_eq!(
            tally(all.iter().map(|s| (0, s)), &dismissed, 1, 0.75).len(),
            1
        );
        // Every occurrence is found again under its group, the clitic ones too.
        let lists = vec![Arc::new(all.to_vec())];
        let places = occurrences(&tallied, &lists);
        assert_eq!(places, [vec![(0, 2), (0, 3)], vec![(0, 0), (0, 1)]]);
    }
}
