//! The auth file (`serve --auth FILE`, written by `evbus auth`): named tokens and their
//! rights. It holds SHA-256 hashes of the tokens, never the tokens: a token is 32
//! random bytes, so a fast hash is enough, and a leaked file lets nobody in.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::api::rights::Rights;

/// What a token looks like: `evb_` and 43 characters of base64url.
pub const TOKEN_PREFIX: &str = "evb_";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthFile {
    #[serde(default)]
    pub tokens: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub name: String,
    /// `sha256:` and the hex digest of the token.
    pub hash: String,
    #[serde(flatten)]
    pub rights: Rights,
    pub created: String,
}

/// The hash the file keeps of `token`.
pub fn hash(token: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, token.as_bytes());
    format!("sha256:{}", crate::bus::ids::hex(digest.as_ref()))
}

/// A new token from the system's secure random source.
pub fn new_token() -> String {
    crate::bus::ids::random_secret(TOKEN_PREFIX)
}

impl AuthFile {
    /// The file at `path`, checked: names unique, hashes well-formed, rights valid. A
    /// missing file is an empty one when `missing_is_empty` (for `auth add`).
    pub fn load(path: &Path, missing_is_empty: bool) -> Result<Self, String> {
        let text = match std::fs::read(path) {
            Ok(text) => text,
            Err(err) if missing_is_empty && err.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self::default());
            }
            Err(err) => {
                return Err(format!(
                    "cannot read the auth file {}: {err}",
                    path.display()
                ));
            }
        };
        let file: Self = serde_json::from_slice(&text)
            .map_err(|err| format!("the auth file {} is not valid: {err}", path.display()))?;
        let mut names = std::collections::HashSet::new();
        for entry in &file.tokens {
            if !names.insert(entry.name.as_str()) {
                return Err(format!(
                    "the auth file {} names token '{}' twice",
                    path.display(),
                    entry.name
                ));
            }
            let hex = entry.hash.strip_prefix("sha256:").unwrap_or_default();
            if hex.len() != 64 || !hex.bytes().all(|byte| byte.is_ascii_hexdigit()) {
                return Err(format!(
                    "token '{}' in {} has no sha256 hash: write entries with `evbus auth add`",
                    entry.name,
                    path.display()
                ));
            }
            entry
                .rights
                .validate()
                .map_err(|err| format!("token '{}' in {}: {err}", entry.name, path.display()))?;
        }
        Ok(file)
    }

    /// Writes the file owner-only, replacing it atomically.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        write_private_json(path, self)
    }
}

/// Writes `value` as pretty JSON to `path`, readable by the owner only, replacing the
/// file atomically (a file beside it, synced, then renamed over it): for files that hold
/// tokens, this one and `evbus context`'s.
pub fn write_private_json(path: &Path, value: &impl Serialize) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut text = serde_json::to_vec_pretty(value).map_err(std::io::Error::other)?;
    text.push(b'\n');
    let part = path.with_extension("part");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&part)?;
    file.write_all(&text)?;
    file.sync_all()?;
    std::fs::rename(&part, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hashes_are_kept() {
        let (one, two) = (new_token(), new_token());
        assert_ne!(one, two);
        assert!(one.starts_with(TOKEN_PREFIX) && one.len() == TOKEN_PREFIX.len() + 43);
        assert_eq!(hash(&one), hash(&one));
        assert_ne!(hash(&one), hash(&two));
        assert!(!hash(&one).contains(&one[TOKEN_PREFIX.len()..]));
    }
}
