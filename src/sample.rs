//! The bundled sample corpus: the two seed articles of `assets/sample/`, built into the binary
//! so an installed qari has them too. On first use they are written to the user's data folder
//! (`$XDG_DATA_HOME/qari/sample`, or `QARI_DATA_DIR/sample`), where the sample's project file can
//! be saved without touching the installation.

use std::path::PathBuf;

/// Environment variable that overrides the data folder.
pub const DATA_DIR_ENV: &str = "QARI_DATA_DIR";

/// The sample articles: file name and contents.
pub const ARTICLES: &[(&str, &str)] = &[
    (
        "000_05eb89a420704b8c.txt",
        include_str!("../assets/sample/000_05eb89a420704b8c.txt"),
    ),
    (
        "004_fca03b7ec2a77179.txt",
        include_str!("../assets/sample/004_fca03b7ec2a77179.txt"),
    ),
];

/// The sample folder, written on first use. Articles already there are left as they are.
pub fn sample_folder() -> std::io::Result<PathBuf> {
    let base = match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) => PathBuf::from(dir),
        None => dirs::data_dir()
            .map(|d| d.join("qari"))
            .ok_or_else(|| std::io::Error::other("no data folder for the sample corpus"))?,
    };
    let folder = base.join("sample");
    std::fs::create_dir_all(&folder)?;
    for (name, text) in ARTICLES {
        let path = folder.join(name);
        if !path.exists() {
            crate::project::save::write_atomic(&path, text.as_bytes())?;
        }
    }
    Ok(folder)
}
