//! The charts as SVG documents, for reports made without the window (`qari chart`). Labels are
//! SVG text, so Arabic names stay text a reader can search and copy (the viewer shapes them
//! and orders their letters right to left).

use svg::Document;

use super::layout::{LabelBox, place_labels};
use svg::node::element::{Circle, Line, Polyline, Rectangle, Text, Title};

/// One bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// Its name (an entity's English name).
    pub label: String,
    /// Its Arabic name, drawn right to left beside the other (empty: none).
    pub arabic: String,
    /// Its length.
    pub value: usize,
    /// A second figure written after the value (e.g. "in 12 documents"; empty: none).
    pub detail: String,
    /// Its colour, `#rrggbb`.
    pub colour: String,
}

const ROW: f64 = 22.0;
/// Where the bars start; the English names take the left half of the room before them, the
/// Arabic ones the right half.
const LABEL_WIDTH: f64 = 520.0;
/// Characters of a name shown in its half (longer ones are cut with "…"; the whole name is in
/// the bar's tooltip).
const NAME_CHARS: usize = 34;
const BAR_WIDTH: f64 = 420.0;
const FONT: &str = "Noto Naskh Arabic, Noto Sans, sans-serif";

/// A horizontal bar chart: a row a bar, the names on the left (the Arabic one right-aligned
/// against the bars), the bar, then its value.
pub fn bar_chart(title: &str, value_name: &str, bars: &[Bar]) -> String {
    let width = LABEL_WIDTH + BAR_WIDTH + 160.0;
    let height = 50.0 + ROW * bars.len() as f64 + 10.0;
    let most = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let mut doc = page(title, (width, height), 13).add(
        Text::new(value_name)
            .set("x", LABEL_WIDTH + 10.0)
            .set("y", 42)
            .set("fill", "#555555"),
    );
    for (i, bar) in bars.iter().enumerate() {
        let top = 50.0 + ROW * i as f64;
        let middle = top + ROW * 0.7;
        doc = doc.add(Text::new(cut(&bar.label)).set("x", 10).set("y", middle));
        if !bar.arabic.is_empty() {
            doc = doc.add(
                // Its right edge against the bars (its letters are put in order by the bidi
                // algorithm of the viewer, right to left).
                Text::new(cut(&bar.arabic))
                    .set("x", LABEL_WIDTH)
                    .set("y", middle)
                    .set("text-anchor", "end"),
            );
        }
        let length = BAR_WIDTH * bar.value as f64 / most;
        let mut value = bar.value.to_string();
        if !bar.detail.is_empty() {
            value = format!("{value} ({})", bar.detail);
        }
        doc = doc
            .add(
                Rectangle::new()
                    .set("x", LABEL_WIDTH + 10.0)
                    .set("y", top + 4.0)
                    .set("width", length.max(1.0))
                    .set("height", ROW - 8.0)
                    .set("fill", bar.colour.as_str())
                    .add(Title::new(format!("{} {}: {value}", bar.label, bar.arabic))),
            )
            .add(
                Text::new(value)
                    .set("x", LABEL_WIDTH + 16.0 + length)
                    .set("y", middle)
                    .set("fill", "#333333"),
            );
    }
    doc = doc.add(
        Line::new()
            .set("x1", LABEL_WIDTH + 10.0)
            .set("x2", LABEL_WIDTH + 10.0)
            .set("y1", 46)
            .set("y2", height - 6.0)
            .set("stroke", "#888888"),
    );
    doc.to_string()
}

/// A node of a network: an entity.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Its name.
    pub label: String,
    /// Its Arabic name (empty: none).
    pub arabic: String,
    /// What its size shows (the documents naming it).
    pub size: usize,
    /// Its colour, `#rrggbb`.
    pub colour: String,
}

/// An edge of a network.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// One end (index into the nodes).
    pub a: usize,
    /// The other.
    pub b: usize,
    /// What its width shows (the windows naming both).
    pub weight: usize,
    /// Said when the pointer rests on it.
    pub detail: String,
}

const NETWORK_WIDTH: f64 = 1100.0;
const NETWORK_HEIGHT: f64 = 850.0;
const MARGIN: f64 = 110.0;

