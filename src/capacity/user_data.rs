//! `ECS_RESERVED_MEMORY` from the user data of a launch template or launch configuration
//! (ecs-capacity.md §1): the MiB the ECS agent keeps out of what the instance registers.

use crate::model::encoding::base64_decode;
use crate::model::{Resource, Value};

/// The `ECS_RESERVED_MEMORY` the instances launched from `r` set, 0 when the user data does
/// not set it. The user data may be base64 (`base64encode(...)`, as launch templates need) or
/// plain text (launch configurations).
pub fn reserved_memory(r: &Resource) -> Result<u64, String> {
    let value = setting(r, "ECS_RESERVED_MEMORY")
        .map_err(|why| format!("{why}, so `ECS_RESERVED_MEMORY` is unknown"))?;
    Ok(value
        .and_then(|v| {
            v.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .ok()
        })
        .unwrap_or(0))
}

/// The cluster the instances launched from `r` join (`ECS_CLUSTER=` in the user data), when
/// the user data is known and names one.
pub fn cluster(r: &Resource) -> Option<String> {
    setting(r, "ECS_CLUSTER")
        .ok()
        .flatten()
        .filter(|c| !c.is_empty())
}

/// The value of the last `KEY=value` of the agent configuration written by the user data
/// (the agent reads `/etc/ecs/ecs.config` line by line, a later line winning).
fn setting(r: &Resource, key: &str) -> Result<Option<String>, String> {
    let text = match r.get("user_data") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) => s,
        Some(Value::Unknown(u)) => {
            return Err(format!(
                "`user_data` of `{}` is unknown ({})",
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
            "the plan holds only a hash of the `user_data` of `{}` (analyze the Terraform \
             directory to read it)",
            r.address
        ));
    }
    let decoded = decode(text);
    Ok(find(decoded.as_deref().unwrap_or(text), key))
}

/// The text inside base64 user data, when `s` is base64 of UTF-8 text.
fn decode(s: &str) -> Option<String> {
    let compact: String = s.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() || !compact.len().is_multiple_of(4) {
        return None;
    }
    String::from_utf8(base64_decode(&compact).ok()?).ok()
}

/// The last `KEY=value` in `text`: the value up to a quote, space or shell separator.
fn find(text: &str, key: &str) -> Option<String> {
    let needle = format!("{key}=");
    let mut found = None;
    for line in text.lines() {
        let Some(at) = line.find(&needle) else {
            continue;
        };
        // `XECS_CLUSTER=` is another variable.
        if line[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            continue;
        }
        let value: String = line[at + needle.len()..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| !matches!(c, '"' | '\'' | ' ' | '\t' | ';' | '>' | '|' | '&'))
            .collect();
        found = Some(value);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Mode;
    use crate::model::encoding::base64_encode;

    fn lt(user_data: Value) -> Resource {
        let mut r = Resource::new("", Mode::Managed, "aws_launch_template", "lt", None);
        r.values = Value::Object(crate::model::Map::from([(
            "user_data".to_string(),
            user_data,
        )]));
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
        assert_eq!(
            cluster(&lt(Value::String(script.into()))),
            Some("main".into())
        );
        let quoted = "echo \"ECS_CLUSTER=${var}\" >> f\necho 'ECS_CLUSTER=prod' >> f";
        assert_eq!(
            cluster(&lt(Value::String(quoted.into()))),
            Some("prod".into())
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
