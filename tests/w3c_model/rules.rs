//! The MUST rules of the W3C Web Annotation Data Model, written down from the specification and
//! named as it numbers them: §3.1 annotations, §3.2 bodies and targets, §3.3 other properties,
//! §4 specific resources and selectors, §5.1 collections, §5.2 pages.

use serde_json::Value;

const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// Why an export breaks the model: one line a broken rule, naming it.
#[derive(Default)]
pub struct Report {
    /// One line a broken rule: `§N at PLACE: what`.
    pub broken: Vec<String>,
}

impl Report {
    fn rule(&mut self, ok: bool, rule: &str, at: &str, what: impl FnOnce() -> String) {
        if !ok {
            self.broken.push(format!("§{rule} at {at}: {}", what()));
        }
    }

    /// Fails the test, listing the broken rules, when there are any.
    pub fn assert_none(&self, what: &str) {
        assert!(
            self.broken.is_empty(),
            "{what} breaks {} MUST rules of the Web Annotation model:\n{}",
            self.broken.len(),
            self.broken
                .iter()
                .take(40)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

/// An absolute IRI (RFC 3987) without white space.
fn is_iri(value: &Value) -> bool {
    value.as_str().is_some_and(|s| {
        !s.chars().any(char::is_whitespace) && iri_string::types::IriStr::new(s).is_ok()
    })
}

/// One IRI: a string, or a list of exactly one.
fn is_single_iri(value: &Value) -> bool {
    match value {
        Value::Array(list) => list.len() == 1 && is_iri(&list[0]),
        other => is_iri(other),
    }
}

/// An xsd:dateTime with a time zone (`Z` or `±hh:mm`), as the model asks of `created`,
/// `modified` and `generated`.
fn is_date_time(value: &Value) -> bool {
    static PATTERN: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let pattern = PATTERN.get_or_init(|| {
        regex::Regex::new(
            r"^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$",
        )
        .unwrap()
    });
    value.as_str().is_some_and(|s| pattern.is_match(s))
}

/// `type` is `name` or a list holding it.
fn has_type(object: &Value, name: &str) -> bool {
    match object.get("type") {
        Some(Value::String(t)) => t == name,
        Some(Value::Array(list)) => list.iter().any(|t| t == name),
        _ => false,
    }
}

/// A value or each value of a list.
fn each(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(list) => list.iter().collect(),
        other => vec![other],
    }
}

/// §3.1: one or more `@context`, the model's among them, a string when it is the only one.
fn check_context(report: &mut Report, object: &Value, rule: &str, at: &str) {
    let ok = match object.get("@context") {
        Some(Value::String(c)) => c == CONTEXT,
        Some(Value::Array(list)) => list.len() > 1 && list.iter().any(|c| c == CONTEXT),
        _ => false,
    };
    report.rule(ok, rule, at, || {
        format!("@context is {:?}", object.get("@context"))
    });
}

/// §3.3.1, §3.3.6, §3.3.7: the lifecycle and rights properties an annotation, body, target or
/// collection may have.
fn check_other_properties(report: &mut Report, object: &Value, at: &str) {
    for key in ["created", "modified", "generated"] {
        if let Some(value) = object.get(key) {
            report.rule(is_date_time(value), "3.3.1", at, || {
                format!("{key} {value} is not an xsd:dateTime with a time zone")
            });
        }
    }
    if let Some(rights) = object.get("rights") {
        report.rule(each(rights).into_iter().all(is_iri), "3.3.6", at, || {
            format!("rights {rights} is not an IRI")
        });
    }
    if let Some(canonical) = object.get("canonical") {
        report.rule(is_single_iri(canonical), "3.3.7", at, || {
            format!("canonical {canonical} is not one IRI")
        });
    }
    if let Some(via) = object.get("via") {
        report.rule(each(via).into_iter().all(is_iri), "3.3.7", at, || {
            format!("via {via} is not an IRI")
        });
    }
    if let Some(direction) = object.get("textDirection") {
        report.rule(
            matches!(direction.as_str(), Some("ltr" | "rtl" | "auto")),
            "3.2.1",
            at,
            || format!("textDirection {direction} is not ltr, rtl or auto"),
        );
    }
}

/// §3.2.1: an External Web Resource is named by one IRI.
fn is_external_resource(resource: &Value) -> bool {
    resource.is_object()
        && resource.get("id").is_some_and(is_single_iri)
        && resource.get("source").is_none()
        && resource.get("items").is_none()
}

/// §4.2: a selector of a type the model defines, with what that type requires.
fn check_selector(report: &mut Report, selector: &Value, at: &str) {
    let string = |key: &str| selector.get(key).is_some_and(Value::is_string);
    let position = |key: &str| selector.get(key).and_then(Value::as_u64).is_some();
    let kind = selector.get("type").and_then(Value::as_str).unwrap_or("");
    match kind {
        "TextQuoteSelector" => {
            report.rule(string("exact"), "4.2.4", at, || {
                "a TextQuoteSelector without one exact string".into()
            });
            for key in ["prefix", "suffix"] {
                report.rule(
                    selector.get(key).is_none() || string(key),
                    "4.2.4",
                    at,
                    || format!("the TextQuoteSelector's {key} is not a string"),
                );
            }
        }
        "TextPositionSelector" | "DataPositionSelector" => {
            let rule = if kind == "TextPositionSelector" {
                "4.2.5"
            } else {
                "4.2.6"
            };
            report.rule(position("start") && position("end"), rule, at, || {
                format!("a {kind} without start and end as whole numbers ≥ 0")
            });
        }
        "FragmentSelector" | "CssSelector" | "XPathSelector" => {
            report.rule(string("value"), "4.2", at, || {
                format!("a {kind} without a value")
            });
        }
        "SvgSelector" => report.rule(
            selector.get("value").is_some() != selector.get("id").is_some(),
            "4.2.7",
            at,
            || "an SvgSelector without one value or id".into(),
        ),
        "RangeSelector" => report.rule(
            selector.get("startSelector").is_some() && selector.get("endSelector").is_some(),
            "4.2.9",
            at,
            || "a RangeSelector without start and end selectors".into(),
        ),
        _ => report.rule(is_iri(selector), "4.2", at, || {
            format!("a selector of no type the model defines: {selector}")
        }),
    }
    if let Some(refined) = selector.get("refinedBy") {
        for inner in each(refined) {
            check_selector(report, inner, at);
        }
    }
}

/// §3.2 and §4: a target is an IRI, an External Web Resource, a Choice or Set, or a Specific
/// Resource whose source is an IRI or an External Web Resource, with what it selects.
fn check_target(report: &mut Report, target: &Value, at: &str) {
    if target.is_string() {
        report.rule(is_iri(target), "3.2", at, || {
            format!("target {target} is not an IRI")
        });
        return;
    }
    if let Some(source) = target.get("source") {
        let source_ok = is_iri(source) || is_external_resource(source);
        report.rule(source_ok, "4.1", at, || {
            format!(
                "the Specific Resource's source {source} is not an IRI or a resource named by one"
            )
        });
        let specific = [
            "purpose",
            "selector",
            "state",
            "styleClass",
            "renderedVia",
            "scope",
        ]
        .iter()
        .any(|k| target.get(*k).is_some());
        report.rule(specific, "4.1", at, || {
            "a Specific Resource with nothing that makes it specific (selector, state …)".into()
        });
        if let Some(selectors) = target.get("selector") {
            let list = each(selectors);
            report.rule(!list.is_empty(), "4.2", at, || {
                "an empty list of selectors".into()
            });
            for selector in list {
                check_selector(report, selector, at);
            }
        }
        if source.is_object() {
            check_other_properties(report, source, at);
        }
    } else if has_type(target, "Choice")
        || has_type(target, "List")
        || has_type(target, "Composite")
        || has_type(target, "Independents")
    {
        let items = target.get("items").and_then(Value::as_array);
        report.rule(items.is_some_and(|i| !i.is_empty()), "3.2.7", at, || {
            "a Choice or Set without items".into()
        });
        for item in items.into_iter().flatten() {
            check_target(report, item, at);
        }
    } else {
        report.rule(is_external_resource(target), "3.2", at, || {
            format!("target {target} is not an IRI, a resource named by one, a Choice or Set, or a Specific Resource")
        });
    }
    check_other_properties(report, target, at);
}

/// §3.2: a body is an IRI, a resource, a Specific Resource or a Choice, or (§3.2.4) a
/// TextualBody with one string `value`; §3.3.5: a purpose is a motivation of the model.
fn check_body(report: &mut Report, body: &Value, at: &str) {
    const MOTIVATIONS: [&str; 13] = [
        "assessing",
        "bookmarking",
        "classifying",
        "commenting",
        "describing",
        "editing",
        "highlighting",
        "identifying",
        "linking",
        "moderating",
        "questioning",
        "replying",
        "tagging",
    ];
    if body.is_string() {
        report.rule(is_iri(body), "3.2", at, || {
            format!("body {body} is not an IRI")
        });
        return;
    }
    if has_type(body, "TextualBody") || body.get("value").is_some() {
        report.rule(
            body.get("value").is_some_and(Value::is_string),
            "3.2.4",
            at,
            || "a TextualBody without one string value".into(),
        );
        report.rule(
            body.get("source").is_none() && body.get("items").is_none(),
            "3.2.4",
            at,
            || "a TextualBody with a source or items".into(),
        );
    } else if body.get("source").is_some() {
        check_target(report, body, at);
    } else {
        report.rule(is_external_resource(body), "3.2", at, || {
            format!("body {body} is not an IRI, a resource or a TextualBody")
        });
    }
    if let Some(purpose) = body.get("purpose") {
        report.rule(
            each(purpose)
                .into_iter()
                .all(|p| p.as_str().is_some_and(|p| MOTIVATIONS.contains(&p))),
            "3.3.5",
            at,
            || format!("purpose {purpose} is not a motivation of the model"),
        );
    }
    check_other_properties(report, body, at);
}

/// §3.1–§3.3: one annotation.
fn check_annotation(report: &mut Report, annotation: &Value, at: &str, inherited_context: bool) {
    if !inherited_context || annotation.get("@context").is_some() {
        check_context(report, annotation, "3.1", at);
    }
    report.rule(
        annotation.get("id").is_some_and(is_single_iri),
        "3.1",
        at,
        || format!("id {:?} is not one IRI", annotation.get("id")),
    );
    report.rule(has_type(annotation, "Annotation"), "3.1", at, || {
        "type is not Annotation".into()
    });
    report.rule(annotation.get("target").is_some(), "3.1", at, || {
        "no target".into()
    });
    report.rule(
        !(annotation.get("body").is_some() && annotation.get("bodyValue").is_some()),
        "3.2.5",
        at,
        || "both body and bodyValue".into(),
    );
    if let Some(value) = annotation.get("bodyValue") {
        report.rule(value.is_string(), "3.2.5", at, || {
            "bodyValue is not a string".into()
        });
    }
    for target in annotation.get("target").map(each).unwrap_or_default() {
        check_target(report, target, at);
    }
    for body in annotation.get("body").map(each).unwrap_or_default() {
        check_body(report, body, at);
    }
    check_other_properties(report, annotation, at);
}

/// §5.1 and §5.2: a collection, its pages given inline, and every annotation on them.
/// `inherited`: an annotation or page without an `@context` of its own takes the
/// collection's (JSON-LD); without it, each must carry one, as a document of its own.
pub fn check_collection(collection: &Value, inherited: bool) -> (Report, usize) {
    let mut report = Report::default();
    let at = "the collection";
    check_context(&mut report, collection, "5.1", at);
    report.rule(
        collection.get("id").is_some_and(is_single_iri),
        "5.1",
        at,
        || format!("id {:?} is not one IRI", collection.get("id")),
    );
    report.rule(
        has_type(collection, "AnnotationCollection"),
        "5.1",
        at,
        || "type is not AnnotationCollection".into(),
    );
    let total = collection.get("total");
    report.rule(
        total.is_none_or(|t| t.as_u64().is_some()),
        "5.1",
        at,
        || format!("total {total:?} is not a whole number ≥ 0"),
    );
    let total = total.and_then(Value::as_u64).unwrap_or(0);
    if let Some(label) = collection.get("label") {
        report.rule(
            each(label).into_iter().all(Value::is_string),
            "5.1",
            at,
            || "label is not text".into(),
        );
    }
    report.rule(
        total == 0 || collection.get("first").is_some(),
        "5.1",
        at,
        || "annotations but no first page".into(),
    );
    if let Some(last) = collection.get("last") {
        report.rule(
            is_single_iri(last) || last.get("id").is_some_and(is_single_iri),
            "5.1",
            at,
            || format!("last {last} is not one IRI"),
        );
    }
    check_other_properties(&mut report, collection, at);

    let mut annotations = 0;
    let mut page = collection.get("first");
    let mut n = 1;
    let mut previous: Option<String> = None;
    while let Some(p) = page {
        let at = format!("page {n}");
        if p.is_string() {
            report.rule(is_iri(p), "5.1", &at, || format!("page {p} is not an IRI"));
            break;
        }
        if !inherited || p.get("@context").is_some() {
            check_context(&mut report, p, "5.2", &at);
        }
        report.rule(p.get("id").is_some_and(is_single_iri), "5.2", &at, || {
            format!("id {:?} is not one IRI", p.get("id"))
        });
        report.rule(has_type(p, "AnnotationPage"), "5.2", &at, || {
            "type is not AnnotationPage".into()
        });
        if let Some(part_of) = p.get("partOf") {
            let id = part_of.get("id").unwrap_or(part_of);
            report.rule(
                is_single_iri(id) && Some(id) == collection.get("id"),
                "5.2",
                &at,
                || format!("partOf {part_of} is not the collection's IRI"),
            );
        }
        if let Some(start) = p.get("startIndex") {
            report.rule(
                start.as_u64() == Some(annotations as u64),
                "5.2",
                &at,
                || format!("startIndex {start} is not the number of annotations before the page"),
            );
        }
        if let Some(prev) = p.get("prev") {
            report.rule(
                is_single_iri(prev) && previous.as_deref() == prev.as_str(),
                "5.2",
                &at,
                || format!("prev {prev} is not the page before"),
            );
        }
        let items = p.get("items").and_then(Value::as_array);
        report.rule(items.is_some(), "5.2", &at, || "no list of items".into());
        for (i, item) in items.into_iter().flatten().enumerate() {
            let at = format!("page {n}, annotation {}", i + 1);
            if item.is_string() {
                report.rule(is_iri(item), "5.2", &at, || {
                    format!("item {item} is not an IRI")
                });
            } else {
                check_annotation(&mut report, item, &at, inherited);
            }
            annotations += 1;
        }
        previous = p.get("id").and_then(Value::as_str).map(str::to_owned);
        page = p.get("next");
        n += 1;
    }
    report.rule(annotations as u64 == total, "5.1", "the collection", || {
        format!("total {total} but {annotations} annotations on its pages")
    });
    (report, annotations)
}
