//! ecsnet: reads Terraform for Amazon ECS and reports, for every ECS service, its network
//! mode, how each container port reaches the outside, and the scaling limits that follow.
//!
//! Data flows one way: [`input`] builds a [`model::Model`] per input; [`ecs`] and
//! [`scaling`] derive facts; [`rules`] raise findings; [`report`] renders.

#![forbid(unsafe_code)]

pub mod capacity;
pub mod ecs;
pub mod finding;
pub mod fsread;
pub mod github;
pub mod gitlab;
pub mod input;
pub mod model;
pub mod options;
pub mod report;
pub mod rules;
pub mod run;
pub mod scaling;
pub mod settings;
