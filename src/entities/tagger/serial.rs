//! The model file: a compact, versioned binary format, small enough to be built into the
//! program with `include_bytes!`.
//!
//! All numbers little-endian:
//!
//! ```text
//! magic      8 bytes  "QARITAG\0"
//! version    u32      1
//! labels     u32      9 (the order of Label::ALL)
//! temperature f32     what scores are divided by before probabilities are taken
//! triggers   u32, then each: length u32, UTF-8 bytes
//! features   u32, then each: length u32, UTF-8 bytes, count u8, then count × (label u8, weight f32)
//! transitions  labels × labels f32 (previous label major)
//! start        labels f32
//! ```
//!
//! Features whose weights are all zero are not written. Reading checks every length against the
//! bytes left, so a cut or corrupt file is an error, never a panic or a huge allocation.

use super::labels::LABEL_COUNT;
use super::model::{FeatureTable, Model};

const MAGIC: &[u8; 8] = b"QARITAG\0";
/// The version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;
const L: usize = LABEL_COUNT;

/// Why bytes are not a model.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelFormatError {
    /// The bytes do not begin with the model magic.
    #[error("not a qari tagger model")]
    NotAModel,
    /// Written by another version of the format.
    #[error("tagger model format version {0}, this qari reads version {FORMAT_VERSION}")]
    Version(u32),
    /// Another label set.
    #[error("tagger model with {0} labels, this qari knows {LABEL_COUNT}")]
    Labels(u32),
    /// The bytes end early, or a length or label is out of range.
    #[error("tagger model cut short or corrupt at byte {0}")]
    Corrupt(usize),
}

impl Model {
    /// The model as bytes (see the module docs for the layout).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        let put_u32 = |out: &mut Vec<u8>, n: usize| {
            out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
        };
        let put_text = |out: &mut Vec<u8>, s: &str| {
            put_u32(out, s.len());
            out.extend_from_slice(s.as_bytes());
        };
        put_u32(&mut out, FORMAT_VERSION as usize);
        put_u32(&mut out, L);
        out.extend_from_slice(&self.temperature.to_le_bytes());
        put_u32(&mut out, self.triggers.len());
        for t in &self.triggers {
            put_text(&mut out, t);
        }
        let mut by_id: Vec<(&str, u32)> = self
            .features
            .iter()
            .filter(|(_, id)| self.row(*id).iter().any(|w| *w != 0.0))
            .collect();
        by_id.sort_by_key(|(_, id)| *id);
        put_u32(&mut out, by_id.len());
        for (f, id) in by_id {
            put_text(&mut out, f);
            let row = self.row(id);
            let nonzero = row.iter().filter(|w| **w != 0.0).count();
            out.push(nonzero as u8);
            for (label, w) in row.iter().enumerate() {
                if *w != 0.0 {
                    out.push(label as u8);
                    out.extend_from_slice(&w.to_le_bytes());
                }
            }
        }
        for w in self.transitions.iter().chain(&self.start) {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    fn row(&self, id: u32) -> &[f32] {
        let at = id as usize * L;
        self.weights.get(at..at + L).unwrap_or(&[])
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelFormatError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len()).ok() != Some(MAGIC.as_slice()) {
            return Err(ModelFormatError::NotAModel);
        }
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(ModelFormatError::Version(version));
        }
        let labels = r.u32()?;
        if labels as usize != L {
            return Err(ModelFormatError::Labels(labels));
        }
        let temperature = r.f32()?;
        if !(temperature.is_finite() && temperature > 0.0) {
            return Err(ModelFormatError::Corrupt(r.at - 4));
        }
        // Each trigger takes at least 4 bytes, each feature at least 5: counts are checked
        // against the bytes left before anything is allocated for them.
        let trigger_count = r.count(4)?;
        let mut triggers = Vec::with_capacity(trigger_count);
        for _ in 0..trigger_count {
            triggers.push(r.text()?);
        }
        let feature_count = r.count(5)?;
        let mut features = FeatureTable::with_capacity(feature_count);
        let mut weights = vec![0.0f32; feature_count * L];
        for id in 0..feature_count {
            let name = r.text()?;
            let nonzero = r.take(1)?[0];
            for _ in 0..nonzero {
                let label = r.take(1)?[0] as usize;
                if label >= L {
                    return Err(ModelFormatError::Corrupt(r.at));
                }
                weights[id * L + label] = r.f32()?;
            }
            if features.insert(name, id as u32).is_some() {
                return Err(ModelFormatError::Corrupt(r.at));
            }
        }
        let mut transitions = Vec::with_capacity(L * L);
        for _ in 0..L * L {
            transitions.push(r.f32()?);
        }
        let mut start = Vec::with_capacity(L);
        for _ in 0..L {
            start.push(r.f32()?);
        }
        if r.at != bytes.len() {
            return Err(ModelFormatError::Corrupt(r.at));
        }
        Ok(Self {
            features,
            weights,
            transitions,
            start,
            triggers,
            temperature,
        })
    }
}

/// A cursor over the bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelFormatError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|end| *end <= self.bytes.len())
            .ok_or(ModelFormatError::Corrupt(self.at))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, ModelFormatError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f32(&mut self) -> Result<f32, ModelFormatError> {
        let b = self.take(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A count of items each at least `min_size` bytes long, refused if they cannot fit.
    fn count(&mut self, min_size: usize) -> Result<usize, ModelFormatError> {
        let at = self.at;
        let n = self.u32()? as usize;
        if n.saturating_mul(min_size) > self.bytes.len() - self.at {
            return Err(ModelFormatError::Corrupt(at));
        }
        Ok(n)
    }

    fn text(&mut self) -> Result<String, ModelFormatError> {
        let at = self.at;
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| ModelFormatError::Corrupt(at))
    }
}
