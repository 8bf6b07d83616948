//! Helpers shared by integration tests.

pub(crate) mod fake_github;
