//! Hostile input at load: symlinks out of the content folder, special files, config and front
//! matter that must be named, never quoted, and deep YAML.
