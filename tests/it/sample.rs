//! The sample handbook in `content/`: every shape it shows is understood.
