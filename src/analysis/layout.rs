//! A force-directed layout of a graph (Fruchterman and Reingold, 1991): edges pull their ends
//! together, every pair of nodes pushes apart, and each step moves a node at most a
//! "temperature" that cools to nothing, so the layout settles. Deterministic: nodes start on
//! a circle in their given order.

/// Positions of `nodes` nodes joined by `edges` (`(a, b, weight)`; a heavier edge pulls harder),
/// in a unit square (0 to 1 on both axes, stretched to fill it), after `steps` steps.
pub fn fruchterman_reingold(
    nodes: usize,
    edges: &[(usize, usize, f64)],
    steps: usize,
) -> Vec<(f64, f64)> {
    let mut layout = ForceLayout::new(nodes, steps);
    while layout.step(edges) {}
    layout.positions()
}

/// How strongly every node is pulled toward the middle of the square.
const GRAVITY: f64 = 16.0;

/// A layout that settles a step at a time (the window shows it moving), whose nodes can be
/// pinned where the user drops them.
#[derive(Clone, Debug, PartialEq)]
pub struct ForceLayout {
    /// Where each node is, before stretching.
    at: Vec<(f64, f64)>,
    /// Nodes that stay where they were put.
    pinned: Vec<bool>,
    step: usize,
    steps: usize,
    /// The ideal distance between nodes.
    k: f64,
}

impl ForceLayout {
    /// `nodes` nodes on a circle, in their given order, to settle in `steps` steps.
    pub fn new(nodes: usize, steps: usize) -> Self {
        let at = (0..nodes)
            .map(|i| {
                let angle = std::f64::consts::TAU * i as f64 / nodes as f64;
                (0.5 + 0.4 * angle.cos(), 0.5 + 0.4 * angle.sin())
            })
            .collect();
        Self {
            at,
            pinned: vec![false; nodes],
            step: 0,
            steps,
            // A little more than the classic √(area / nodes), which leaves labels overlapping.
            k: 1.3 * (1.0 / nodes.max(1) as f64).sqrt(),
        }
    }

    /// The layout has settled.
    pub fn is_settled(&self) -> bool {
        self.step >= self.steps
    }

