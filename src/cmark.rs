//! The pulldown-cmark options of every markdown parse in prepbook (parsing, rendering,
//! indexing), in one place, so what the parser counts is what the page shows and search finds.

use pulldown_cmark::Options;

/// Tables, footnotes, strikethrough and task lists: GitHub's markdown as prep notes use it.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}
