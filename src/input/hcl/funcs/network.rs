//! Network: `cidrsubnet`, `cidrhost`, `cidrnetmask`.

use super::Args;
use super::prelude::*;

/// The functions of this family.
pub(super) const NAMES: &[&str] = &["cidrsubnet", "cidrhost", "cidrnetmask"];

/// Calls `name`, one of [`NAMES`].
pub(super) fn call(name: &str, x: &Args<'_>) -> R {
    let a = |i: usize| x.a(i);
    let s = |i: usize| x.s(i);
    match name {
        "cidrsubnet" => cidrsubnet(&s(0)?, to_int(a(1)?)?, to_int(a(2)?)?),
        "cidrhost" => cidrhost(&s(0)?, to_int(a(1)?)?),
        "cidrnetmask" => {
            let (_, len) = parse_cidr(&s(0)?)?;
            let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
            Ok(V::Str(std::net::Ipv4Addr::from(mask).to_string()))
        }
        _ => Ok(V::unknown(format!("function {name} is not supported"))),
    }
}

fn parse_cidr(s: &str) -> Result<(u32, u32), String> {
    let (ip, len) = s
        .split_once('/')
        .ok_or_else(|| format!("invalid CIDR {s:?}"))?;
    let ip: std::net::Ipv4Addr = ip
        .parse()
        .map_err(|_| format!("invalid or IPv6 CIDR {s:?} (only IPv4 is supported)"))?;
    let len: u32 = len.parse().map_err(|_| format!("invalid CIDR {s:?}"))?;
    if len > 32 {
        return Err(format!("invalid CIDR {s:?}"));
    }
    Ok((u32::from(ip), len))
}

pub(super) fn cidrsubnet(prefix: &str, newbits: i64, netnum: i64) -> R {
    let (ip, len) = parse_cidr(prefix)?;
    let nl = len as i64 + newbits;
    if !(0..=32).contains(&nl) || newbits < 0 {
        return Err("cidrsubnet: not enough address bits".into());
    }
    if netnum < 0 || (newbits < 63 && netnum >= (1i64 << newbits)) {
        return Err("cidrsubnet: netnum too large".into());
    }
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    let base = ip & mask;
    let shift = 32 - nl as u32;
    let net = base | ((netnum as u64) << shift) as u32;
    Ok(V::Str(format!("{}/{}", std::net::Ipv4Addr::from(net), nl)))
}

pub(super) fn cidrhost(prefix: &str, hostnum: i64) -> R {
    let (ip, len) = parse_cidr(prefix)?;
    let size = 1i64 << (32 - len);
    let h = if hostnum < 0 { size + hostnum } else { hostnum };
    if h < 0 || h >= size {
        return Err("cidrhost: host number out of range".into());
    }
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    Ok(V::Str(
        std::net::Ipv4Addr::from((ip & mask) | h as u32).to_string(),
    ))
}
