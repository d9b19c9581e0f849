//! Plate geometry in frame coordinates: axis-aligned boxes and four-corner quadrilaterals.

use serde::{Deserialize, Serialize};

/// A point in frame pixel coordinates (x to the right, y down).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Point {
    /// Horizontal coordinate in pixels.
    pub x: f32,
    /// Vertical coordinate in pixels.
    pub y: f32,
}

impl Point {
    /// A point at `(x, y)`.
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }
}

/// An axis-aligned box `[x1, y1, x2, y2]` in frame pixels (`x1 ≤ x2`, `y1 ≤ y2`).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct BBox {
    /// Left edge.
    pub x1: f32,
    /// Top edge.
    pub y1: f32,
    /// Right edge.
    pub x2: f32,
    /// Bottom edge.
    pub y2: f32,
}

impl BBox {
    /// A box from its edges; the edges are sorted so that the box is never inverted.
    pub fn new(x1: f32, y1: f32, x2: f32, y2: f32) -> Self {
        Self { x1: x1.min(x2), y1: y1.min(y2), x2: x1.max(x2), y2: y1.max(y2) }
    }

    /// Width in pixels.
    pub fn width(&self) -> f32 {
        self.x2 - self.x1
    }

    /// Height in pixels.
    pub fn height(&self) -> f32 {
        self.y2 - self.y1
    }

    /// Area in square pixels.
    pub fn area(&self) -> f32 {
        self.width().max(0.0) * self.height().max(0.0)
    }

    /// The centre point.
    pub fn center(&self) -> Point {
        Point::new((self.x1 + self.x2) * 0.5, (self.y1 + self.y2) * 0.5)
    }

    /// Intersection over union with another box (0 when either is empty).
    pub fn iou(&self, other: &BBox) -> f32 {
        let ix = (self.x2.min(other.x2) - self.x1.max(other.x1)).max(0.0);
        let iy = (self.y2.min(other.y2) - self.y1.max(other.y1)).max(0.0);
        let inter = ix * iy;
        let union = self.area() + other.area() - inter;
        if union <= 0.0 { 0.0 } else { inter / union }
    }
}

/// A plate quadrilateral: corners clockwise from the top-left (top-left, top-right, bottom-right, bottom-left).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Quad(pub [Point; 4]);

impl Quad {
    /// The quadrilateral of an axis-aligned box.
    pub fn from_bbox(b: &BBox) -> Self {
        Quad([Point::new(b.x1, b.y1), Point::new(b.x2, b.y1), Point::new(b.x2, b.y2), Point::new(b.x1, b.y2)])
    }

    /// The smallest axis-aligned box holding all four corners.
    pub fn bbox(&self) -> BBox {
        let xs = self.0.iter().map(|p| p.x);
        let ys = self.0.iter().map(|p| p.y);
        BBox::new(
            xs.clone().fold(f32::INFINITY, f32::min),
            ys.clone().fold(f32::INFINITY, f32::min),
            xs.fold(f32::NEG_INFINITY, f32::max),
            ys.fold(f32::NEG_INFINITY, f32::max),
        )
    }

    /// The quadrilateral grown along its own axes: `fx` of its width added on each side of the left and right
    /// edges, `fy` of its height above and below (negative shrinks). Perspective stays as it was.
    pub fn grown(&self, fx: f32, fy: f32) -> Self {
        let [tl, tr, br, bl] = self.0;
        let along = |a: Point, b: Point, f: f32| {
            let (dx, dy) = ((b.x - a.x) * f, (b.y - a.y) * f);
            (Point::new(a.x - dx, a.y - dy), Point::new(b.x + dx, b.y + dy))
        };
        let (tl, tr) = along(tl, tr, fx);
        let (bl, br) = along(bl, br, fx);
        let (tl, bl) = along(tl, bl, fy);
        let (tr, br) = along(tr, br, fy);
        Quad([tl, tr, br, bl])
    }

    /// Every corner moved by `(dx, dy)`.
    pub fn translated(&self, dx: f32, dy: f32) -> Self {
        Quad(self.0.map(|p| Point::new(p.x + dx, p.y + dy)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growing_keeps_the_centre_and_scales_each_axis() {
        let q = Quad::from_bbox(&BBox::new(10.0, 20.0, 110.0, 40.0));
        assert_eq!(q.grown(0.1, 0.25), Quad::from_bbox(&BBox::new(0.0, 15.0, 120.0, 45.0)));
        assert_eq!(q.grown(0.0, 0.0), q);
        // A sheared quad grows along its own edges.
        let sheared =
            Quad([Point::new(0.0, 0.0), Point::new(100.0, 10.0), Point::new(100.0, 30.0), Point::new(0.0, 20.0)]);
        let g = sheared.grown(0.1, 0.0);
        assert_eq!(g.0[0], Point::new(-10.0, -1.0));
        assert_eq!(g.0[1], Point::new(110.0, 11.0));
    }

    #[test]
    fn iou_of_identical_and_disjoint_boxes() {
        let a = BBox::new(0.0, 0.0, 10.0, 10.0);
        assert!((a.iou(&a) - 1.0).abs() < 1e-6);
        assert_eq!(a.iou(&BBox::new(20.0, 20.0, 30.0, 30.0)), 0.0);
        let half = BBox::new(5.0, 0.0, 15.0, 10.0);
        assert!((a.iou(&half) - 50.0 / 150.0).abs() < 1e-6);
    }

    #[test]
    fn inverted_box_is_normalised() {
        let b = BBox::new(10.0, 8.0, 2.0, 1.0);
        assert_eq!((b.x1, b.y1, b.x2, b.y2), (2.0, 1.0, 10.0, 8.0));
    }

    #[test]
    fn quad_bbox_round_trip() {
        let b = BBox::new(1.0, 2.0, 30.0, 12.0);
        assert_eq!(Quad::from_bbox(&b).bbox(), b);
    }
}
