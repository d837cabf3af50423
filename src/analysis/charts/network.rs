//! Entities named together: a node per entity (sized by the documents naming it, coloured by
//! kind) and an edge per pair named in one window (sentence, paragraph or document) at least
//! a chosen number of times, with its weight, PMI and log-likelihood.

use std::collections::BTreeMap;

use super::{
    EntityRow, Filter, Source, Windows, csv_writer, finish, io, kind_hex, neutralise, times,
    top_entities,
};
use crate::agreement::report::UnitKind;
use crate::analysis::EntityMention;
use crate::analysis::cooccurrence::{Pair, cooccurrences};
use crate::analysis::layout::fruchterman_reingold;
use crate::analysis::svg::{Edge, Node, network};

/// Steps of the layout written to a file.
pub const LAYOUT_STEPS: usize = 400;

/// An edge between two nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// The nodes (indices into [`Network::nodes`]).
    pub a: usize,
    /// The other node.
    pub b: usize,
    /// The pair's figures (its `a` and `b` are register entities).
    pub pair: Pair,
}

/// The network of the most mentioned entities.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    /// A node each.
    pub nodes: Vec<EntityRow>,
    /// Every pair of nodes named together at least once, heaviest first.
    pub links: Vec<Link>,
    /// What "together" means.
    pub scope: UnitKind,
    /// The documents counted.
    pub documents: usize,
}

impl Network {
    /// The network of what `filter` shows; `windows` holds the window of each of the source's
    /// mentions.
    pub fn build(source: &Source<'_>, filter: &Filter, windows: &Windows) -> Self {
        let nodes = top_entities(source, filter);
        let node_of: BTreeMap<usize, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, row)| (row.entity, i))
            .collect();
        let in_windows: Vec<(usize, usize)> = source
            .mentions
            .iter()
            .zip(&windows.of_mention)
            .filter(|(m, _)| filter.counts_doc(m.doc))
            .map(|(m, w)| (*w, m.entity))
            .collect();
        let mut links: Vec<Link> = cooccurrences(&in_windows, windows.len().max(1))
            .into_iter()
            .filter_map(|pair| {
                Some(Link {
                    a: *node_of.get(&pair.a)?,
                    b: *node_of.get(&pair.b)?,
                    pair,
                })
            })
            .collect();
        links.sort_by(|x, y| {
            y.pair
                .weight
                .cmp(&x.pair.weight)
                .then((x.a, x.b).cmp(&(y.a, y.b)))
        });
        Self {
            nodes,
            links,
            scope: windows.scope.unwrap_or(UnitKind::Document),
            documents: (0..source.docs.len())
                .filter(|d| filter.counts_doc(*d))
                .count(),
        }
    }

    /// The links drawn: those of at least `min_weight`.
    pub fn shown(&self, min_weight: usize) -> impl Iterator<Item = &Link> {
        self.links
            .iter()
            .filter(move |l| l.pair.weight >= min_weight)
    }

    /// The edges for a layout: (a, b, weight).
    pub fn edges(&self, min_weight: usize) -> Vec<(usize, usize, f64)> {
        self.shown(min_weight)
            .map(|l| (l.a, l.b, l.pair.weight as f64))
            .collect()
    }

    /// The heaviest link's weight (0 with none).
    pub fn heaviest(&self) -> usize {
        self.links.first().map_or(0, |l| l.pair.weight)
    }

    /// What a link is, in a line.
    pub fn link_said(&self, link: &Link) -> String {
        format!(
            "{} and {}: {} {}s, PMI {:.2}, log-likelihood {:.1}",
            self.nodes[link.a].name,
            self.nodes[link.b].name,
            link.pair.weight,
            self.scope.name(),
            link.pair.pmi,
            link.pair.log_likelihood
        )
    }

    /// What the chart shows, in a line.
    pub fn said(&self, min_weight: usize) -> String {
        format!(
            "{} entities, {} pairs named together in one {} at least {}, in {} documents",
            self.nodes.len(),
            self.shown(min_weight).count(),
            self.scope.name(),
            times(min_weight),
            self.documents
        )
    }

    /// The chart as an SVG document, its nodes at `at` (in the unit square), or laid out anew
    /// when `None`.
    pub fn svg(&self, min_weight: usize, at: Option<&[(f64, f64)]>) -> String {
        let nodes: Vec<Node> = self
            .nodes
            .iter()
            .map(|row| Node {
                label: row.name.clone(),
                arabic: row.arabic.clone(),
                size: row.documents,
                colour: kind_hex(row.kind),
            })
            .collect();
        let edges: Vec<Edge> = self
            .shown(min_weight)
            .map(|l| Edge {
                a: l.a,
                b: l.b,
                weight: l.pair.weight,
                detail: self.link_said(l),
            })
            .collect();
        let laid_out;
        let at = match at {
            Some(at) if at.len() == nodes.len() => at,
            _ => {
                laid_out = fruchterman_reingold(nodes.len(), &self.edges(min_weight), LAYOUT_STEPS);
                &laid_out
            }
        };
        let title = format!(
            "Entities named together in one {} (at least {}), {} documents",
            self.scope.name(),
            times(min_weight),
            self.documents
        );
        network(&title, &nodes, &edges, at)
    }

    /// The pairs drawn: (entity_a, entity_b, weight, pmi, log_likelihood, scope).
    pub fn csv(&self, min_weight: usize) -> std::io::Result<Vec<u8>> {
        let mut csv = csv_writer();
        csv.write_record([
            "entity_a",
            "entity_b",
            "weight",
            "pmi",
            "log_likelihood",
            "scope",
        ])
        .map_err(io)?;
        for l in self.shown(min_weight) {
            csv.write_record([
                neutralise(&self.nodes[l.a].name).as_str(),
                neutralise(&self.nodes[l.b].name).as_str(),
                &l.pair.weight.to_string(),
                &format!("{:.4}", l.pair.pmi),
                &format!("{:.4}", l.pair.log_likelihood),
                self.scope.name(),
            ])
            .map_err(io)?;
        }
        finish(csv)
    }
}

/// The windows (indices into `windows.ranges`) where both entities are named, in corpus order.
pub fn windows_naming_both(
    mentions: &[EntityMention],
    windows: &Windows,
    a: usize,
    b: usize,
) -> Vec<usize> {
    let mut with_a = Vec::new();
    let mut with_b = Vec::new();
    for (m, w) in mentions.iter().zip(&windows.of_mention) {
        if m.entity == a {
            with_a.push(*w);
        }
        if m.entity == b {
            with_b.push(*w);
        }
    }
    with_a.sort_unstable();
    with_a.dedup();
    with_b.sort_unstable();
    with_b.dedup();
    with_a.retain(|w| with_b.binary_search(w).is_ok());
    with_a
}