/// A network: nodes at `at` (a unit square, as [`super::layout`] gives), sized by their size,
/// each named in English and Arabic beside it (under it where there is room,
/// [`place_labels`]); edges as lines as wide as their weight.
pub fn network(title: &str, nodes: &[Node], edges: &[Edge], at: &[(f64, f64)]) -> String {
    let place = |i: usize| {
        let (x, y) = at.get(i).copied().unwrap_or((0.5, 0.5));
        (
            MARGIN + x * (NETWORK_WIDTH - 2.0 * MARGIN),
            MARGIN * 0.6 + y * (NETWORK_HEIGHT - 1.4 * MARGIN),
        )
    };
    let biggest = nodes.iter().map(|n| n.size).max().unwrap_or(0).max(1) as f64;
    let heaviest = edges.iter().map(|e| e.weight).max().unwrap_or(0).max(1) as f64;
    let mut doc = page(title, (NETWORK_WIDTH, NETWORK_HEIGHT), 12);
    for edge in edges {
        let ((x1, y1), (x2, y2)) = (place(edge.a), place(edge.b));
        doc = doc.add(
            Line::new()
                .set("x1", x1)
                .set("y1", y1)
                .set("x2", x2)
                .set("y2", y2)
                .set("stroke", "#8c8c8c")
                .set("stroke-opacity", 0.55)
                .set("stroke-width", 1.0 + 6.0 * edge.weight as f64 / heaviest)
                .add(Title::new(edge.detail.as_str())),
        );
    }
    let radius = |node: &Node| 4.0 + 16.0 * (node.size as f64 / biggest).sqrt();
    // The labels (English over Arabic) placed where they cover no other label or node; their
    // width guessed from their length at 12 px.
    let boxes: Vec<LabelBox> = nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let (x, y) = place(i);
            let chars = cut(&node.label)
                .chars()
                .count()
                .max(cut(&node.arabic).chars().count());
            LabelBox {
                x,
                y,
                r: radius(node),
                w: 6.5 * chars as f64,
                h: if node.arabic.is_empty() { 15.0 } else { 30.0 },
            }
        })
        .collect();
    // Not over the title, nor off the page.
    let labels = place_labels(&boxes, (0.0, 30.0, NETWORK_WIDTH, NETWORK_HEIGHT));
    for (i, node) in nodes.iter().enumerate() {
        let (x, y) = place(i);
        let (left, top) = labels[i];
        let middle = left + boxes[i].w / 2.0;
        doc = doc
            .add(
                Circle::new()
                    .set("cx", x)
                    .set("cy", y)
                    .set("r", boxes[i].r)
                    .set("fill", node.colour.as_str())
                    .set("stroke", "#ffffff")
                    .add(Title::new(format!(
                        "{} {}: {} documents",
                        node.label, node.arabic, node.size
                    ))),
            )
            .add(
                Text::new(cut(&node.label))
                    .set("x", middle)
                    .set("y", top + 11.0)
                    .set("text-anchor", "middle"),
            );
        if !node.arabic.is_empty() {
            doc = doc.add(
                Text::new(cut(&node.arabic))
                    .set("x", middle)
                    .set("y", top + 26.0)
                    .set("text-anchor", "middle"),
            );
        }
    }
    doc.to_string()
}

/// A row of a matrix: a code.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixRow {
    /// The code's path.
    pub label: String,
    /// Its colour, `#rrggbb`.
    pub colour: String,
    /// Its cells, a column each.
    pub cells: Vec<usize>,
}

const CELL: f64 = 26.0;
const ROW_LABELS: f64 = 260.0;
const COLUMN_LABELS: f64 = 170.0;

/// A matrix: codes as rows (named on the left), documents as columns (named above, slanted),
/// each cell a square whose area grows with its count, in the code's colour.
pub fn matrix(title: &str, columns: &[String], rows: &[MatrixRow]) -> String {
    // Room on the right for the last column's slanted name.
    let width = ROW_LABELS + CELL * columns.len() as f64 + 120.0;
    let height = 40.0 + COLUMN_LABELS + CELL * rows.len() as f64 + 20.0;
    let largest = rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .copied()
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let top = 40.0 + COLUMN_LABELS;
    let mut doc = page(title, (width, height), 12);
    for (j, column) in columns.iter().enumerate() {
        let x = ROW_LABELS + CELL * (j as f64 + 0.5);
        doc = doc.add(
            Text::new(cut(column))
                .set("x", x)
                .set("y", top - 6.0)
                .set("transform", format!("rotate(-60 {x} {})", top - 6.0)),
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y = top + CELL * i as f64;
        doc = doc.add(
            Text::new(cut(&row.label))
                .set("x", ROW_LABELS - 8.0)
                .set("y", y + CELL * 0.65)
                .set("text-anchor", "end"),
        );
        for (j, count) in row.cells.iter().enumerate() {
            let x = ROW_LABELS + CELL * j as f64;
            let frame = Rectangle::new()
                .set("x", x)
                .set("y", y)
                .set("width", CELL)
                .set("height", CELL)
                .set("fill", "none")
                .set("stroke", "#e0e0e0");
            doc = doc.add(frame);
            if *count == 0 {
                continue;
            }
            let side = (CELL - 4.0) * (*count as f64 / largest).sqrt();
            doc = doc.add(
                Rectangle::new()
                    .set("x", x + (CELL - side) / 2.0)
                    .set("y", y + (CELL - side) / 2.0)
                    .set("width", side.max(2.0))
                    .set("height", side.max(2.0))
                    .set("fill", row.colour.as_str())
                    .add(Title::new(format!(
                        "{} · {}: {count}",
                        row.label,
                        columns.get(j).map_or("", String::as_str)
                    ))),
            );
        }
    }
    doc.to_string()
}

/// A line of a timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Its name.
    pub label: String,
    /// Its Arabic name (empty: none).
    pub arabic: String,
    /// A count per period.
    pub counts: Vec<usize>,
    /// Its colour, `#rrggbb`.
    pub colour: String,
}