    /// One step; false once settled.
    pub fn step(&mut self, edges: &[(usize, usize, f64)]) -> bool {
        if self.is_settled() {
            return false;
        }
        let (at, k) = (&mut self.at, self.k);
        let nodes = at.len();
        let heaviest = edges.iter().map(|e| e.2).fold(0.0, f64::max).max(1e-9);
        let temperature = 0.1 * (1.0 - self.step as f64 / self.steps as f64);
        let mut push = vec![(0.0, 0.0); nodes];
        for i in 0..nodes {
            for j in i + 1..nodes {
                let (dx, dy) = (at[i].0 - at[j].0, at[i].1 - at[j].1);
                let d = (dx * dx + dy * dy).sqrt().max(1e-6);
                let force = k * k / d;
                let (fx, fy) = (dx / d * force, dy / d * force);
                push[i].0 += fx;
                push[i].1 += fy;
                push[j].0 -= fx;
                push[j].1 -= fy;
            }
        }
        // A pull toward the middle, so that nodes with few or no edges are not pushed against
        // the walls and piled there (as strong as the push of a node k/2 away at the walls).
        for (p, at) in push.iter_mut().zip(at.iter()) {
            let (dx, dy) = (0.5 - at.0, 0.5 - at.1);
            p.0 += GRAVITY * k * dx;
            p.1 += GRAVITY * k * dy;
        }
        for &(a, b, weight) in edges {
            if a >= nodes || b >= nodes || a == b {
                continue;
            }
            let (dx, dy) = (at[a].0 - at[b].0, at[a].1 - at[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(1e-6);
            let force = d * d / k * (0.5 + 0.5 * weight / heaviest);
            let (fx, fy) = (dx / d * force, dy / d * force);
            push[a].0 -= fx;
            push[a].1 -= fy;
            push[b].0 += fx;
            push[b].1 += fy;
        }
        for ((p, (fx, fy)), pinned) in at.iter_mut().zip(push).zip(&self.pinned) {
            if *pinned {
                continue;
            }
            let length = (fx * fx + fy * fy).sqrt().max(1e-9);
            let moved = length.min(temperature);
            p.0 = (p.0 + fx / length * moved).clamp(0.0, 1.0);
            p.1 = (p.1 + fy / length * moved).clamp(0.0, 1.0);
        }
        self.step += 1;
        !self.is_settled()
    }

    /// Lets the layout move again, from where it is (the edges changed).
    pub fn reheat(&mut self) {
        self.step = self.step.min(self.steps / 2);
    }

    /// The number of nodes.
    pub fn len(&self) -> usize {
        self.at.len()
    }

    /// No nodes.
    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    /// Where each node is, stretched over the unit square.
    pub fn positions(&self) -> Vec<(f64, f64)> {
        let mut at = self.at.clone();
        fill_the_square(&mut at);
        at
    }

    /// Puts a node where the user dropped it (`to`, in the stretched square of
    /// [`Self::positions`]) and keeps it there; the others settle around it again.
    pub fn pin(&mut self, node: usize, to: (f64, f64)) {
        let ((x0, x1), (y0, y1)) = extent(&self.at);
        let unstretch = |v: f64, lo: f64, hi: f64| {
            if hi - lo > 1e-9 {
                lo + v * (hi - lo)
            } else {
                v
            }
        };
        if let Some(p) = self.at.get_mut(node) {
            *p = (
                unstretch(to.0, x0, x1).clamp(0.0, 1.0),
                unstretch(to.1, y0, y1).clamp(0.0, 1.0),
            );
            self.pinned[node] = true;
            // A little more settling, gently, around the moved node.
            self.step = self.step.min(self.steps.saturating_sub(self.steps / 4));
        }
    }
}

/// The smallest and largest x and y.
fn extent(at: &[(f64, f64)]) -> ((f64, f64), (f64, f64)) {
    let range = |values: &mut dyn Iterator<Item = f64>| {
        values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)))
    };
    (
        range(&mut at.iter().map(|p| p.0)),
        range(&mut at.iter().map(|p| p.1)),
    )
}

/// A node's label to place: the node's centre and radius, and the label's width and height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelBox {
    /// The node's centre.
    pub x: f64,
    /// The node's centre.
    pub y: f64,
    /// The node's radius.
    pub r: f64,
    /// The label's width.
    pub w: f64,
    /// The label's height.
    pub h: f64,
}

/// A rectangle: left, top, width, height (or, for bounds, left, top, right, bottom).
pub type Area = (f64, f64, f64, f64);

/// How much two rectangles overlap.
fn overlap(a: Area, b: Area) -> f64 {
    let w = (a.0 + a.2).min(b.0 + b.2) - a.0.max(b.0);
    let h = (a.1 + a.3).min(b.1 + b.3) - a.1.max(b.1);
    if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
}

/// Where each label goes (its top-left corner), placed one by one in the order given (the
/// most important first): under its node, else above it, right, left, or a line further
/// down or up; the first of these that covers no label placed before, no other node and
/// nothing outside `within` (left, top, right, bottom), else the one that covers least.
pub fn place_labels(boxes: &[LabelBox], within: Area) -> Vec<(f64, f64)> {
    let (left, top, right, bottom) = within;
    let page = (left, top, right - left, bottom - top);
    let nodes: Vec<Area> = boxes
        .iter()
        .map(|b| (b.x - b.r, b.y - b.r, 2.0 * b.r, 2.0 * b.r))
        .collect();
    let mut placed: Vec<Area> = Vec::with_capacity(boxes.len());
    for (i, b) in boxes.iter().enumerate() {
        let centred = b.x - b.w / 2.0;
        let candidates = [
            (centred, b.y + b.r + 2.0),
            (centred, b.y - b.r - 2.0 - b.h),
            (b.x + b.r + 4.0, b.y - b.h / 2.0),
            (b.x - b.r - 4.0 - b.w, b.y - b.h / 2.0),
            (centred, b.y + b.r + 2.0 + b.h),
            (centred, b.y - b.r - 2.0 - 2.0 * b.h),
        ];
        let covered = |(x, y): (f64, f64)| {
            let area = (x, y, b.w, b.h);
            let labels: f64 = placed.iter().map(|p| overlap(area, *p)).sum();
            let others: f64 = nodes
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, n)| overlap(area, *n))
                .sum();
            let outside = b.w * b.h - overlap(area, page);
            labels + others + outside
        };
        let best = candidates
            .iter()
            .copied()
            .find(|c| covered(*c) == 0.0)
            .or_else(|| {
                candidates
                    .iter()
                    .copied()
                    .min_by(|a, b| covered(*a).total_cmp(&covered(*b)))
            })
            .unwrap_or(candidates[0]);
        placed.push((best.0, best.1, b.w, b.h));
    }
    placed.into_iter().map(|(x, y, _, _)| (x, y)).collect()
}

