//! prepbook's integration tests: one binary, a module per area.
//!
//! Each test runs the real `prepbook` binary on real input (the seeds and public corpus in
//! `../shared`, the sample handbook in `content/`, or documents a test writes to a temp folder)
//! and asserts on what it prints.

mod a11y;
mod anki;
mod check;
mod cli;
mod conformance;
mod declare;
mod export;
mod fidelity;
mod github;
mod hostile;
mod init;
mod install;
mod layout;
mod practice;
mod quiz;
mod sample;
mod search;
mod serve;
mod shapes;
mod site;
mod support;