/// Colours of the lines of a timeline, in turn (Tableau 10).
pub const LINE_COLOURS: [&str; 8] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
];

/// A timeline: a line a series over the periods (named below the axis, at most a dozen
/// names), the counts up the side, and a legend under it.
pub fn timeline(title: &str, periods: &[String], series: &[Series]) -> String {
    let (width, left, right, top, bottom) = (1000.0, 70.0, 960.0, 50.0, 380.0);
    let height = bottom + 60.0 + 20.0 * series.len() as f64;
    let most = series
        .iter()
        .flat_map(|s| s.counts.iter())
        .copied()
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let n = periods.len().max(1);
    let x = |i: usize| {
        if n == 1 {
            (left + right) / 2.0
        } else {
            left + (right - left) * i as f64 / (n - 1) as f64
        }
    };
    let y = |count: usize| bottom - (bottom - top) * count as f64 / most;
    let mut doc = page(title, (width, height), 12);
    // The counts: four steps up the side.
    for step in 0..=4 {
        let count = (most * f64::from(step) / 4.0).round() as usize;
        let at = y(count);
        doc = doc
            .add(
                Line::new()
                    .set("x1", left)
                    .set("x2", right)
                    .set("y1", at)
                    .set("y2", at)
                    .set("stroke", "#e6e6e6"),
            )
            .add(
                Text::new(count.to_string())
                    .set("x", left - 8.0)
                    .set("y", at + 4.0)
                    .set("text-anchor", "end")
                    .set("fill", "#555555"),
            );
    }
    // The periods: at most a dozen named.
    let every = n.div_ceil(12).max(1);
    for (i, period) in periods.iter().enumerate().step_by(every) {
        doc = doc.add(
            Text::new(period.as_str())
                .set("x", x(i))
                .set("y", bottom + 18.0)
                .set("text-anchor", "middle")
                .set("fill", "#555555"),
        );
    }
    for (k, s) in series.iter().enumerate() {
        let colour = s.colour.as_str();
        let points: Vec<String> = s
            .counts
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{:.1},{:.1}", x(i), y(*c)))
            .collect();
        doc = doc.add(
            Polyline::new()
                .set("points", points.join(" "))
                .set("fill", "none")
                .set("stroke", colour)
                .set("stroke-width", 2)
                .add(Title::new(s.label.as_str())),
        );
        let legend_y = bottom + 48.0 + 20.0 * k as f64;
        doc = doc
            .add(
                Rectangle::new()
                    .set("x", left)
                    .set("y", legend_y - 10.0)
                    .set("width", 14)
                    .set("height", 4)
                    .set("fill", colour),
            )
            .add(
                Text::new(format!(
                    "{} ({})",
                    cut(&s.label),
                    s.counts.iter().sum::<usize>()
                ))
                .set("x", left + 22.0)
                .set("y", legend_y),
            );
        if !s.arabic.is_empty() {
            doc = doc.add(
                Text::new(cut(&s.arabic))
                    .set("x", left + 330.0)
                    .set("y", legend_y)
                    .set("text-anchor", "end"),
            );
        }
    }
    doc.to_string()
}

/// A white page of `size` (width, height) with the chart's title (also its SVG title), text
/// of `font_size` by default.
fn page(title: &str, (width, height): (f64, f64), font_size: u32) -> Document {
    Document::new()
        .set("viewBox", (0, 0, width, height))
        .set("width", width)
        .set("height", height)
        .set("font-family", FONT)
        .set("font-size", font_size)
        .add(
            Rectangle::new()
                .set("width", "100%")
                .set("height", "100%")
                .set("fill", "#ffffff"),
        )
        .add(Title::new(title))
        .add(
            Text::new(title)
                .set("x", 10)
                .set("y", 24)
                .set("font-size", 16)
                .set("font-weight", "bold"),
        )
}

/// A name cut to [`NAME_CHARS`].
fn cut(name: &str) -> String {
    if name.chars().count() <= NAME_CHARS {
        name.to_owned()
    } else {
        let mut short: String = name.chars().take(NAME_CHARS - 1).collect();
        short.push('…');
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_chart_is_well_formed_with_its_labels_as_text() {
        let bars = [
            Bar {
                label: "Tokayev <&>".into(),
                arabic: "توكاييف".into(),
                value: 6,
                detail: "4 documents".into(),
                colour: "#4e79a7".into(),
            },
            Bar {
                label: "Almaty".into(),
                arabic: String::new(),
                value: 3,
                detail: String::new(),
                colour: "#f28e2b".into(),
            },
        ];
        let svg = bar_chart("Entities", "mentions", &bars);
        assert!(svg.contains("توكاييف"), "{svg}");
        assert!(svg.contains("Tokayev &lt;&amp;&gt;"), "{svg}");
        assert!(svg.contains("6 (4 documents)"), "{svg}");
        assert!(svg.contains(r#"text-anchor="end""#), "{svg}");
        assert!(svg.starts_with("<svg"), "{svg}");
    }
}
