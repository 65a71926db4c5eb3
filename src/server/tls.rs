//! HTTPS: `serve --tls-cert FILE --tls-key FILE`, PEM, over rustls.
//!
//! The certificate and key are read at start and again on SIGHUP
//! (`auth::reload_on_hangup`); a reload that fails
//! (a half-written file, a key that does not match) keeps the pair in use and logs
//! why. Open connections keep the pair they were made with: a reload drops nobody.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use tokio_rustls::TlsAcceptor;

/// The certificate and key a server presents, and where they are read from.
pub struct Tls {
    acceptor: TlsAcceptor,
    current: Arc<Current>,
    cert: PathBuf,
    key: PathBuf,
}

/// The pair new connections get.
#[derive(Debug)]
struct Current {
    pair: RwLock<Arc<CertifiedKey>>,
}

impl ResolvesServerCert for Current {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.pair.read().expect("tls pair poisoned").clone())
    }
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

impl Tls {
    /// Reads `cert` (a chain, the server's own certificate first) and `key`.
    pub fn load(cert: &Path, key: &Path) -> Result<Self, String> {
        let current = Arc::new(Current {
            pair: RwLock::new(Arc::new(read_pair(cert, key)?)),
        });
        let mut config = rustls::ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map_err(|err| err.to_string())?
            .with_no_client_auth()
            .with_cert_resolver(current.clone());
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Self {
            acceptor: TlsAcceptor::from(Arc::new(config)),
            current,
            cert: cert.to_owned(),
            key: key.to_owned(),
        })
    }

    pub fn acceptor(&self) -> &TlsAcceptor {
        &self.acceptor
    }

    /// Reads the files again; on an error the pair in use stays.
    pub fn reload(&self) -> Result<(), String> {
        let pair = read_pair(&self.cert, &self.key)?;
        *self.current.pair.write().expect("tls pair poisoned") = Arc::new(pair);
        Ok(())
    }
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tls")
            .field("cert", &self.cert)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

fn read_pair(cert: &Path, key: &Path) -> Result<CertifiedKey, String> {
    let cert_pem = std::fs::read(cert)
        .map_err(|err| format!("cannot read --tls-cert {}: {err}", cert.display()))?;
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<_, _>>()
        .map_err(|err| format!("--tls-cert {} is not PEM: {err}", cert.display()))?;
    if chain.is_empty() {
        return Err(format!(
            "--tls-cert {} holds no certificate (want PEM: -----BEGIN CERTIFICATE-----)",
            cert.display()
        ));
    }
    let key_pem = std::fs::read(key)
        .map_err(|err| format!("cannot read --tls-key {}: {err}", key.display()))?;
    let private = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|err| {
        format!(
            "--tls-key {} holds no private key in PEM ({err})",
            key.display()
        )
    })?;
    CertifiedKey::from_der(chain, private, &provider()).map_err(|err| {
        format!(
            "--tls-key {} does not fit --tls-cert {}: {err}",
            key.display(),
            cert.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_pair(dir: &Path) -> (PathBuf, PathBuf) {
        let made = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
        let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
        std::fs::write(&cert, made.cert.pem()).unwrap();
        std::fs::write(&key, made.signing_key.serialize_pem()).unwrap();
        (cert, key)
    }

    #[test]
    fn a_reload_that_fails_keeps_the_pair_in_use_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let (cert, key) = write_pair(dir.path());
        let tls = Tls::load(&cert, &key).unwrap();
        let before = tls.current.pair.read().unwrap().clone();

        std::fs::write(&cert, "half a file").unwrap();
        let err = tls.reload().unwrap_err();
        assert!(err.contains("holds no certificate"), "{err}");
        // Another pair's key does not fit this certificate.
        let other = tempfile::tempdir().unwrap();
        let (other_cert, _) = write_pair(other.path());
        std::fs::copy(&other_cert, &cert).unwrap();
        let err = tls.reload().unwrap_err();
        assert!(err.contains("does not fit"), "{err}");
        assert!(Arc::ptr_eq(&before, &tls.current.pair.read().unwrap()));

        write_pair(dir.path());
        tls.reload().unwrap();
        assert!(!Arc::ptr_eq(&before, &tls.current.pair.read().unwrap()));
    }
}
