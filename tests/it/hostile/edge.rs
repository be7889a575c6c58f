//! Hostile input at the edge: output folders that would delete the repository, `serve`'s base path,
//! Host and header limits, file names in messages, reserved and over-long names, exit codes.
