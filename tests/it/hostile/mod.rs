//! A shared handbook repository is hostile input: each attack a test, run against the real binary.
//!
//! Every test builds (or serves) a handbook that a malicious co-author could commit, then searches
//! the output and what was printed for the secret, or checks that the folder still exists. Each one
//! failed before the fix it guards.

mod edge;
mod load;
mod render;
