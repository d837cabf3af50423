//! Where the time of `qari entities` goes, on texts already in memory: folding
//! ([`qari::text::compact::normalize_compact`]) and the register's matcher
//! ([`qari::entities::Matcher::find`], which folds too), one thread, best of five runs. The
//! whole-run comparison with ripgrep is `cargo bench --bench entities`; this one leaves out
//! reading files, threads and output, so its figures move less on a shared machine.
//!
//!     cargo run --release --example scan_speed -- DIR REGISTER.tsv

use std::time::Instant;

use qari::entities::{Matcher, Register};
use qari::text::FoldOptions;
use qari::text::compact::normalize_compact;

fn best_of_five(mut run: impl FnMut() -> usize) -> (f64, usize) {
    let mut best = f64::MAX;
    let mut out = 0;
    for _ in 0..5 {
        let start = Instant::now();
        out = run();
        best = best.min(start.elapsed().as_secs_f64());
    }
    (best, out)
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let (Some(dir), Some(register)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: scan_speed DIR REGISTER.tsv");
    };
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(&dir)? {
        texts.push(std::fs::read_to_string(entry?.path())?);
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let start = Instant::now();
    let matcher = Matcher::new(
        &Register::read_tsv(register.as_ref())?,
        FoldOptions::default(),
    );
    let build = start.elapsed().as_secs_f64();
    let (fold, folded) = best_of_five(|| {
        texts
            .iter()
            .map(|t| normalize_compact(t, FoldOptions::default()).bytes.len())
            .sum()
    });
    let (find, mentions) = best_of_five(|| texts.iter().map(|t| matcher.find(t).len()).sum());
    println!(
        "{} texts, {:.0} MB: build {build:.3} s; fold {fold:.3} s ({folded} folded bytes); \
         fold and find {find:.3} s ({mentions} mentions); find alone {:.3} s",
        texts.len(),
        bytes as f64 / 1e6,
        find - fold
    );
    Ok(())
}
