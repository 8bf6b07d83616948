//! ecsnet: reads Terraform for Amazon ECS and reports, for every ECS service, its network
//! mode, how each container port reaches the outside, and the scaling limits that follow.
//!
//! Data flows one way (docs/architecture.md): [`input`] builds a [`model::Model`] per input;
//! [`pipeline`] runs [`ecs`], [`scaling`] (with [`capacity`]) and [`rules`] over it; [`report`]
//! copies the results into the JSON contract and renders it.

#![deny(unsafe_code)]

pub mod capacity;
pub mod ecs;
pub mod finding;
pub mod fsread;
pub mod github;
pub mod gitlab;
pub mod input;
pub mod model;
pub mod options;
pub mod par;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod run;
pub mod scaling;
pub mod settings;
