//! The network of entities named together, drawn on the painter: a node per entity (sized by
//! the documents naming it, coloured by kind, named in English and Arabic by qari's text
//! engine), an edge per pair named together often enough. The layout settles on screen a few
//! steps a frame; a node can be dragged (it stays where it is dropped), the background
//! dragged to pan and scrolled to zoom. A click on a node opens the entity's mentions; a click
//! on an edge lists the passages naming both.

use egui::{Pos2, Rect, Sense, Stroke, Ui, Vec2, pos2, vec2};

use super::Clicked;
use crate::analysis::charts::network::Network;
use crate::analysis::layout::{ForceLayout, LabelBox, place_labels};
use crate::ui::text;
use crate::ui::theme::kind_color;

/// Steps of the layout, a few drawn each frame.
const LAYOUT_STEPS: usize = 300;
const STEPS_PER_FRAME: usize = 6;
/// Room left round the drawing for the names.
const MARGIN: f32 = 70.0;
/// How near an edge the pointer has to be to hover it.
const EDGE_REACH: f32 = 5.0;

/// The network's layout and view.
pub(super) struct NetworkState {
    layout: Option<ForceLayout>,
    /// The fewest pairs of the edges the layout was made for.
    laid_for: usize,
    pan: Vec2,
    zoom: f32,
}

impl Default for NetworkState {
    fn default() -> Self {
        Self {
            layout: None,
            laid_for: 0,
            pan: Vec2::ZERO,
            zoom: 1.0,
        }
    }
}

impl NetworkState {
    /// Forgets the layout (the nodes changed).
    pub(super) fn forget(&mut self) {
        *self = Self::default();
    }

    /// Where the nodes are, in the unit square, once laid out.
    pub(super) fn positions(&self) -> Option<Vec<(f64, f64)>> {
        self.layout.as_ref().map(ForceLayout::positions)
    }

