//! The listening address: whether it reaches beyond this machine, and how clients are told it.

/// Whether `host` only reaches this machine (`127.0.0.1`, `::1`, `localhost`).
pub(super) fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The host clients are told to use: loopback for "all interfaces", brackets for IPv6.
pub(super) fn shown_host(host: &str) -> String {
    match host.trim_matches(['[', ']']).parse::<std::net::IpAddr>() {
        Ok(ip) if ip.is_unspecified() && ip.is_ipv4() => "127.0.0.1".into(),
        Ok(ip) if ip.is_unspecified() => "[::1]".into(),
        Ok(std::net::IpAddr::V6(ip)) => format!("[{ip}]"),
        _ => host.to_string(),
    }
}
