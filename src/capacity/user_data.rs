//! `ECS_RESERVED_MEMORY` from the user data of a launch template or launch configuration
//! (ecs-capacity.md §1): the MiB the ECS agent keeps out of what the instance registers.

use crate::model::encoding::base64_decode;
use crate::model::{Resource, Value};

/// The `ECS_RESERVED_MEMORY` the instances launched from `r` set, 0 when the user data does
/// not set it. The user data may be base64 (`base64encode(...)`, as launch templates need) or
/// plain text (launch configurations).
pub fn reserved_memory(r: &Resource) -> Result<u64, String> {
    let text = match r.get("user_data") {
        None | Some(Value::Null) => return Ok(0),
        Some(Value::String(s)) => s,
        Some(Value::Unknown(u)) => {
            return Err(format!(
                "`user_data` of `{}` is unknown ({}), so `ECS_RESERVED_MEMORY` is",
                r.address, u.reason
            ));
        }
        Some(_) => return Err(format!("`user_data` of `{}` is not a string", r.address)),
    };
    // The provider stores a launch configuration's user data as its SHA-1 in plans and state.
    if r.rtype == "aws_launch_configuration"
        && text.len() == 40
        && text.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return Err(format!(
            "the plan holds only a hash of the `user_data` of `{}`, so `ECS_RESERVED_MEMORY` is \
             unknown (analyze the Terraform directory to read it)",
            r.address
        ));
    }
    let decoded = decode(text);
    Ok(find(decoded.as_deref().unwrap_or(text)).unwrap_or(0))
}

/// The text inside base64 user data, when `s` is base64 of UTF-8 text.
fn decode(s: &str) -> Option<String> {
    let compact: String = s.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() || !compact.len().is_multiple_of(4) {
        return None;
    }
    String::from_utf8(base64_decode(&compact).ok()?).ok()
}

/// The last `ECS_RESERVED_MEMORY=N` assignment (the agent reads `/etc/ecs/ecs.config` line by
/// line, a later line winning).
fn find(text: &str) -> Option<u64> {
    let mut found = None;
    for line in text.lines() {
        let Some(at) = line.find("ECS_RESERVED_MEMORY=") else {
            continue;
        };
        let rest = &line[at + "ECS_RESERVED_MEMORY=".len()..];
        let digits: String = rest
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let Ok(n) = digits.parse() {
            found = Some(n);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Mode;
    use crate::model::encoding::base64_encode;
    use std::collections::BTreeMap;

    fn lt(user_data: Value) -> Resource {
        let mut r = Resource::new("", Mode::Managed, "aws_launch_template", "lt", None);
        r.values = Value::Object(BTreeMap::from([("user_data".to_string(), user_data)]));
        r
    }

    #[test]
    fn reads_plain_and_base64() {
        let script = "#!/bin/bash\necho ECS_CLUSTER=main >> /etc/ecs/ecs.config\necho 'ECS_RESERVED_MEMORY=256' >> /etc/ecs/ecs.config\n";
        assert_eq!(reserved_memory(&lt(Value::String(script.into()))), Ok(256));
        let b64 = base64_encode(script.as_bytes());
        assert_eq!(reserved_memory(&lt(Value::String(b64))), Ok(256));
        assert_eq!(
            reserved_memory(&lt(Value::String("#!/bin/bash\necho hi\n".into()))),
            Ok(0)
        );
    }

    #[test]
    fn unknown_and_hashed() {
        assert!(reserved_memory(&lt(Value::unknown("known after apply"))).is_err());
        let mut lc = lt(Value::String(
            "0123456789abcdef0123456789abcdef01234567".into(),
        ));
        lc.rtype = "aws_launch_configuration".into();
        assert!(reserved_memory(&lc).unwrap_err().contains("hash"));
    }
}