/// Stretches the layout over the whole square (a dense graph settles in its middle).
fn fill_the_square(at: &mut [(f64, f64)]) {
    let ((x0, x1), (y0, y1)) = extent(at);
    for p in at.iter_mut() {
        if x1 - x0 > 1e-9 {
            p.0 = (p.0 - x0) / (x1 - x0);
        }
        if y1 - y0 > 1e-9 {
            p.1 = (p.1 - y0) / (y1 - y0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: (f64, f64), b: (f64, f64)) -> f64 {
        ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
    }

    #[test]
    fn joined_nodes_end_nearer_than_strangers_and_the_layout_repeats() {
        // Two triangles joined by nothing: each node nearer its own triangle.
        let edges = [
            (0, 1, 1.0),
            (1, 2, 1.0),
            (0, 2, 1.0),
            (3, 4, 1.0),
            (4, 5, 1.0),
            (3, 5, 1.0),
        ];
        let at = fruchterman_reingold(6, &edges, 300);
        for (a, b) in [(0, 1), (3, 4), (1, 2)] {
            for stranger in [3, 4, 5].iter().filter(|s| **s != a && **s != b) {
                if a < 3 {
                    assert!(distance(at[a], at[b]) < distance(at[a], at[*stranger]));
                }
            }
        }
        assert_eq!(at, fruchterman_reingold(6, &edges, 300));
        assert!(
            at.iter()
                .all(|p| (0.0..=1.0).contains(&p.0) && (0.0..=1.0).contains(&p.1))
        );
        assert!(fruchterman_reingold(0, &[], 10).is_empty());
    }

    #[test]
    fn labels_go_under_their_node_unless_another_label_is_there() {
        let node = |x: f64, y: f64| LabelBox {
            x,
            y,
            r: 5.0,
            w: 60.0,
            h: 20.0,
        };
        // Two nodes side by side, close: the second label cannot go under its node too.
        let page = (0.0, 0.0, 500.0, 500.0);
        let at = place_labels(
            &[node(100.0, 100.0), node(130.0, 100.0), node(400.0, 400.0)],
            page,
        );
        assert_eq!(at[0], (70.0, 107.0));
        assert_eq!(at[1], (100.0, 73.0));
        assert_eq!(at[2], (370.0, 407.0));
        // Near the bottom edge a label goes above its node; near the left edge, to its right.
        let at = place_labels(&[node(250.0, 490.0), node(10.0, 250.0)], page);
        assert_eq!(at[0], (220.0, 463.0));
        assert_eq!(at[1], (19.0, 240.0));
    }

    #[test]
    fn a_pinned_node_stays_where_it_was_dropped() {
        let edges = [(0, 1, 1.0), (1, 2, 1.0)];
        let mut layout = ForceLayout::new(3, 100);
        while layout.step(&edges) {}
        layout.pin(0, (0.5, 0.5));
        let dropped = layout.at[0];
        assert!(!layout.is_settled());
        while layout.step(&edges) {}
        assert_eq!(layout.at[0], dropped);
    }
}
