//! Reading one annotation line of a project file as [`super::lines`] writes it, without `ron`:
//! fields in their written order, strings with the escapes the writer uses. Five times faster
//! than `ron` on such lines. A line in any other shape (edited by hand: fields reordered,
//! other spacing, other escapes) is not read here ([`parse`] gives `None`) and goes to `ron`,
//! so what this reads is exactly what `ron` would read.

use crate::annotations::{Annotation, AnnotationId, CodeId};
use crate::corpus::ContentHash;

/// The annotation of a line in the written shape, `None` for any other line.
pub fn parse(line: &str) -> Option<Annotation> {
    let mut at = Cursor { rest: line };
    at.literal("(id: ")?;
    let id = at.number()?;
    at.literal(", doc: ")?;
    let doc = at.string()?;
    at.literal(", start: ")?;
    let start = at.number()?;
    at.literal(", end: ")?;
    let end = at.number()?;
    at.literal(", codes: [")?;
    let mut codes = Vec::new();
    if !at.eat("]") {
        loop {
            codes.push(CodeId(u32::try_from(at.number()?).ok()?));
            if at.eat("]") {
                break;
            }
            at.literal(", ")?;
        }
    }
    at.literal(", quote: ")?;
    let quote = at.string()?;
    at.literal(", prefix: ")?;
    let prefix = at.string()?;
    at.literal(", suffix: ")?;
    let suffix = at.string()?;
    at.literal(", hash: ")?;
    let hash = at.string()?;
    at.literal(", ")?;
    let note = if at.eat("note: ") {
        let note = at.string()?;
        at.literal(", ")?;
        note
    } else {
        String::new()
    };
    let attention = if at.eat("attention: ") {
        let attention = at.string()?;
        at.literal(", ")?;
        attention
    } else {
        String::new()
    };
    at.literal("author: ")?;
    let author = at.string()?;
    at.literal(", created: ")?;
    let created = at.string()?.parse().ok()?;
    at.literal(", modified: ")?;
    let modified = at.string()?.parse().ok()?;
    at.literal(")")?;
    if !at.rest.is_empty() {
        return None;
    }
    Some(Annotation {
        id: AnnotationId(id),
        doc,
        start: usize::try_from(start).ok()?,
        end: usize::try_from(end).ok()?,
        codes,
        quote,
        prefix,
        suffix,
        hash: ContentHash(hash),
        note,
        attention,
        author,
        created,
        modified,
    })
}

/// What is left of the line.
struct Cursor<'a> {
    rest: &'a str,
}

impl Cursor<'_> {
    /// Takes `text` if the line goes on with it.
    fn eat(&mut self, text: &str) -> bool {
        match self.rest.strip_prefix(text) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    /// Takes `text`, which must come next.
    fn literal(&mut self, text: &str) -> Option<()> {
        self.eat(text).then_some(())
    }

    /// A whole number as the writer writes it: decimal digits, no sign, no leading zero.
    fn number(&mut self) -> Option<u64> {
        let digits = self.rest.bytes().take_while(u8::is_ascii_digit).count();
        let (number, rest) = self.rest.split_at(digits);
        if digits == 0 || (digits > 1 && number.starts_with('0')) {
            return None;
        }
        self.rest = rest;
        number.parse().ok()
    }

    /// A string literal with the writer's escapes: `\"`, `\\`, `\n`, `\r`, `\t` and
    /// `\u{…}` for other control characters.
    fn string(&mut self) -> Option<String> {
        let body = self.rest.strip_prefix('"')?;
        let bytes = body.as_bytes();
        let mut out = String::new();
        let mut from = 0;
        loop {
            let i = from + memchr::memchr2(b'"', b'\\', &bytes[from..])?;
            out.push_str(&body[from..i]);
            if bytes[i] == b'"' {
                self.rest = &body[i + 1..];
                return Some(out);
            }
            let (c, len) = match bytes.get(i + 1)? {
                b'"' => ('"', 2),
                b'\\' => ('\\', 2),
                b'n' => ('\n', 2),
                b'r' => ('\r', 2),
                b't' => ('\t', 2),
                b'u' => {
                    let hex = body[i + 2..].strip_prefix('{')?;
                    let close = hex.find('}')?;
                    let code = u32::from_str_radix(&hex[..close], 16).ok()?;
                    // The writer escapes only control characters this way.
                    let c = char::from_u32(code).filter(|c| c.is_control())?;
                    (c, 2 + 1 + close + 1)
                }
                _ => return None,
            };
            out.push(c);
            from = i + len;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn annotation(text: &str, note: &str, attention: &str, codes: Vec<CodeId>) -> Annotation {
        Annotation {
            id: AnnotationId(42),
            doc: format!("{text}.txt"),
            start: 3,
            end: 1_000_000,
            codes,
            quote: text.into(),
            prefix: format!("{text}<"),
            suffix: format!(">{text}"),
            hash: ContentHash::of(text),
            note: note.into(),
            author: "سارة".into(),
            created: "2026-11-21T17:00:00Z".parse().expect("a time"),
            modified: "2026-11-21T17:00:00.123456789Z".parse().expect("a time"),
            attention: attention.into(),
        }
    }

    fn written(a: &Annotation) -> String {
        let mut block = String::new();
        super::super::lines::write_block(
            &mut block,
            &crate::annotations::Annotations::from_vec(vec![a.clone()]).expect("one id"),
        );
        let line = block.lines().nth(1).expect("a line");
        line.trim().trim_end_matches(',').to_owned()
    }

    proptest! {
        /// Whatever the strings hold, the written line reads back as the annotation, as
        /// `ron` reads it.
        #[test]
        fn a_written_line_reads_back(text in any::<String>(), note in any::<String>(), attention in any::<String>(), codes in proptest::collection::vec(any::<u32>(), 0..4)) {
            let a = annotation(&text, &note, &attention, codes.into_iter().map(CodeId).collect());
            let line = written(&a);
            prop_assert_eq!(parse(&line), Some(a.clone()));
            let by_ron: Annotation = ron::from_str(&line).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(by_ron, a);
        }
    }

    #[test]
    fn other_shapes_are_left_to_ron() {
        let a = annotation(
            "قال \"الرئيس\"\n",
            "سطر\nآخر",
            "",
            vec![CodeId(2), CodeId(7)],
        );
        let line = written(&a);
        assert_eq!(parse(&line), Some(a));
        for other in [
            line.replacen("(id: 42, ", "(id: 42,  ", 1),
            line.replacen("start: 3", "start: 03", 1),
            line.replacen("(id: 42, doc:", "(doc:", 1),
            format!("{line} "),
            line.replacen("\\n", "\\x0A", 1),
            line.replacen("[2, 7]", "[2,7]", 1),
        ] {
            assert_eq!(parse(&other), None, "{other}");
        }
    }
}