    /// Draws the network; returns what was clicked.
    pub(super) fn ui(&mut self, ui: &mut Ui, net: &Network, min_weight: usize) -> Option<Clicked> {
        if net.nodes.is_empty() {
            ui.label("No entity is mentioned in the documents counted.");
            return None;
        }
        let edges = net.edges(min_weight);
        let layout = match &mut self.layout {
            Some(layout) if layout.len() == net.nodes.len() => layout,
            _ => {
                self.laid_for = min_weight;
                self.layout
                    .insert(ForceLayout::new(net.nodes.len(), LAYOUT_STEPS))
            }
        };
        if self.laid_for != min_weight {
            self.laid_for = min_weight;
            layout.reheat();
        }
        for _ in 0..STEPS_PER_FRAME {
            layout.step(&edges);
        }
        if !layout.is_settled() {
            ui.ctx().request_repaint();
        }
        let (rect, background) =
            ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        let area = rect.shrink(MARGIN);
        let centre = area.center();
        let (pan, zoom) = (self.pan, self.zoom);
        let to_screen = |(x, y): (f64, f64)| {
            let p = pos2(
                area.left() + x as f32 * area.width(),
                area.top() + y as f32 * area.height(),
            );
            centre + (p - centre) * zoom + pan
        };
        let to_unit = |p: Pos2| {
            let p = centre + (p - pan - centre) / zoom;
            (
                f64::from((p.x - area.left()) / area.width().max(1.0)),
                f64::from((p.y - area.top()) / area.height().max(1.0)),
            )
        };
        let at: Vec<Pos2> = layout.positions().into_iter().map(to_screen).collect();
        let painter = ui.painter_at(rect);
        let visuals = ui.visuals().clone();
        let pointer = ui
            .input(|i| i.pointer.hover_pos())
            .filter(|p| rect.contains(*p));
        // The nodes first (their interactions), drawn after the edges.
        let most = net
            .nodes
            .iter()
            .map(|n| n.documents)
            .max()
            .unwrap_or(1)
            .max(1) as f32;
        let radius = |documents: usize| 5.0 + 15.0 * (documents as f32 / most).sqrt();
        let mut clicked = None;
        let mut node_hovered = None;
        for (i, node) in net.nodes.iter().enumerate() {
            let r = radius(node.documents) * zoom.sqrt();
            let hit = Rect::from_center_size(at[i], vec2(2.0 * r + 4.0, 2.0 * r + 4.0));
            let id = ui.scope_id().with(("network_node", node.entity));
            let response = ui.interact(hit.intersect(rect), id, Sense::click_and_drag());
            let described = format!(
                "{} {}: {} mentions in {} documents",
                node.name, node.arabic, node.mentions, node.documents
            );
            response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &described));
            if response.dragged()
                && let Some(p) = response.interact_pointer_pos()
            {
                layout.pin(i, to_unit(p));
                ui.ctx().request_repaint();
            }
            if response.clicked() {
                clicked = Some(Clicked::Entity(node.entity));
            }
            if response.hovered() {
                node_hovered = Some(i);
                response.on_hover_ui(|ui| {
                    let size = ui.style().text_styles[&egui::TextStyle::Body].size;
                    text::label(ui, &described, size, ui.visuals().text_color());
                });
            }
        }
        // The edge under the pointer, when no node is.
        let edge_hovered = pointer.filter(|_| node_hovered.is_none()).and_then(|p| {
            net.shown(min_weight)
                .enumerate()
                .map(|(k, l)| (k, distance_to_segment(p, at[l.a], at[l.b])))
                .filter(|(_, d)| *d <= EDGE_REACH)
                .min_by(|x, y| x.1.total_cmp(&y.1))
                .map(|(k, _)| k)
        });
        let heaviest = net.heaviest().max(1) as f32;
        let edge_colour = visuals.text_color().gamma_multiply(0.25);
        for (k, link) in net.shown(min_weight).enumerate() {
            let touches = node_hovered.is_some_and(|n| n == link.a || n == link.b);
            let strong = touches || edge_hovered == Some(k);
            let width = 0.8 + 4.0 * link.pair.weight as f32 / heaviest;
            let colour = if strong {
                visuals.selection.stroke.color
            } else {
                edge_colour
            };
            painter.line_segment([at[link.a], at[link.b]], Stroke::new(width, colour));
        }
        let size = ui.style().text_styles[&egui::TextStyle::Body].size * 0.9;
        let named: Vec<_> = net
            .nodes
            .iter()
            .map(|node| name_lines(ui.ctx(), node, size))
            .collect();
        // The names where they cover no other name or node (under the node where there is
        // room), the most mentioned placed first.
        let boxes: Vec<LabelBox> = net
            .nodes
            .iter()
            .zip(&named)
            .enumerate()
            .map(|(i, (node, lines))| LabelBox {
                x: f64::from(at[i].x),
                y: f64::from(at[i].y),
                r: f64::from(radius(node.documents) * zoom.sqrt()),
                w: f64::from(lines.iter().map(|l| l.2).fold(0.0, f32::max)),
                h: f64::from(size * 1.4 * lines.len() as f32),
            })
            .collect();
        let within = (
            f64::from(rect.left()),
            f64::from(rect.top()),
            f64::from(rect.right()),
            f64::from(rect.bottom()),
        );
        let places = place_labels(&boxes, within);
        for (i, node) in net.nodes.iter().enumerate() {
            let fill = kind_color(node.kind, &visuals);
            painter.circle(
                at[i],
                boxes[i].r as f32,
                fill.gamma_multiply(0.85),
                Stroke::new(
                    if node_hovered == Some(i) { 2.5 } else { 1.0 },
                    visuals.text_color(),
                ),
            );
            let (left, top) = places[i];
            let middle = left as f32 + boxes[i].w as f32 / 2.0;
            let mut below = top as f32;
            for (name, size, width) in &named[i] {
                let line = Rect::from_min_size(
                    pos2(middle - width / 2.0, below),
                    vec2(*width, size * 1.5),
                );
                text::paint_line(&painter, name, *size, line, visuals.text_color());
                below += size * 1.4;
            }
        }
        if let Some(k) = edge_hovered
            && let Some(link) = net.shown(min_weight).nth(k)
        {
            let said = net.link_said(link);
            background.clone().on_hover_text(said);
            if background.clicked() {
                clicked = Some(Clicked::Link(link.pair.a, link.pair.b));
            }
        }
        // Pan by dragging the background, zoom by scrolling over it.
        if background.dragged() {
            self.pan += background.drag_delta();
        }
        if background.hovered() {
            // The wheel, Ctrl+wheel or a pinch.
            let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
            let factor = (scroll * 0.002).exp() * pinch;
            if factor != 1.0 {
                let new_zoom = (self.zoom * factor).clamp(0.3, 8.0);
                if let Some(p) = pointer {
                    // The point under the pointer stays under it.
                    let before = p - centre - self.pan;
                    self.pan += before - before * (new_zoom / self.zoom);
                }
                self.zoom = new_zoom;
            }
        }
        if background.double_clicked() {
            self.pan = Vec2::ZERO;
            self.zoom = 1.0;
        }
        painter.text(
            rect.left_bottom() + vec2(4.0, -4.0),
            egui::Align2::LEFT_BOTTOM,
            "Drag a node to move it, the background to pan; scroll to zoom, double-click to reset.",
            egui::FontId::proportional(11.0),
            visuals.weak_text_color(),
        );
        clicked
    }
}

/// A node's names (English, then Arabic), each with its size and width.
fn name_lines<'a>(
    ctx: &egui::Context,
    node: &'a crate::analysis::charts::EntityRow,
    size: f32,
) -> Vec<(&'a str, f32, f32)> {
    [
        (node.name.as_str(), size),
        (node.arabic.as_str(), size * 0.95),
    ]
    .into_iter()
    .filter(|(name, _)| !name.is_empty())
    .map(|(name, size)| (name, size, text::line_width(ctx, name, size) + 4.0))
    .collect()
}

/// How far `p` is from the segment `a`–`b`.
fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = ((p - a).dot(ab) / ab.length_sq().max(1e-6)).clamp(0.0, 1.0);
    (a + ab * t - p).length()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_distance_to_a_segment_is_to_its_nearest_point() {
        let (a, b) = (pos2(0.0, 0.0), pos2(10.0, 0.0));
        assert_eq!(distance_to_segment(pos2(5.0, 3.0), a, b), 3.0);
        assert_eq!(distance_to_segment(pos2(-4.0, 3.0), a, b), 5.0);
    }
}
