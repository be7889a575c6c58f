//! Hostile input at render: templates that reach for the environment, HTML that borrows the
//! theme's classes or ids, form controls, and inputs that make a library superlinear.
